#!/usr/bin/env bash
# virtio-blk throughput, guest vs host on the same image file:
# pvppc-blk-bench on the host (the image file) and in the PV and full guests
# (/dev/vda on that image), plus exits per request from pvppc's statistics
# (the benchmark run's exits minus a boot that runs /bin/true).
#
#   bazel run -c opt //bench/virtio:blk_bench [-- MEBIBYTES SECONDS]
# The image goes to $PVPPC_BENCH_DIR (default: a directory under $HOME, a
# real disk: O_DIRECT does not work on tmpfs).
set -eu
PVPPC=$1 KERNEL_PV=$2 KERNEL_FULL=$3 ROOTFS=$4 HOST_BENCH=$5
MIB=${6:-64} SECONDS_EACH=${7:-3}
DIR=${PVPPC_BENCH_DIR:-$HOME/.cache/pvppc/bench}
mkdir -p "$DIR"
IMG=$DIR/blk-bench.img
rm -f "$IMG"; truncate -s $((MIB + 16))M "$IMG"
OUT=$(mktemp -d)

field() { sed -n "s/^blk-bench: $1 //p" "$2" | tr -d '\r' | head -1; }
exits() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total_exits"])' "$1"; }
# The virtio part: MMIO accesses (QueueNotify, InterruptStatus/ACK) per request.
mmio() { python3 -c 'import json,sys; print(sum(e["count"] for e in json.load(open(sys.argv[1]))["exits"] if e["category"] == "mmio"))' "$1"; }

"$HOST_BENCH" "$IMG" "$MIB" "$SECONDS_EACH" >"$OUT/host.log"
for machine in pv full; do
  kernel=$KERNEL_PV; [[ $machine == full ]] && kernel=$KERNEL_FULL
  "$PVPPC" run --kernel "$kernel" --initrd "$ROOTFS" --disk "$IMG" --quiet --timeout 600 \
    --append "pvppc.run=/usr/bin/pvppc-blk-bench,/dev/vda,$MIB,$SECONDS_EACH" \
    --stats-json "$OUT/$machine.json" </dev/null >"$OUT/$machine.log" 2>&1
  "$PVPPC" run --kernel "$kernel" --initrd "$ROOTFS" --disk "$IMG" --quiet --timeout 600 \
    --append "pvppc.run=/bin/true" --stats-json "$OUT/$machine-base.json" </dev/null >/dev/null 2>&1
done

printf '%-22s %12s %12s %12s %10s %10s\n' "virtio-blk ($MIB MiB)" host pv-guest full-guest pv/host full/host
for f in seq_write_MBps seq_read_MBps rand_read_4k_iops rand_write_4k_iops; do
  h=$(field $f "$OUT/host.log"); p=$(field $f "$OUT/pv.log"); u=$(field $f "$OUT/full.log")
  printf '%-22s %12s %12s %12s %10s %10s\n' "$f" "$h" "$p" "$u" \
    "$(python3 -c "print(f'{$p/$h:.3f}')")" "$(python3 -c "print(f'{$u/$h:.3f}')")"
done
for machine in pv full; do
  req=$(field requests "$OUT/$machine.log")
  e=$(( $(exits "$OUT/$machine.json") - $(exits "$OUT/$machine-base.json") ))
  m=$(( $(mmio "$OUT/$machine.json") - $(mmio "$OUT/$machine-base.json") ))
  printf '%s guest: %s requests, %s exits beyond a plain boot: %s exits per request, %s of them MMIO\n' \
    "$machine" "$req" "$e" "$(python3 -c "print(f'{$e/$req:.1f}')")" "$(python3 -c "print(f'{$m/$req:.2f}')")"
done

# Streaming: 4 processes, 4 MiB O_DIRECT calls (split by the guest into
# requests of at most 126 segments), on the PV guest; requests counted by the
# guest's /sys/block/vda/stat. Notifications: MMIO accesses plus external
# interrupts (each used-buffer interrupt costs 5 exits: the interrupt,
# iack, InterruptStatus, InterruptACK, eoi).
notes() { python3 -c 'import json,sys; print(sum(e["count"] for e in json.load(open(sys.argv[1]))["exits"] if e["category"] == "mmio" or e["name"] == "external-input"))' "$1"; }
"$PVPPC" run --kernel "$KERNEL_PV" --initrd "$ROOTFS" --disk "$IMG" --quiet --timeout 600 \
  --append "pvppc.run=/usr/bin/pvppc-blk-bench,/dev/vda,$MIB,1,4,4096" \
  --stats-json "$OUT/stream.json" </dev/null >"$OUT/stream.log" 2>&1
req=$(field requests "$OUT/stream.log")
e=$(( $(exits "$OUT/stream.json") - $(exits "$OUT/pv-base.json") ))
n=$(( $(notes "$OUT/stream.json") - $(notes "$OUT/pv-base.json") ))
printf 'pv streaming (4 jobs x 4 MiB O_DIRECT): write %s MB/s, read %s MB/s, %s requests, %s exits per request, %s notifications per request\n' \
  "$(field stream_write_MBps "$OUT/stream.log")" "$(field stream_read_MBps "$OUT/stream.log")" "$req" \
  "$(python3 -c "print(f'{$e/$req:.1f}')")" "$(python3 -c "print(f'{$n/$req:.2f}')")"
echo "host O_DIRECT: $(field o_direct "$OUT/host.log"); logs in $OUT"
rm -f "$IMG"
