#!/usr/bin/env bash
# Checks that each argument is a static, 32-bit, big-endian PowerPC ELF
# executable (what pvppc runs as a guest program). Used by tests; also handy
# by hand: tools/ppc/check_elf.sh bazel-bin/tests/programs/hello
set -euo pipefail

status=0
for f in "$@"; do
  # e_ident: magic, EI_CLASS (1 = 32-bit), EI_DATA (2 = big-endian).
  read -r -a ident < <(od -An -tu1 -N6 "$f")
  # e_type and e_machine, big-endian u16 at offsets 16 and 18.
  read -r -a hdr < <(od -An -tu1 -j16 -N4 "$f")
  e_type=$((hdr[0] * 256 + hdr[1]))
  e_machine=$((hdr[2] * 256 + hdr[3]))
  problems=()
  [[ ${ident[0]} == 127 && ${ident[1]} == 69 && ${ident[2]} == 76 && ${ident[3]} == 70 ]] || problems+=("not an ELF file")
  [[ ${ident[4]} == 1 ]] || problems+=("not ELFCLASS32")
  [[ ${ident[5]} == 2 ]] || problems+=("not big-endian")
  [[ $e_type == 2 ]] || problems+=("e_type $e_type, not ET_EXEC (static non-PIE)")
  [[ $e_machine == 20 ]] || problems+=("e_machine $e_machine, not EM_PPC (20)")
  if command -v powerpc-linux-gnu-readelf >/dev/null; then
    if powerpc-linux-gnu-readelf -lW "$f" | grep -q INTERP; then
      problems+=("has a PT_INTERP (dynamically linked)")
    fi
  fi
  if ((${#problems[@]})); then
    echo "$f: ${problems[*]}" >&2
    status=1
  else
    echo "$f: static 32-bit big-endian PowerPC executable"
  fi
done
exit $status
