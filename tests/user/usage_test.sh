#!/usr/bin/env bash
# pvppc_user's command line and its answers to programs it cannot run or
# that die: a clear message on stderr and a shell-like exit status, never a
# crash.
#
#   usage_test.sh PVPPC_USER HELLO PROCESS_SIGNALS
set -uo pipefail

pvppc_user=$1
hello=$2
scratch=${TEST_TMPDIR:-$(mktemp -d)}
status=0

expect() {  # DESCRIPTION EXPECTED_STATUS STDERR_PATTERN COMMAND...
  local what=$1 want=$2 pattern=$3
  shift 3
  local err rc
  err=$("$@" 2>&1 >/dev/null)
  rc=$?
  if [[ $rc != "$want" ]]; then
    echo "FAIL $what: status $rc, expected $want; stderr: $err" >&2
    status=1
  elif ! grep -qE -- "$pattern" <<<"$err"; then
    echo "FAIL $what: stderr does not match '$pattern': $err" >&2
    status=1
  else
    echo "ok   $what"
  fi
}

printf 'not a program\n' >"$scratch/text"
printf '\177ELF\001\001\001' >"$scratch/short_elf"
head -c 100 "$hello" >"$scratch/truncated"
cp /bin/true "$scratch/host_program"

expect "exit status passes through" 3 "^$" "$pvppc_user" "$hello"
expect "--instructions" 3 "pvppc_user: [0-9]+ guest instructions" "$pvppc_user" --instructions "$hello"
expect "-- before the program" 3 "^$" "$pvppc_user" -- "$hello"
expect "--max-instructions" 124 "after [0-9]+ instructions" "$pvppc_user" --max-instructions 1000 "$hello"
expect "no program" 2 "no program" "$pvppc_user"
expect "missing file" 127 "No such file" "$pvppc_user" "$scratch/missing"
expect "not ELF" 126 "not an ELF file" "$pvppc_user" "$scratch/text"
expect "short ELF" 126 "truncated" "$pvppc_user" "$scratch/short_elf"
expect "truncated ELF" 126 "truncated" "$pvppc_user" "$scratch/truncated"
expect "host program" 126 "64-bit|not a PowerPC" "$pvppc_user" "$scratch/host_program"
exit $status
