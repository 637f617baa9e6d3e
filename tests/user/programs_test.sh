#!/usr/bin/env bash
# Runs guest programs under pvppc_user and under qemu-ppc (the reference)
# and compares their stdout and exit status.
#
#   programs_test.sh PVPPC_USER SYSCALLS_INPUT PROGRAM...
#
# stderr is not compared: the two runners report fatal signals in their
# own words. process_signals additionally runs its exec part under
# pvppc_user alone (qemu-ppc cannot exec a guest program) and must pass its
# own checks there.
set -uo pipefail

pvppc_user=$1
input=$2
shift 2
qemu=(qemu-ppc -cpu 440epx)
if ! command -v qemu-ppc >/dev/null; then
  echo "qemu-ppc not found (scripts/setup.sh installs qemu-user)" >&2
  exit 1
fi

scratch=${TEST_TMPDIR:-$(mktemp -d)}
status=0

compare() {  # NAME PROGRAM ARGS...
  local name=$1
  shift
  local ours="$scratch/$name.pvppc" theirs="$scratch/$name.qemu"
  # The same environment for both: the programs print some of it.
  env -i PATH=/usr/bin:/bin PVPPC_TEST=1 PVPPC_EMPTY= "$pvppc_user" "$@" >"$ours" 2>"$ours.err"
  local our_rc=$?
  env -i PATH=/usr/bin:/bin PVPPC_TEST=1 PVPPC_EMPTY= "${qemu[@]}" "$@" >"$theirs" 2>"$theirs.err"
  local their_rc=$?
  if [[ $our_rc != "$their_rc" ]]; then
    echo "FAIL $name: exit status $our_rc under pvppc_user, $their_rc under qemu-ppc" >&2
    tail -n 5 "$ours.err" >&2
    status=1
  elif ! cmp -s "$ours" "$theirs"; then
    echo "FAIL $name: stdout differs (< pvppc_user, > qemu-ppc):" >&2
    diff "$ours" "$theirs" | head -n 20 >&2
    status=1
  else
    echo "ok   $name (exit $our_rc, $(wc -l <"$ours") lines)"
  fi
}

for program in "$@"; do
  name=$(basename "$program")
  case $name in
    syscalls)
      compare syscalls "$program" "$input" "an argument" ""
      compare syscalls_usage "$program"
      ;;
    *)
      compare "$name" "$program"
      ;;
  esac
  if [[ $name == process_signals ]]; then
    out=$("$pvppc_user" "$program" exec 2>&1)
    rc=$?
    if [[ $rc != 0 ]] || ! grep -q "exec of /proc/self/exe: exit 42" <<<"$out"; then
      echo "FAIL process_signals exec: exit status $rc" >&2
      echo "$out" | tail -n 10 >&2
      status=1
    else
      echo "ok   process_signals exec"
    fi
  fi
done
exit $status
