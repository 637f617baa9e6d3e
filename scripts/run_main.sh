#!/usr/bin/env bash
# The main job: build pvppc_user and busybox, and run a busybox shell script
# on the PPC440 core.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
bazel build //:pvppc_user //third_party/busybox:busybox
bin="$(bazel info bazel-bin 2>/dev/null)"
"$bin/userspace/pvppc_user" --instructions "$bin/third_party/busybox/busybox" sh -c '
  echo "hello from busybox on the pvppc PPC440 core"
  uname -m
  seq 1 5 | awk "{ s += \$1 } END { print \"sum\", s }"
  echo pvppc | md5sum
'
