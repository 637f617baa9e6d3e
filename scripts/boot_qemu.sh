#!/usr/bin/env bash
# Builds the guest (//:guest_full, //:rootfs) and boots it under
# qemu-system-ppc -M bamboo (see tests/guest/boot_qemu.sh for the options).
#
#   scripts/boot_qemu.sh                                       interactive shell
#   scripts/boot_qemu.sh --run /usr/bin/pvppc-guest-tests      the guest test suite
#   scripts/boot_qemu.sh --quiet --run /bin/true               boot-to-init time
#
# BAZEL overrides the bazel command (e.g. "bazel --output_base=/tmp/b"),
# BAZEL_BUILD_FLAGS adds build flags (e.g. "--symlink_prefix=/").
set -euo pipefail
cd "$(dirname "$0")/.."
bazel_cmd=(${BAZEL:-bazel})
# shellcheck disable=SC2086
"${bazel_cmd[@]}" build ${BAZEL_BUILD_FLAGS:-} //:guest_full //:rootfs >&2
bin="$("${bazel_cmd[@]}" info bazel-bin 2>/dev/null)"
exec tests/guest/boot_qemu.sh --kernel "$bin/guest/linux_full/vmlinux" --initrd "$bin/guest/rootfs.cpio" "$@"
