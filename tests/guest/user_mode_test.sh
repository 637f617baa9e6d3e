#!/usr/bin/env bash
# Runs pvppc-guest-tests under qemu-ppc (user-mode emulation, no guest
# kernel) as a quick check of the suite itself. Only the groups that do not
# need the guest system run (not exec: qemu-ppc cannot execve a powerpc
# program without binfmt_misc; not proc: it shows the host). The one known
# difference of user-mode emulation is allowed: qemu-ppc reports a write to a
# read-only page with si_code SEGV_MAPERR instead of SEGV_ACCERR.
#   user_mode_test.sh PVPPC_GUEST_TESTS
set -uo pipefail
program=$1

command -v qemu-ppc >/dev/null || { echo "qemu-ppc not found (scripts/setup.sh installs qemu-user)" >&2; exit 1; }

out=$(qemu-ppc -cpu 440epx "$program" basic process signals mmap cow threads fp time pipes 2>&1)
rc=$?
echo "$out"

allowed='^FAIL (signals|mmap): si_code is SEGV_ACCERR '
unexpected=$(grep '^FAIL' <<<"$out" | grep -Ev "$allowed")
allowed_count=$(grep -Ec "$allowed" <<<"$out")
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)

status=0
if [[ -n $unexpected ]]; then
  echo "user_mode_test: unexpected failures:" >&2
  echo "$unexpected" >&2
  status=1
fi
if [[ -z $summary ]]; then
  echo "user_mode_test: no summary line" >&2
  status=1
elif [[ $summary != *" passed, $allowed_count failed" ]]; then
  echo "user_mode_test: summary '$summary' does not match $allowed_count allowed failures" >&2
  status=1
fi
if ((allowed_count == 0 && rc != 0)) || ((allowed_count > 0 && rc != 1)); then
  echo "user_mode_test: exit status $rc" >&2
  status=1
fi
exit $status
