#!/usr/bin/env bash
# The main job: build the hypervisor, the paravirtualized guest kernel
# (Debian's linux-source-6.1 with guest-linux-patches/) and the busybox rootfs,
# then boot the PV guest on pvppc and run the in-guest test suite. The first
# build of the kernel takes several minutes; Bazel's caches make later runs
# take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
bazel build //:pvppc //:guest_pv //:rootfs
bin="$(bazel info bazel-bin 2>/dev/null)"
pvppc="$bin/hypervisor/cli/pvppc"
kernel="$bin/guest/linux_pv/vmlinux"
rootfs="$bin/guest/rootfs.cpio"
echo "== booting the paravirtualized Linux guest on pvppc (pvppc ABI v1)"
"$pvppc" run --kernel "$kernel" --initrd "$rootfs" \
  --append "pvppc.run=/usr/bin/pvppc-guest-tests" --timeout 600 </dev/null
echo
echo "== for an interactive busybox shell (Ctrl-A x quits):"
echo "   $pvppc run --kernel $kernel --initrd $rootfs"
echo "== the unmodified kernel (full virtualization): bazel build //:guest_full, then"
echo "   $pvppc run --kernel $bin/guest/linux_full/vmlinux --initrd $rootfs"
