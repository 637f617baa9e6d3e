#!/usr/bin/env bash
# pvppc_user on bad input: every case ends with a clear message and a
# non-zero exit, never a crash of the runner.
# Usage: bad_input_test.sh PVPPC_USER HELLO ILLEGAL SYSCALL SEGFAULT DYNAMIC
set -uo pipefail
runner="$1" hello="$2" illegal="$3" syscall_prog="$4" segfault="$5" dynamic="$6"
work="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0

expect() {  # NAME EXPECTED_STATUS MESSAGE_REGEX -- COMMAND...
  local name="$1" want="$2" regex="$3"
  shift 4
  "$@" >"$work/$name.out" 2>"$work/$name.err"
  local got=$?
  if [[ $got -ne $want ]] || ! grep -Eq "$regex" "$work/$name.err"; then
    echo "FAIL $name: status $got (want $want), stderr:"
    cat "$work/$name.err"
    failures=$((failures + 1))
  else
    echo "ok   $name: status $got, $(head -1 "$work/$name.err")"
  fi
}

printf 'just text\n' >"$work/text"
cp "$hello" "$work/little"
printf '\x01' | dd of="$work/little" bs=1 seek=5 conv=notrunc status=none  # EI_DATA = LSB
cp "$hello" "$work/arm"
printf '\x00\x28' | dd of="$work/arm" bs=1 seek=18 conv=notrunc status=none  # e_machine = ARM
head -c 200 "$hello" >"$work/truncated"

expect not_elf 126 "not an ELF" -- "$runner" "$work/text"
expect missing 127 "No such file" -- "$runner" "$work/does-not-exist"
expect little_endian 126 "little-endian" -- "$runner" "$work/little"
expect not_powerpc 126 "not a PowerPC" -- "$runner" "$work/arm"
expect truncated 126 "truncated|past the end" -- "$runner" "$work/truncated"
expect dynamic 126 "dynamically linked" -- "$runner" "$dynamic"
expect sixty_four_bit 126 "64-bit|not a 32-bit" -- "$runner" /bin/true
expect illegal 132 "SIGILL" -- "$runner" "$illegal"
expect unsupported_syscall 127 "unsupported syscall 400" -- "$runner" "$syscall_prog"
expect segfault 139 "SIGSEGV" -- "$runner" "$segfault"

if ! grep -q before "$work/illegal.out"; then
  echo "FAIL illegal: output before the fault was lost"
  failures=$((failures + 1))
fi
echo "bad input: $failures failure(s)"
exit $((failures > 0))
