#!/usr/bin/env bash
# Bad input to pvppc: each case must end with a clear message on stderr and
# the documented exit status, never a crash.
set -u
PVPPC=$1 JUMP=$2 SYSCALL=$3 PRIV=$4
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

# expect NAME STATUS PATTERN -- command...
expect() {
  local name=$1 want=$2 pattern=$3
  shift 4
  "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [[ $got -ne $want ]] || ! grep -qE -- "$pattern" "$TMP/err" "$TMP/out"; then
    echo "FAIL $name: status $got (want $want), output:"
    sed 's/^/    /' "$TMP/err" "$TMP/out" | head -20
    failures=$((failures + 1))
  else
    echo "ok   $name: $(grep -hE -- "$pattern" "$TMP/err" "$TMP/out" | head -1)"
  fi
}

head -c 100000 /dev/urandom >"$TMP/garbage"
echo "not a kernel" >"$TMP/text"
head -c $((40 << 20)) /dev/zero >"$TMP/big_initrd"
head -c 60 "$JUMP" >"$TMP/truncated"

expect missing-kernel 1 "no such file" -- "$PVPPC" run --kernel "$TMP/none" --quiet
expect garbage-kernel 1 "not an ELF" -- "$PVPPC" run --kernel "$TMP/garbage" --quiet
expect text-kernel 1 "not an ELF" -- "$PVPPC" run --kernel "$TMP/text" --quiet
expect truncated-kernel 1 "outside the file|truncated|ELF" -- "$PVPPC" run --kernel "$TMP/truncated" --quiet
expect initrd-larger-than-ram 1 "initrd" -- "$PVPPC" run --kernel "$JUMP" --initrd "$TMP/big_initrd" --mem 32M --quiet
expect missing-initrd 1 "initrd" -- "$PVPPC" run --kernel "$JUMP" --initrd "$TMP/none" --quiet
expect bad-mem-suffix 2 "mem" -- "$PVPPC" run --kernel "$JUMP" --mem 12Q
expect bad-mem-text 2 "mem" -- "$PVPPC" run --kernel "$JUMP" --mem lots
expect mem-too-small 1 "RAM must be between" -- "$PVPPC" run --kernel "$JUMP" --mem 1M --quiet
expect mem-too-large 1 "RAM must be between" -- "$PVPPC" run --kernel "$JUMP" --mem 64G --quiet
expect bad-dtb 1 "device tree" -- "$PVPPC" run --kernel "$JUMP" --dtb "$TMP/text" --quiet
expect no-kernel-option 2 "kernel" -- "$PVPPC" run
expect unknown-option 2 "pvppc" -- "$PVPPC" run --kernel "$JUMP" --frobnicate
expect bad-timeout 2 "timeout" -- "$PVPPC" run --kernel "$JUMP" --timeout -3
expect help 0 "--stats-json" -- "$PVPPC" run --help
expect jump-to-unmapped 4 "vectors unset.*guest pc 0x50000000" -- "$PVPPC" run --kernel "$JUMP" --quiet --timeout 20
expect interrupt-without-vectors 4 "system-call interrupt with its interrupt vectors unset.*guest pc" -- "$PVPPC" run --kernel "$SYSCALL" --quiet --timeout 20
expect privileged-in-user-mode 0 "reset" -- "$PVPPC" run --kernel "$PRIV" --timeout 20 --stats-json "$TMP/stats.json"
if ! grep -q '"program-privileged"' "$TMP/stats.json" 2>/dev/null; then
  echo "FAIL stats: no program-privileged row in the JSON"
  failures=$((failures + 1))
fi

echo "bad_input_test: $failures failure(s)"
[[ $failures -eq 0 ]]
