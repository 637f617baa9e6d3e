#!/usr/bin/env bash
# A virtio-blk backend process killed mid-write (SIGKILL): the VM survives,
# the guest sees I/O errors, a restarted pvppc-blk reattaches and serves the
# disk again, and after the run e2fsck finds the ext4 image consistent
# (journal recovery allowed: -p first, then -n must find nothing).
#
#   backend_crash_test.sh PVPPC PVPPC_BLK KERNEL ROOTFS
set -u
PVPPC=$1 BLK=$2 KERNEL=$3 ROOTFS=$4
export PATH=$PATH:/usr/sbin:/sbin
OUT=${TEST_UNDECLARED_OUTPUTS_DIR:-$(mktemp -d)}
WORK=${TEST_TMPDIR:-$(mktemp -d)}
CHANNEL=pvppc-crash-test-$$
IMG=$WORK/crash.img
fail=0
FAIL() { echo "FAIL: $*"; fail=1; }
wait_for() {  # wait_for PATTERN SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    tr -d '\r' <"$OUT/console.log" | grep -q "$1" && return 0
    sleep 0.1
  done
  return 1
}

rm -f "$IMG"; truncate -s 64M "$IMG"; mkfs.ext4 -q -F "$IMG" || exit 1
"$BLK" --channel "$CHANNEL" --disk "$IMG" 2>"$OUT/blk1.log" &
blk1=$!
"$PVPPC" run --kernel "$KERNEL" --initrd "$ROOTFS" --disk-backend "$CHANNEL" \
  --append "pvppc.run=/usr/bin/pvppc-disk-test,stream,/dev/vda" --timeout 300 --quiet \
  </dev/null >"$OUT/console.log" 2>"$OUT/pvppc.log" &
vm=$!

wait_for "disk-test: streaming" 120 || FAIL "the guest never started writing"
sleep 2
kill -KILL $blk1 && echo "killed backend $blk1 mid-write"
wait $blk1 2>/dev/null
wait_for "disk-test: io-error" 60 && echo "guest: $(tr -d '\r' <"$OUT/console.log" | grep -m1 'disk-test: io-error')" ||
  FAIL "the guest saw no I/O error"
kill -0 $vm 2>/dev/null && echo "the VM is still running" || FAIL "the VM died with its backend"

"$BLK" --channel "$CHANNEL" --disk "$IMG" 2>"$OUT/blk2.log" &
blk2=$!
wait_for "disk-test: reattached" 60 && echo "guest: $(tr -d '\r' <"$OUT/console.log" | grep -m1 'disk-test: reattached')" ||
  FAIL "the restarted backend did not serve the guest"
wait $vm
status=$?
wait $blk2
tr -d '\r' <"$OUT/console.log" | grep -m3 'I/O error' | sed 's/^/guest kernel: /'
[[ $status -eq 0 ]] || { FAIL "pvppc exit status $status"; cat "$OUT/pvppc.log"; }
grep -q 'virtio-blk backend process' "$OUT/pvppc.log" || true

e2fsck -fp "$IMG" >"$OUT/e2fsck-p.log" 2>&1
p=$?
echo "e2fsck -fp (journal recovery): exit $p"
[[ $p -le 1 ]] || { FAIL "e2fsck -fp exit $p"; cat "$OUT/e2fsck-p.log"; }
if e2fsck -fn "$IMG" >"$OUT/e2fsck-n.log" 2>&1; then echo "e2fsck -fn: clean"; else
  FAIL "e2fsck -fn after recovery"; cat "$OUT/e2fsck-n.log"; fi
[[ -e /dev/shm/$CHANNEL ]] && FAIL "the channel /dev/shm/$CHANNEL was left behind"

[[ $fail -eq 0 ]] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $fail
