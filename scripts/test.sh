#!/usr/bin/env bash
# Runs every test: the normal build, then the same suite under ASan + UBSan.
# Ends with one "N passed, N failed" line over both runs.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || exit 1

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
for config in "" "--config=asan"; do
  # shellcheck disable=SC2086
  bazel test $config --test_summary=short //... "$@" 2>&1 | tee -a "$log"
  rc=${PIPESTATUS[0]}
  if [[ $rc -ne 0 ]]; then status=$rc; fi
done
passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log" || true)
failed=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|NO STATUS|FLAKY|INCOMPLETE|REMOTE FAILURE|FAILED TO BUILD)' "$log" || true)
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi  # a build failure runs no test
echo "bazel: $passed passed, $failed failed"
exit $status
