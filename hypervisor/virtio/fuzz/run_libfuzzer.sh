#!/usr/bin/env bash
# Builds the descriptor-parsing fuzz target with clang's libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer, and fuzzes it. Debian's clang-14 carries libFuzzer.
#   hypervisor/virtio/fuzz/run_libfuzzer.sh [SECONDS]   (default 60)
# Crashes are written to the working directory (crash-*); the corpus lives in
# $PVPPC_FUZZ_CORPUS (default /tmp/pvppc-descriptor-chain-corpus).
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-60}
out=${PVPPC_FUZZ_OUT:-/tmp/pvppc-descriptor-chain-fuzzer}
corpus=${PVPPC_FUZZ_CORPUS:-/tmp/pvppc-descriptor-chain-corpus}
mkdir -p "$corpus"
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -I. hypervisor/virtio/fuzz/descriptor_chain_fuzz_target.cc \
  hypervisor/virtio/descriptor_chain.cc hypervisor/virtio/virtqueue.cc -o "$out"
"$out" -max_total_time="$seconds" -max_len=8200 "$corpus"
