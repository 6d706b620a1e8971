#!/usr/bin/env bash
# Installs every dependency, builds wisp and runs the whole test suite.
#
#   scripts/test.sh            everything: deps, release build + static check, dev build, ctest
#   WISP_SKIP_RELEASE=1 ...    skip the release build (faster local loops)
#
# This is the command .ci/run calls and README.md shows.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh --build --runtime --test

jobs=$(nproc)
start=$(date +%s)

if [[ "${WISP_SKIP_RELEASE:-0}" != 1 ]]; then
  echo "== release build (static) =="
  cmake --preset release >/dev/null
  cmake --build --preset release -j "$jobs"
  scripts/check-static.sh build/release/wisp
fi

echo "== dev build (ASan + UBSan) =="
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"

echo "== tests =="
# Sanitizer runtime options: fail loudly, no leak noise from gRPC's globals.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
ctest --preset dev -j "$jobs" || status=$?
echo "scripts/test.sh: finished in $(( $(date +%s) - start ))s"
exit "$status"
