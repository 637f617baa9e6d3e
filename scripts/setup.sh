#!/usr/bin/env bash
# Installs every Debian package pvppc needs. Idempotent: when everything is
# already installed it only runs dpkg-query and returns in well under a second.
set -euo pipefail

PACKAGES=(
  # Build system and host toolchain.
  bazel-bootstrap g++ make
  # Host libraries (come into Bazel as local repositories).
  libgtest-dev libgmock-dev libbenchmark-dev libboost-dev libfdt-dev libelf-dev
  libcapstone-dev libcli11-dev libfmt-dev nlohmann-json3-dev libexpected-dev
  # Guest side: the powerpc cross toolchain and the reference emulator.
  gcc-powerpc-linux-gnu g++-powerpc-linux-gnu libc6-dev-powerpc-cross binutils-powerpc-linux-gnu
  qemu-user
  # Source packages are fetched (apt-get source, verified against the Debian
  # archive keyring) and unpacked with these.
  dpkg-dev xz-utils bzip2 patch debian-archive-keyring
  # The guest kernel: Debian's pristine Linux 6.1 source tarball
  # (/usr/src/linux-source-6.1.tar.xz), what kbuild needs on the host, and the
  # full-system emulator the guest artifacts are validated on (-M bamboo).
  linux-source-6.1 flex bison bc qemu-system-ppc
  # virtio tests: ext4 images made and checked on the host (mkfs.ext4, e2fsck,
  # debugfs); user-mode networking for virtio-net.
  e2fsprogs libslirp-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
