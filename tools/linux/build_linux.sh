#!/usr/bin/env bash
# Builds a Linux vmlinux from a source tarball or tree, a config and patches.
# The action behind linux_kernel() (tools/linux/linux.bzl); usable by hand too:
#
#   build_linux.sh (--tarball FILE | --tree DIR) --config FILE
#                  [--series FILE] [--patch FILE]... [--arch ARCH]
#                  [--cross-compile PREFIX]
#                  --out-vmlinux F --out-config F --out-system-map F --out-release F
#
# Everything happens in a scratch directory under ${TMPDIR:-/tmp}, removed at
# the end (set PVPPC_KEEP_LINUX_BUILD=1 to keep it when running by hand). The
# inputs are never written to.
set -euo pipefail

die() { echo "build_linux: $*" >&2; exit 1; }

tarball="" tree="" config="" series="" arch=powerpc cross=powerpc-linux-gnu-
out_vmlinux="" out_config="" out_system_map="" out_release=""
patches=()
while (($#)); do
  case $1 in
    --tarball) tarball=$2 ;;
    --tree) tree=$2 ;;
    --config) config=$2 ;;
    --series) series=$2 ;;
    --patch) patches+=("$2") ;;
    --arch) arch=$2 ;;
    --cross-compile) cross=$2 ;;
    --out-vmlinux) out_vmlinux=$2 ;;
    --out-config) out_config=$2 ;;
    --out-system-map) out_system_map=$2 ;;
    --out-release) out_release=$2 ;;
    *) die "unknown argument $1" ;;
  esac
  shift 2 || die "$1 needs a value"
done
[[ -n $tarball || -n $tree ]] || die "give --tarball or --tree"
[[ -n $config ]] || die "give --config"
for v in out_vmlinux out_config out_system_map out_release; do
  [[ -n ${!v} ]] || die "give --${v//_/-}"
done

# Absolute paths: the build runs elsewhere.
here=$(pwd)
abspath() { case $1 in /*) echo "$1" ;; *) echo "$here/$1" ;; esac; }
[[ -z $tarball ]] || tarball=$(abspath "$tarball")
[[ -z $tree ]] || tree=$(abspath "$tree")
[[ -z $series ]] || series=$(abspath "$series")
config=$(abspath "$config")
for i in "${!patches[@]}"; do patches[i]=$(abspath "${patches[i]}"); done
out_vmlinux=$(abspath "$out_vmlinux")
out_config=$(abspath "$out_config")
out_system_map=$(abspath "$out_system_map")
out_release=$(abspath "$out_release")

command -v "${cross}gcc" >/dev/null || die "${cross}gcc not found (run scripts/setup.sh)"
for tool in make flex bison bc perl; do
  command -v "$tool" >/dev/null || die "$tool not found (run scripts/setup.sh)"
done

start=$SECONDS
work=$(mktemp -d "${TMPDIR:-/tmp}/pvppc-linux.XXXXXX")
if [[ ${PVPPC_KEEP_LINUX_BUILD:-0} == 1 ]]; then
  echo "build_linux: keeping $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
src=$work/src
mkdir "$src"
log=$work/build.log

run() {
  if ! "$@" >>"$log" 2>&1; then
    echo "build_linux: '$*' failed; last lines of the log:" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
}

# --- Source -------------------------------------------------------------------
if [[ -n $tarball ]]; then
  # Kernel tarballs hold one top-level directory (linux-source-6.1/, ...).
  run tar -xf "$tarball" -C "$src" --strip-components=1 --no-same-owner
else
  # Follow the symlinks Bazel's repository puts in front of the tree, keep
  # the files' modes and times.
  run cp -RL --preserve=mode,timestamps "$tree/." "$src"
fi
[[ -f $src/Makefile && -f $src/Kconfig ]] || die "no Linux source tree in ${tarball:-$tree}"
cd "$src"
[[ -n $tree ]] && run make ARCH="$arch" mrproper

# --- Patches ------------------------------------------------------------------
apply_patch() {
  echo "=== patch $1" >>"$log"
  if ! patch -p1 --batch --forward --no-backup-if-mismatch -i "$1" >>"$log" 2>&1; then
    echo "build_linux: patch $1 does not apply; last lines of the log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
}
if [[ -n $series ]]; then
  # Quilt-style series: one patch per line (optionally followed by options,
  # which are not supported), '#' starts a comment. Each name must be one of
  # the --patch files, matched by its path relative to the series file.
  series_dir=$(dirname "$series")
  while read -r name rest; do
    name=${name%%#*}
    [[ -n $name ]] || continue
    [[ -z ${rest%%#*} ]] || die "series: options after a patch name are not supported: $name $rest"
    found=""
    for p in "${patches[@]}"; do
      if [[ $p == "$series_dir/$name" ]]; then found=$p; break; fi
    done
    [[ -n $found ]] || die "series names $name, which is not among the patches given to the rule"
    apply_patch "$found"
  done <"$series"
else
  for p in "${patches[@]}"; do apply_patch "$p"; done
fi

# --- Config -------------------------------------------------------------------
export ARCH=$arch CROSS_COMPILE=$cross
# Reproducible: the build stamp comes from the source (the top Makefile's
# time), not from the clock, user or host.
KBUILD_BUILD_TIMESTAMP=$(date -u -d "@$(stat -c %Y Makefile)" '+%Y-%m-%d %H:%M:%S UTC')
export KBUILD_BUILD_TIMESTAMP KBUILD_BUILD_USER=pvppc KBUILD_BUILD_HOST=pvppc KBUILD_BUILD_VERSION=1

cp "$config" .config
chmod u+w .config
run make olddefconfig

# Every option the config sets must survive olddefconfig: a typo or an unmet
# dependency would otherwise drop it silently.
missing=()
while IFS= read -r line; do
  case $line in
    CONFIG_*=*)
      grep -qxF -- "$line" .config || missing+=("$line") ;;
    "# CONFIG_"*" is not set")
      opt=${line#\# }; opt=${opt%% *}
      ! grep -q "^$opt=" .config || missing+=("$line") ;;
  esac
done <"$config"
if ((${#missing[@]})); then
  echo "build_linux: $(basename "$config"): these settings did not survive 'make olddefconfig'" >&2
  echo "(unknown option, unmet dependency or selected by another option):" >&2
  for m in "${missing[@]}"; do
    opt=${m#\# }; opt=${opt%%[= ]*}
    echo "  wanted: $m    got: $(grep -E "^(# )?$opt[= ]" .config || echo "(absent)")" >&2
  done
  exit 1
fi

# --- Build --------------------------------------------------------------------
jobs=$(nproc 2>/dev/null || echo 2)
run make -j"$jobs" vmlinux
release=$(make -s kernelrelease)

cp vmlinux "$out_vmlinux"
cp .config "$out_config"
cp System.map "$out_system_map"
echo "$release" >"$out_release"
echo "build_linux: Linux $release built in $((SECONDS - start)) s (make -j$jobs)" >&2
