#!/usr/bin/env bash
# Runs busybox_script.sh with busybox sh under pvppc_user in a scratch
# directory and compares its stdout with the expected output.
#
#   busybox_test.sh PVPPC_USER BUSYBOX SCRIPT EXPECTED
#
# External commands are busybox applets found through PATH: a directory of
# symlinks to the busybox binary, as a busybox-based root file system has.
# (qemu-ppc cannot follow a guest exec, so the reference is a file; it is
# what bash and GNU coreutils print for the same script.)
set -uo pipefail

pvppc_user=$(readlink -f "$1")
busybox=$(readlink -f "$2")
script=$(readlink -f "$3")
expected=$(readlink -f "$4")

scratch=${TEST_TMPDIR:-$(mktemp -d)}/busybox
rm -rf "$scratch"
mkdir -p "$scratch/bin" "$scratch/work"
for applet in $("$pvppc_user" "$busybox" --list); do
  ln -s "$busybox" "$scratch/bin/$applet"
done

cd "$scratch/work"
env -i PATH="$scratch/bin" HOME="$scratch" "$pvppc_user" "$busybox" sh "$script" \
  >"$scratch/out.txt" 2>"$scratch/err.txt"
rc=$?
status=0
if [[ $rc != 0 ]]; then
  echo "FAIL: busybox sh exited with status $rc" >&2
  status=1
fi
if ! diff -u "$expected" "$scratch/out.txt" >&2; then
  echo "FAIL: output differs from $4 (- expected, + pvppc_user)" >&2
  status=1
fi
if [[ $status != 0 ]]; then
  echo "stderr:" >&2
  cat "$scratch/err.txt" >&2
else
  echo "ok: $(wc -l <"$scratch/out.txt") lines as expected"
fi
exit $status
