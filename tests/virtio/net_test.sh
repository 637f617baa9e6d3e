#!/usr/bin/env bash
# virtio-net on libslirp with real parts: the guest fetches a file from an
# HTTP server on the host's loopback (python3 -m http.server), and the host
# fetches a file from busybox httpd in the guest through a forwarded port.
# Also: a forward onto a port already in use is a clear setup error.
#
#   net_test.sh PVPPC KERNEL ROOTFS
set -u
PVPPC=$1 KERNEL=$2 ROOTFS=$3
OUT=${TEST_UNDECLARED_OUTPUTS_DIR:-$(mktemp -d)}
WORK=${TEST_TMPDIR:-$(mktemp -d)}
fail=0
FAIL() { echo "FAIL: $*"; fail=1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
line() { tr -d '\r' <"$OUT/console.log" | grep -m1 "^net-test: $1"; }

rm -rf "$WORK/srv"; mkdir "$WORK/srv"
head -c 1000000 /dev/urandom >"$WORK/srv/payload"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$WORK/srv" >"$OUT/http.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for ((i = 0; i < 50; i++)); do
  port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$OUT/http.log" | head -1)
  [[ -n $port ]] && break; sleep 0.1
done
[[ -n $port ]] || { echo "the host HTTP server did not start"; exit 1; }
fwd=$(free_port)
echo "host HTTP server on 127.0.0.1:$port; forwarding 127.0.0.1:$fwd to the guest's port 8080"

# A forward onto a port in use: setup error, exit status 1, a clear message.
"$PVPPC" run --kernel "$KERNEL" --initrd "$ROOTFS" --net "user,hostfwd=tcp:127.0.0.1:$port-:80" \
  --timeout 10 --quiet </dev/null >/dev/null 2>"$OUT/busy.log"
busy=$?
[[ $busy -eq 1 ]] && grep -q "in use" "$OUT/busy.log" && echo "port in use: $(cat "$OUT/busy.log")" ||
  FAIL "a forward onto a busy port gave status $busy: $(cat "$OUT/busy.log")"

"$PVPPC" run --kernel "$KERNEL" --initrd "$ROOTFS" --net "user,hostfwd=tcp:127.0.0.1:$fwd-:8080" \
  --append "pvppc.run=/usr/bin/pvppc-net-test,$port,8080" --timeout 300 --quiet \
  </dev/null >"$OUT/console.log" 2>"$OUT/pvppc.log" &
vm=$!
for ((i = 0; i < 1200; i++)); do
  [[ -n $(line serving) ]] && break
  kill -0 $vm 2>/dev/null || break
  sleep 0.1
done
want=$(sha256sum <"$WORK/srv/payload" | cut -d' ' -f1)
fetched=$(line fetched)
[[ $fetched == "net-test: fetched $want 1000000" ]] && echo "guest fetched the host's 1000000 bytes, checksum matches" ||
  FAIL "guest fetch: '$fetched', want $want"
serving=$(line serving)
if [[ -n $serving ]]; then
  python3 - "$fwd" "$WORK/from-guest" <<'PY' || FAIL "host could not fetch from the guest"
import sys, urllib.request
data = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/guest-payload", timeout=60).read()
open(sys.argv[2], "wb").write(data)
PY
  got=$(sha256sum <"$WORK/from-guest" | cut -d' ' -f1)
  [[ "net-test: serving $got" == "$serving" ]] && echo "host fetched $(stat -c %s "$WORK/from-guest") bytes from the guest through hostfwd, checksum matches" ||
    FAIL "hostfwd fetch: $got, guest said '$serving'"
else
  FAIL "the guest never served"
fi
touch "$WORK/srv/done"
wait $vm
status=$?
[[ $status -eq 0 ]] || { FAIL "pvppc exit status $status"; cat "$OUT/pvppc.log"; tr -d '\r' <"$OUT/console.log" | tail -20; }
[[ -n $(line passed) ]] || FAIL "the guest did not pass"

[[ $fail -eq 0 ]] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $fail
