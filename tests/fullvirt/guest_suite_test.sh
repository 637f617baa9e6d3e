#!/usr/bin/env bash
# Boots a guest kernel (//:guest_full or //:guest_pv; the kernel's ELF note
# picks the machine) with //:rootfs on pvppc and runs the guest test suite
# inside it: every check must pass, the guest must
# reboot cleanly (status 0), and the exit statistics must be written.
set -u
PVPPC=$1 KERNEL=$2 ROOTFS=$3
OUT=${TEST_UNDECLARED_OUTPUTS_DIR:-$(mktemp -d)}
"$PVPPC" run --kernel "$KERNEL" --initrd "$ROOTFS" \
  --append "pvppc.run=/usr/bin/pvppc-guest-tests" \
  --timeout 600 --stats-json "$OUT/stats.json" </dev/null >"$OUT/console.log" 2>"$OUT/pvppc.log"
status=$?
cat "$OUT/console.log" | tail -40
cat "$OUT/pvppc.log"
fail=0
if [[ $status -ne 0 ]]; then echo "FAIL: pvppc exit status $status (want 0)"; fail=1; fi
if ! grep -qE "^[0-9]+ passed, 0 failed" "$OUT/console.log"; then
  echo "FAIL: the guest suite did not report '<N> passed, 0 failed'"
  fail=1
fi
if ! grep -q "pvppc-guest: exit status 0" "$OUT/console.log"; then
  echo "FAIL: the suite's exit status was not 0"
  fail=1
fi
if ! grep -q '"total_exits"' "$OUT/stats.json"; then
  echo "FAIL: no exit statistics JSON"
  fail=1
fi
exit $fail
