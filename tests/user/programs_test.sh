#!/usr/bin/env bash
# Runs each guest test program under qemu-ppc (the reference) and under
# pvppc_user and compares stdout and exit status.
# Usage: programs_test.sh PVPPC_USER SYSCALLS_INPUT PROGRAM...
set -uo pipefail
runner="$(realpath "$1")"
input="$(realpath "$2")"
shift 2
work="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
for program in "$@"; do
  name="$(basename "$program")"
  args=()
  [[ $name == syscalls ]] && args=("$input" first second)
  /usr/bin/qemu-ppc -cpu 440epx "$program" "${args[@]}" >"$work/$name.qemu" 2>/dev/null
  qemu_status=$?
  "$runner" "$program" "${args[@]}" >"$work/$name.pvppc" 2>"$work/$name.err"
  status=$?
  if [[ $status -ne $qemu_status ]] || ! cmp -s "$work/$name.qemu" "$work/$name.pvppc"; then
    echo "FAIL $name: status $status (qemu-ppc $qemu_status)"
    diff "$work/$name.qemu" "$work/$name.pvppc" | head -20
    cat "$work/$name.err"
    failures=$((failures + 1))
  else
    echo "ok   $name ($(wc -l <"$work/$name.pvppc") lines, status $status)"
  fi
done
exit $((failures > 0))
