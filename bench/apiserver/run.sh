#!/bin/sh
# One-command benchmark of the API server: bench/apiserver/run.sh
#
# Builds an optimized wisp and the load generator (build/bench-release),
# starts `wisp controller` (SQLite datastore + API server) in a work dir on
# a free loopback port, then reports, with 50 concurrent clients: CREATE and
# GET latency (configmaps; closed loop at saturation, and paced at 10 CREATE/s
# and 20 GET/s per client, latency from each request's scheduled time), LIST of 5,000 pods (rv=0 from the watch cache and
# a consistent list from etcd), watch delivery latency to 1,000 watchers,
# idle RSS of datastore + apiserver and their RSS with 10,000 objects.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${WISP_BENCH_BUILD:-$ROOT/build/bench-release}
WORK=$ROOT/bench/apiserver/.work
CTL=""
cleanup() {
  [ -n "$CTL" ] && kill "$CTL" 2>/dev/null && wait "$CTL" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
rm -rf "$WORK" && mkdir -p "$WORK"

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWISP_SANITIZE=OFF \
  -DWISP_STATIC=OFF -DWISP_BUILD_TESTS=OFF -DWISP_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" --target wisp apiserver_bench >/dev/null

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$WORK/wisp.yaml" <<YAML
apiVersion: wisp.dev/v1beta1
kind: ClusterConfig
metadata:
  name: bench
spec:
  api:
    port: $PORT
YAML
ulimit -n 65536 2>/dev/null || true
"$BUILD/wisp" --data-dir "$WORK/data" --run-dir "$WORK/run" controller -c "$WORK/wisp.yaml" \
  >"$WORK/controller.log" 2>&1 &
CTL=$!
PKI=$WORK/data/pki
i=0
until curl -sf --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
  "https://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 300 ] || { echo "controller did not start" >&2; cat "$WORK/controller.log" >&2; exit 1; }
  sleep 0.1
done
sleep 8  # start-up done and its pages released (base/memory.h) before the idle RSS
DS=$(pgrep -f -- "--run-dir $WORK/run datastore")
AS=$(pgrep -f -- "--run-dir $WORK/run apiserver")
"$BUILD/bench/apiserver_bench" --server "127.0.0.1:$PORT" --ca "$PKI/ca.crt" \
  --cert "$PKI/admin.crt" --key "$PKI/admin.key" --pids "$DS,$AS" "$@"
