#!/usr/bin/env bash
# Busybox (Debian's source, cross-built static) runs a shell script under
# pvppc_user with the same output and status as under qemu-ppc.
# Usage: busybox_script_test.sh PVPPC_USER BUSYBOX SCRIPT
set -uo pipefail
pvppc_user="$(realpath "$1")"
busybox="$(realpath "$2")"
script="$(realpath "$3")"
work="${TEST_TMPDIR:-$(mktemp -d)}"

# The applets the script uses, as the only thing on PATH: nothing from the
# host can stand in for them.
mkdir -p "$work/bin"
for applet in sh ls seq sort awk md5sum expr head cut echo printf mkdir; do
  ln -sf "$busybox" "$work/bin/$applet"
done

run() {  # NAME COMMAND...
  local dir="$work/$1"
  shift
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && env -i PATH="$work/bin" "$@" "$busybox" sh "$script" >"$dir.out" 2>&1)
  echo $? >"$dir.status"
}

run qemu /usr/bin/qemu-ppc -cpu 440epx
run pvppc "$pvppc_user"

if ! diff -u "$work/qemu.out" "$work/pvppc.out"; then
  echo "FAIL: output differs (qemu-ppc first)"
  exit 1
fi
if ! diff "$work/qemu.status" "$work/pvppc.status"; then
  echo "FAIL: exit status differs"
  exit 1
fi
if ! grep -q '^done$' "$work/pvppc.out"; then
  echo "FAIL: the script did not run to the end:"
  cat "$work/pvppc.out"
  exit 1
fi
echo "busybox script: same output under pvppc_user and qemu-ppc ($(wc -l <"$work/pvppc.out") lines)"
