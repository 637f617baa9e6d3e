#!/usr/bin/env bash
# Two VMs exchange data over a shared-memory switch (--net switch=NAME):
# each guest serves 1 MiB with busybox httpd and fetches the other's with
# wget, on static addresses 10.0.3.1 and 10.0.3.2. A third VM on the same
# switch is killed with SIGKILL while the other two work: they go on, and
# the last to leave removes the switch. Bad input: a switch name that is
# not one, an object of that name that is not a switch.
#
#   switch_test.sh PVPPC KERNEL ROOTFS
set -u
PVPPC=$1 KERNEL=$2 ROOTFS=$3
OUT=${TEST_UNDECLARED_OUTPUTS_DIR:-$(mktemp -d)}
fail=0
FAIL() { echo "FAIL: $*"; fail=1; }
# Test sandboxes have their own pid namespaces ($$ repeats): a random name.
SWITCH=swtest-$(od -An -N6 -tx1 /dev/urandom | tr -d " \n")
OBJECT=/dev/shm/pvppc-switch-$SWITCH
line() { tr -d '\r' 2>/dev/null <"$OUT/$1.log" | grep -m1 "^switch-test: $2"; }
run_vm() {  # NAME APPEND: in the background, console in $OUT/NAME.log
  "$PVPPC" run --kernel "$KERNEL" --initrd "$ROOTFS" --net "switch=$SWITCH" --append "$2" \
    --timeout 400 --quiet </dev/null >"$OUT/$1.log" 2>"$OUT/$1.err" &
}
pids=()
trap 'kill -9 "${pids[@]}" 2>/dev/null; rm -f "$OBJECT" /dev/shm/pvppc-switch-foreign-$SWITCH' EXIT

# Bad input: status 2 for a bad name, 1 for an object that is not a switch.
"$PVPPC" run --kernel "$KERNEL" --initrd "$ROOTFS" --net "switch=a/b" --timeout 10 --quiet \
  </dev/null >/dev/null 2>"$OUT/badname.log"
status=$?
[[ $status -eq 2 ]] && grep -q "switch name" "$OUT/badname.log" && echo "bad name: $(cat "$OUT/badname.log")" ||
  FAIL "--net switch=a/b gave status $status: $(cat "$OUT/badname.log")"
echo "not a switch" >/dev/shm/pvppc-switch-foreign-$SWITCH
"$PVPPC" run --kernel "$KERNEL" --initrd "$ROOTFS" --net "switch=foreign-$SWITCH" --timeout 10 --quiet \
  </dev/null >/dev/null 2>"$OUT/foreign.log"
status=$?
[[ $status -eq 1 ]] && grep -q "not a pvppc switch" "$OUT/foreign.log" && echo "foreign object: $(cat "$OUT/foreign.log")" ||
  FAIL "a foreign /dev/shm object gave status $status: $(cat "$OUT/foreign.log")"

# The victim takes port 0 and sees the others' ARP broadcasts; it is killed
# once both peers serve.
run_vm victim "pvppc.run=/bin/sleep,600"; victim=$!; pids+=($victim)
for ((i = 0; i < 100; i++)); do [[ -e $OBJECT ]] && break; sleep 0.1; done
run_vm a "pvppc.run=/usr/bin/pvppc-switch-test,10.0.3.1,10.0.3.2"; a=$!; pids+=($a)
run_vm b "pvppc.run=/usr/bin/pvppc-switch-test,10.0.3.2,10.0.3.1"; b=$!; pids+=($b)
for ((i = 0; i < 4000; i++)); do
  [[ -n $(line a serving) && -n $(line b serving) ]] && break
  kill -0 $a 2>/dev/null && kill -0 $b 2>/dev/null || break
  sleep 0.1
done
kill -9 $victim; wait $victim 2>/dev/null
echo "killed the third VM on the switch (SIGKILL)"
wait $a; status_a=$?
wait $b; status_b=$?
for pair in "a b" "b a"; do
  set -- $pair
  served=$(line "$2" serving); fetched=$(line "$1" fetched)
  [[ -n $served && "$fetched" == "switch-test: fetched ${served#switch-test: serving } 1048576" ]] &&
    echo "VM $1 fetched VM $2's 1048576 bytes over the switch, checksum matches" ||
    FAIL "VM $1 fetched '$fetched', VM $2 '$served'"
  [[ -n $(line "$1" passed) ]] || FAIL "VM $1 did not pass"
done
for vm in a:$status_a b:$status_b; do
  [[ ${vm#*:} -eq 0 ]] || { FAIL "VM ${vm%%:*}: pvppc exit status ${vm#*:}"; cat "$OUT/${vm%%:*}.err"; tr -d '\r' <"$OUT/${vm%%:*}.log" | tail -20; }
done
[[ ! -e $OBJECT ]] && echo "the last VM to leave removed $OBJECT" || FAIL "$OBJECT is left behind"

[[ $fail -eq 0 ]] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $fail
