#!/usr/bin/env bash
# virtio-blk with real parts: an ext4 image made by mkfs.ext4 on the host,
# mounted, written and read back by the guest (pvppc-disk-test), then checked
# on the host by e2fsck and debugfs. Then a read-only disk: the guest reads
# the host's files and its writes fail; the image is unchanged to the byte.
#
#   disk_test.sh PVPPC KERNEL ROOTFS
set -u
PVPPC=$1 KERNEL=$2 ROOTFS=$3
export PATH=$PATH:/usr/sbin:/sbin
OUT=${TEST_UNDECLARED_OUTPUTS_DIR:-$(mktemp -d)}
WORK=${TEST_TMPDIR:-$(mktemp -d)}
fail=0
FAIL() { echo "FAIL: $*"; fail=1; }

boot() {  # boot NAME DISK-OPTION GUEST-ARGS
  local name=$1 disk=$2 args=$3
  "$PVPPC" run --kernel "$KERNEL" --initrd "$ROOTFS" --disk "$disk" \
    --append "pvppc.run=/usr/bin/pvppc-disk-test,$args" --timeout 300 --quiet \
    </dev/null >"$OUT/$name.console" 2>"$OUT/$name.pvppc"
  local status=$?
  tr -d '\r' <"$OUT/$name.console" | grep '^disk-test:' >"$OUT/$name.lines"
  cat "$OUT/$name.lines"
  [[ $status -eq 0 ]] || { FAIL "$name: pvppc exit status $status"; cat "$OUT/$name.pvppc"; }
  grep -q '^disk-test: passed' "$OUT/$name.lines" || FAIL "$name: the guest checks did not pass"
}

# --- read-write ------------------------------------------------------------
IMG=$WORK/rw.img
rm -f "$IMG"; truncate -s 64M "$IMG"
mkfs.ext4 -q -F -L pvppc-rw "$IMG" || { echo "mkfs.ext4 failed"; exit 1; }
boot rw "$IMG" "rw,/dev/vda"
if e2fsck -fn "$IMG" >"$OUT/rw.e2fsck" 2>&1; then
  echo "e2fsck -fn: clean"
else
  FAIL "e2fsck -fn found problems"; cat "$OUT/rw.e2fsck"
fi
sums=0
while read -r _ _ name sum; do
  debugfs -R "dump $name $WORK/dumped" "$IMG" >/dev/null 2>&1
  got=$(sha256sum "$WORK/dumped" | cut -d' ' -f1)
  if [[ $got == "$sum" ]]; then
    echo "debugfs: $name $(stat -c %s "$WORK/dumped") bytes, checksum matches"
    sums=$((sums + 1))
  else
    FAIL "debugfs: $name has checksum $got, the guest wrote $sum"
  fi
done < <(grep '^disk-test: sum ' "$OUT/rw.lines")
[[ $sums -eq 4 ]] || FAIL "expected 4 checksummed files, verified $sums"

# --- read-only -------------------------------------------------------------
ROIMG=$WORK/ro.img
rm -rf "$WORK/ro.d" "$ROIMG"; mkdir "$WORK/ro.d"
head -c 300000 /dev/urandom >"$WORK/ro.d/host-file"
echo "written by the host" >"$WORK/ro.d/note.txt"
(cd "$WORK/ro.d" && sha256sum host-file note.txt >SUMS)
truncate -s 32M "$ROIMG"
mkfs.ext4 -q -F -d "$WORK/ro.d" "$ROIMG" || { echo "mkfs.ext4 -d failed"; exit 1; }
before=$(sha256sum <"$ROIMG")
boot ro "$ROIMG,ro" "ro,/dev/vda"
[[ $(sha256sum <"$ROIMG") == "$before" ]] && echo "read-only image unchanged" ||
  FAIL "the read-only image changed"
e2fsck -fn "$ROIMG" >/dev/null 2>&1 || FAIL "e2fsck of the read-only image"

[[ $fail -eq 0 ]] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $fail
