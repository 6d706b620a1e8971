#!/bin/sh
# One-command benchmark of `wisp kubelet` on real containerd (as root):
#   1. start latency: for 50 static pods, one after the other, the time from
#      the manifest written to the container running (the pod's status file
#      shows it), p50/p99; against `ctr run -d` of the same image on the same
#      containerd (the runtime's own floor), as a ratio;
#   2. the kubelet's idle RSS with 10 pods running.
# Usage: bench/kubelet/run.sh            (builds an optimized, static wisp -
#        the shipped configuration - in build/bench-static)
#        WISP_BINARY=path bench/kubelet/run.sh   (uses that binary)
# Everything lives in a temp dir; pods, containerd and the bridge are removed
# at the end.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${WISP_BINARY:-}" ]; then
  BUILD=${WISP_BENCH_BUILD:-$ROOT/build/bench-static}
  if [ ! -x "$BUILD/wisp" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWISP_SANITIZE=OFF \
      -DWISP_STATIC=ON -DWISP_BUILD_TESTS=OFF >/dev/null
  fi
  cmake --build "$BUILD" --target wisp >/dev/null
  WISP_BINARY=$BUILD/wisp
fi
exec /usr/bin/python3 "$ROOT/bench/kubelet/kubelet_bench.py" "$WISP_BINARY" "$@"
