#!/usr/bin/env bash
# Guest-to-host TCP throughput through virtio-net and libslirp: the PV and
# full guests stream MEBIBYTES with busybox nc to a sink on host loopback
# (tcp_sink.py); the anchor is the host sending the same bytes to the same
# sink over loopback in the same run. Exits per frame (virtio-net requests:
# frames sent plus received) beyond a boot that runs /bin/true.
#
#   bazel run -c opt //bench/virtio:tcp_bench [-- MEBIBYTES]
set -eu
PVPPC=$1 KERNEL_PV=$2 KERNEL_FULL=$3 ROOTFS=$4 SINK=$5
MIB=${6:-32}
OUT=$(mktemp -d)
BYTES=$((MIB << 20))
exits() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total_exits"])' "$1"; }
# Virtio notifications: MMIO accesses (QueueNotify, InterruptStatus/ACK) and
# external interrupts.
notes() { python3 -c 'import json,sys; print(sum(e["count"] for e in json.load(open(sys.argv[1]))["exits"] if e["category"] == "mmio" or e["name"] == "external-input"))' "$1"; }
start_sink() {  # NAME: the sink in the background, its port in $port
  rm -f "$OUT/$1.port"
  python3 "$SINK" "$BYTES" "$OUT/$1.port" >"$OUT/$1.sink" &
  sink=$!
  for ((i = 0; i < 50; i++)); do [[ -s $OUT/$1.port ]] && break; sleep 0.1; done
  port=$(cat "$OUT/$1.port")
}
rate() { sed -n 's/.*MBps //p' "$OUT/$1.sink"; }

start_sink host
python3 "$SINK" --send "$port" "$BYTES"
wait $sink
for machine in pv full; do
  kernel=$KERNEL_PV; [[ $machine == full ]] && kernel=$KERNEL_FULL
  start_sink $machine
  "$PVPPC" run --kernel "$kernel" --initrd "$ROOTFS" --net user --quiet --timeout 900 \
    --append "pvppc.run=/usr/bin/pvppc-tcp-bench,$port,$MIB" \
    --stats-json "$OUT/$machine.json" </dev/null >"$OUT/$machine.log" 2>&1
  wait $sink
  "$PVPPC" run --kernel "$kernel" --initrd "$ROOTFS" --net user --quiet --timeout 900 \
    --append "pvppc.run=/bin/true" --stats-json "$OUT/$machine-base.json" </dev/null >/dev/null 2>&1
done

printf '%-26s %10s %10s %10s %10s %10s\n' "TCP to host ($MIB MiB)" host pv-guest full-guest pv/host full/host
h=$(rate host) p=$(rate pv) u=$(rate full)
printf '%-26s %10s %10s %10s %10s %10s\n' MBps "$h" "$p" "$u" \
  "$(python3 -c "print(f'{$p/$h:.4f}')")" "$(python3 -c "print(f'{$u/$h:.4f}')")"
for machine in pv full; do
  frames=$(tr -d '\r' <"$OUT/$machine.log" | sed -n 's/^tcp-bench: packets //p')
  e=$(( $(exits "$OUT/$machine.json") - $(exits "$OUT/$machine-base.json") ))
  n=$(( $(notes "$OUT/$machine.json") - $(notes "$OUT/$machine-base.json") ))
  printf '%s guest: %s frames, %s exits beyond a plain boot: %s exits per frame, %s of them virtio notifications (MMIO + interrupts)\n' \
    "$machine" "$frames" "$e" "$(python3 -c "print(f'{$e/$frames:.2f}')")" "$(python3 -c "print(f'{$n/$frames:.3f}')")"
done
echo "logs in $OUT"
