#!/usr/bin/env bash
# The main job: build the hypervisor, the guest kernel (Debian's
# linux-source-6.1, unmodified) and the busybox rootfs, then boot the guest on
# pvppc and run the in-guest test suite. The first build of the kernel takes
# several minutes; Bazel's caches make later runs take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
bazel build //:pvppc //:guest_full //:rootfs
bin="$(bazel info bazel-bin 2>/dev/null)"
pvppc="$bin/hypervisor/cli/pvppc"
kernel="$bin/guest/linux_full/vmlinux"
rootfs="$bin/guest/rootfs.cpio"
echo "== booting the unmodified 44x Linux guest on pvppc (full virtualization)"
"$pvppc" run --kernel "$kernel" --initrd "$rootfs" \
  --append "console=ttyS0 pvppc.run=/usr/bin/pvppc-guest-tests" --timeout 600 </dev/null
echo
echo "== for an interactive busybox shell (Ctrl-A x quits):"
echo "   $pvppc run --kernel $kernel --initrd $rootfs"
