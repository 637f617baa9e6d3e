#!/usr/bin/env bash
# Boots //:guest_full with //:rootfs under qemu-system-ppc -M bamboo, runs
# pvppc-guest-tests as the guest's program and requires every check to pass.
#   qemu_boot_test.sh BOOT_QEMU_SH VMLINUX ROOTFS_CPIO
set -uo pipefail
boot=$1 kernel=$2 initrd=$3
log=${TEST_UNDECLARED_OUTPUTS_DIR:-${TMPDIR:-/tmp}}/console.log

"$boot" --kernel "$kernel" --initrd "$initrd" --run /usr/bin/pvppc-guest-tests --timeout 100 --log "$log"
rc=$?

fail() { echo "qemu_boot_test: FAIL: $*" >&2; exit 1; }
grep -qx "pvppc-guest: init reached" "$log" || fail "the guest's /init never ran"
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
[[ -n $summary ]] || fail "no 'N passed, N failed' line from pvppc-guest-tests"
[[ $summary == *" passed, 0 failed" ]] || fail "pvppc-guest-tests: $summary"
passed=${summary%% *}
((passed >= 100)) || fail "only $passed checks ran"
grep -qx "pvppc-guest: exit status 0" "$log" || fail "pvppc-guest-tests did not exit 0"
((rc == 0)) || fail "boot_qemu.sh exited $rc"
echo "qemu_boot_test: PASS ($summary)"
