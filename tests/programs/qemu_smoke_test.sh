#!/usr/bin/env bash
# Runs each guest test program under qemu-ppc (the reference emulator) and
# checks that it is a static powerpc executable, exits with the expected code
# and reports no failed self-checks. The full outputs are what differential
# tests compare; this test only makes sure the programs themselves are sound.
set -uo pipefail

dir=tests/programs
qemu=(qemu-ppc -cpu 440epx)
status=0

if ! command -v qemu-ppc >/dev/null; then
  echo "qemu-ppc not found (scripts/setup.sh installs qemu-user)" >&2
  exit 1
fi

tools/ppc/check_elf.sh "$dir"/{hello,int_torture,strings,control,fp,syscalls} || status=1

run() {  # EXPECTED_EXIT NAME ARGS...
  local expected=$1 name=$2
  shift 2
  local out rc
  out=$(PVPPC_SMOKE=1 "${qemu[@]}" "$dir/$name" "$@" 2>&1)
  rc=$?
  if [[ $rc != "$expected" ]]; then
    echo "FAIL $name: exit code $rc, expected $expected" >&2
    echo "$out" | tail -n 20 >&2
    status=1
  elif grep -q "CHECK FAILED" <<<"$out"; then
    echo "FAIL $name: self-check failed" >&2
    grep "CHECK FAILED" <<<"$out" >&2
    status=1
  else
    echo "ok   $name ($(wc -l <<<"$out") lines of output)"
  fi
}

run 3 hello
run 0 int_torture
run 0 strings
run 0 control
run 0 fp
run 0 syscalls "$dir/syscalls_input.bin" "an argument" ""
run 2 syscalls

# The output must not depend on the run: a second run is identical.
a=$("${qemu[@]}" "$dir/int_torture")
b=$("${qemu[@]}" "$dir/int_torture")
[[ $a == "$b" ]] || { echo "FAIL int_torture: output differs between runs" >&2; status=1; }

exit $status
