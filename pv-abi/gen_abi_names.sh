#!/bin/sh
# Lists what pvppc_abi.h defines as X-macro lines, so that tests can turn
# every name into its value with the compiler (docs/abi.md, Appendix B):
#   PVPPC_DOC_NUMBER(NAME)              a numeric macro
#   PVPPC_DOC_STRING(NAME)              a string macro
#   PVPPC_DOC_FUNCTION(NAME)            a function-like macro
#   PVPPC_DOC_CALL(VENDOR, NAME)        a PVPPC_HC_* call and the vendor whose
#                                       "(vendor PVPPC_VENDOR_*)" comment it
#                                       follows in the header
#   PVPPC_DOC_FIELD(name)               a member of struct pvppc_shared_page,
#                                       in declaration order
# A member line it cannot read fails the generation (and so the build)
# instead of being skipped. POSIX awk only (Debian's default is mawk).
#
# Usage: gen_abi_names.sh pvppc_abi.h > abi_names.inc
set -eu
if [ $# -ne 1 ]; then
  echo "usage: $0 pvppc_abi.h" >&2
  exit 2
fi
awk '
/\(vendor PVPPC_VENDOR_[A-Z0-9_]+\)/ {
  match($0, /PVPPC_VENDOR_[A-Z0-9_]+/)
  vendor = substr($0, RSTART, RLENGTH)
}
/^[ \t]*#[ \t]*define[ \t]+PVPPC_/ {
  rest = $0
  sub(/^[ \t]*#[ \t]*define[ \t]+/, "", rest)
  match(rest, /^[A-Za-z0-9_]+/)
  name = substr(rest, 1, RLENGTH)
  body = substr(rest, RLENGTH + 1)
  if (body ~ /^\(/) {
    print "PVPPC_DOC_FUNCTION(" name ")"
  } else if (body ~ /^[ \t]+"/) {
    print "PVPPC_DOC_STRING(" name ")"
  } else if (body ~ /^[ \t]+[^ \t]/) {
    print "PVPPC_DOC_NUMBER(" name ")"
    if (name ~ /^PVPPC_HC_/) {
      if (vendor == "") {
        print "gen_abi_names: " name " follows no (vendor PVPPC_VENDOR_...) comment" > "/dev/stderr"
        bad = 1
      }
      print "PVPPC_DOC_CALL(" vendor ", " name ")"
    }
  }
  next
}
/^struct pvppc_shared_page[ \t]*\{/ { in_struct = 1; saw_struct = 1; next }
in_struct && /^\};/ { in_struct = 0; next }
in_struct {
  line = $0
  gsub(/\/\*[^*]*\*+([^\/*][^*]*\*+)*\//, "", line)  # one-line comments
  if (line ~ /^[ \t]*$/) next
  if (line ~ /^[ \t]*u?int(8|16|32|64)_t[ \t]+[a-z][a-z0-9_]*[ \t]*(\[[A-Za-z0-9_ +*-]+\])?[ \t]*;[ \t]*$/) {
    sub(/^[ \t]*u?int(8|16|32|64)_t[ \t]+/, "", line)
    match(line, /^[a-z][a-z0-9_]*/)
    print "PVPPC_DOC_FIELD(" substr(line, 1, RLENGTH) ")"
  } else {
    print "gen_abi_names: cannot read this member of struct pvppc_shared_page: " $0 > "/dev/stderr"
    bad = 1
  }
}
END {
  if (!saw_struct) print "gen_abi_names: no struct pvppc_shared_page" > "/dev/stderr"
  if (!saw_struct || bad) exit 1
}
' "$1"
