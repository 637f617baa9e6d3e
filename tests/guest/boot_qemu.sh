#!/usr/bin/env bash
# Boots the guest (a vmlinux and an initramfs) under qemu-system-ppc -M bamboo,
# the reference the pvppc guest artifacts are validated on.
#
#   boot_qemu.sh --kernel VMLINUX --initrd CPIO [--run PROGRAM[,ARG...]]
#                [--append "KERNEL ARGS"] [--quiet] [--timeout SECONDS]
#                [--log FILE] [-- QEMU ARGS...]
#
# With --run the guest's /init runs PROGRAM (pvppc.run=...), prints
# "pvppc-guest: exit status N" and powers off; this script then exits with N
# (125 when no status came: panic, timeout, QEMU failure) and reports the
# boot-to-init time (QEMU start to the "pvppc-guest: init reached" line).
# The console output passes through to stdout (and to --log FILE).
#
# Without --run: an interactive shell on the console (QEMU's -nographic: the
# terminal is the serial port; Ctrl-A x quits QEMU).
#
# From the repository: scripts/boot_qemu.sh builds the artifacts and calls this.
set -uo pipefail

kernel="" initrd="" run="" append="" quiet=0 timeout_s=120 log=""
qemu_extra=()
usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
while (($#)); do
  case $1 in
    --kernel) kernel=$2; shift 2 ;;
    --initrd) initrd=$2; shift 2 ;;
    --run) run=$2; shift 2 ;;
    --append) append=$2; shift 2 ;;
    --quiet) quiet=1; shift ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --) shift; qemu_extra=("$@"); break ;;
    -h | --help) usage ;;
    *) echo "boot_qemu: unknown argument $1" >&2; usage ;;
  esac
done
[[ -n $kernel && -n $initrd ]] || usage
for f in "$kernel" "$initrd"; do
  [[ -r $f ]] || { echo "boot_qemu: cannot read $f" >&2; exit 2; }
done
command -v qemu-system-ppc >/dev/null || {
  echo "boot_qemu: qemu-system-ppc not found (scripts/setup.sh installs it)" >&2
  exit 2
}

cmdline="console=ttyS0"
((quiet)) && cmdline+=" quiet"
[[ -n $run ]] && cmdline+=" pvppc.run=$run"
[[ -n $append ]] && cmdline+=" $append"

# 128 MiB is the Bamboo's default. No NIC (its PCI e1000 would want an
# option ROM that Debian ships in another package).
qemu=(qemu-system-ppc -M bamboo -m 128 -nographic -no-reboot -net none
  -kernel "$kernel" -initrd "$initrd" -append "$cmdline" "${qemu_extra[@]}")

if [[ -z $run ]]; then
  exec "${qemu[@]}"
fi

[[ -n $log ]] && : >"$log"
start=$EPOCHREALTIME
init_time=""
status=""
summary=""
# QEMU's stdin is /dev/null: nothing is typed into the guest.
while IFS= read -r line; do
  line=${line%$'\r'}
  printf '%s\n' "$line"
  [[ -n $log ]] && printf '%s\n' "$line" >>"$log"
  case $line in
    "pvppc-guest: init reached"*)
      [[ -z $init_time ]] && init_time=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }') ;;
    "pvppc-guest: exit status "*)
      status=${line#pvppc-guest: exit status } ;;
    [0-9]*" passed, "[0-9]*" failed")
      summary=$line ;;
  esac
done < <(timeout -k 5 "$timeout_s" "${qemu[@]}" </dev/null 2>&1)
total=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')

echo "boot_qemu: boot-to-init ${init_time:-(never reached)} s, total ${total} s${summary:+, result: $summary}"
if [[ -z $init_time ]]; then
  echo "boot_qemu: the guest never reached init (see the console output above)" >&2
  exit 125
fi
if [[ ! $status =~ ^[0-9]+$ ]]; then
  echo "boot_qemu: no exit status from the guest (crash, panic or timeout after ${timeout_s} s)" >&2
  exit 125
fi
exit "$status"
