#!/usr/bin/env bash
# Cross-builds Debian's busybox source tree into a static powerpc executable.
# Called by the genrule in this directory:
#   build_busybox.sh ROOT_FILE SOURCE_DATE_EPOCH_FILE OUT_BUSYBOX OUT_UNSTRIPPED OUT_CONFIG
# ROOT_FILE is the `ROOT` file of a debian_source_package repository; the tree
# is in src/ next to it. The build happens in a scratch copy of the tree, so
# the repository is never written to.
set -euo pipefail

root_file=$1
epoch_file=$2
out_busybox=$3
out_unstripped=$4
out_config=$5

cross=${BUSYBOX_CROSS_COMPILE:-powerpc-linux-gnu-}
jobs=${BUSYBOX_JOBS:-2}
tree="$(dirname "$root_file")/src"
outdir=$(pwd)

# Absolute output paths: the build itself runs elsewhere.
abspath() { case $1 in /*) echo "$1" ;; *) echo "$outdir/$1" ;; esac; }
out_busybox=$(abspath "$out_busybox")
out_unstripped=$(abspath "$out_unstripped")
out_config=$(abspath "$out_config")
epoch_file=$(abspath "$epoch_file")

if ! command -v "${cross}gcc" >/dev/null; then
  echo "build_busybox: ${cross}gcc not found (run scripts/setup.sh)" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/busybox-build.XXXXXX")
trap 'rm -rf "$work"' EXIT

# -L: inside Bazel's sandbox the tree is a forest of symlinks.
cp -RL "$tree" "$work/src"
cd "$work/src"

# The version banner and autoconf.h carry a build date; take it from Debian's
# changelog so that the same sources give the same binary.
SOURCE_DATE_EPOCH=$(cat "$epoch_file")
export SOURCE_DATE_EPOCH
export KBUILD_BUILD_USER=pvppc KBUILD_BUILD_HOST=pvppc
export LC_ALL=C

log="$work/build.log"
run() {
  if ! "$@" >>"$log" 2>&1; then
    echo "build_busybox: '$*' failed; last lines of the log:" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
}

run make defconfig

# Static, tuned for the 440 with its FPU like every other guest program.
set_config() {  # NAME VALUE ('y', 'n' or a quoted string)
  local name=$1 value=$2
  sed -i -e "/^CONFIG_${name}=/d" -e "/^# CONFIG_${name} is not set/d" .config
  if [[ $value == n ]]; then
    echo "# CONFIG_${name} is not set" >>.config
  else
    echo "CONFIG_${name}=${value}" >>.config
  fi
}
set_config STATIC y
set_config EXTRA_CFLAGS '"-mcpu=440fp"'
set_config CROSS_COMPILER_PREFIX "\"${cross}\""
# The shell runs NOFORK applets in-process and NOEXEC applets in a forked
# child without exec'ing /proc/self/exe. Under qemu-user (no binfmt_misc) an
# exec of a powerpc binary fails, so scripts compared against qemu-ppc stick
# to such applets; on pvppc and real hardware every applet works either way.
set_config FEATURE_PREFER_APPLETS y
set_config FEATURE_SH_STANDALONE y
# Applets that fail to cross-build would be switched off here with
# `set_config NAME n`; with Debian's gcc 12 and glibc 2.36 none do.

# Settle options that depend on the ones changed above.
run make oldconfig < <(yes "")

run make CROSS_COMPILE="$cross" -j"$jobs" busybox

for f in busybox busybox_unstripped; do
  [[ -f $f ]] || { echo "build_busybox: $f was not produced" >&2; exit 1; }
done
cp busybox "$out_busybox"
cp busybox_unstripped "$out_unstripped"
cp .config "$out_config"
