#!/bin/sh
# One-command benchmark: real etcd vs `wisp datastore` on this machine, in
# the same run. Usage: bench/datastore/run.sh [LOADS]   (default "s m l xl")
#
# Builds an optimized wisp (build/bench-release) and the latency probe, then
# for each system: `etcdctl check perf --load=L` per load, Range latency
# (one key, 1,000-key prefix), watch fan-out to 1,000 watchers, idle RSS,
# RSS after load, and `etcdctl snapshot save` time and size.
# Both systems keep their data under bench/datastore/.work (a real disk,
# not tmpfs) with durable writes (etcd: fsync per raft batch; wisp:
# synchronous=FULL per group commit).
set -eu
LOADS=${1:-"s m l xl"}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${WISP_BENCH_BUILD:-$ROOT/build/bench-release}
WORK=$ROOT/bench/datastore/.work
rm -rf "$WORK" && mkdir -p "$WORK"
PIDS=""
cleanup() { for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

if [ ! -x "$BUILD/wisp" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWISP_SANITIZE=OFF \
    -DWISP_STATIC=OFF -DWISP_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$BUILD" --target wisp >/dev/null
GEN=$BUILD/proto/gen
c++ -O2 -std=c++20 -I"$GEN" "$ROOT/bench/datastore/datastore_bench.cc" \
  "$GEN/etcd/rpc.pb.cc" "$GEN/etcd/rpc.grpc.pb.cc" "$GEN/etcd/kv.pb.cc" "$GEN/etcd/auth.pb.cc" \
  $(pkg-config --cflags --libs grpc++ protobuf) -o "$WORK/datastore_bench"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { i=0; until ETCDCTL_API=3 etcdctl --endpoints="$1" endpoint health >/dev/null 2>&1; do
  i=$((i+1)); [ $i -lt 300 ] || { echo "server at $1 did not start" >&2; exit 1; }; sleep 0.1; done; }
rss_kb() { awk '/VmRSS|RssAnon|RssFile/{printf "%s %s ", $1, $2}' "/proc/$1/status"; }

EP=$(free_port); PEER=$(free_port)
etcd --data-dir "$WORK/etcd" --listen-client-urls "http://127.0.0.1:$EP" \
  --advertise-client-urls "http://127.0.0.1:$EP" --listen-peer-urls "http://127.0.0.1:$PEER" \
  --initial-advertise-peer-urls "http://127.0.0.1:$PEER" \
  --initial-cluster "default=http://127.0.0.1:$PEER" >"$WORK/etcd.log" 2>&1 &
PIDS="$PIDS $!"; ETCD_PID=$!
WP=$(free_port)
"$BUILD/wisp" datastore --data-dir "$WORK/wisp" --listen-client-urls "http://127.0.0.1:$WP" \
  >"$WORK/wisp.log" 2>&1 &
PIDS="$PIDS $!"; WISP_PID=$!
wait_ready "127.0.0.1:$EP"; wait_ready "127.0.0.1:$WP"
sleep 1
echo "idle RSS (KiB): etcd $(rss_kb $ETCD_PID)  wisp $(rss_kb $WISP_PID)"

perf() { # endpoint load -> "throughput_line|result"
  ETCDCTL_API=3 etcdctl --endpoints="$1" check perf --load="$2" --auto-compact --auto-defrag 2>&1 \
    | tr -d '\r' | grep -E "Throughput|Slowest|Stddev|PASS|FAIL" | tr '\n' ' '
}
for L in $LOADS; do
  echo "check perf --load=$L"
  echo "  etcd: $(perf 127.0.0.1:$EP $L)"
  echo "  wisp: $(perf 127.0.0.1:$WP $L)"
done

echo "latency (microseconds)      p50    p99"
"$WORK/datastore_bench" "127.0.0.1:$EP" | sed 's/^/  etcd /'
"$WORK/datastore_bench" "127.0.0.1:$WP" | sed 's/^/  wisp /'
echo "RSS after load (KiB): etcd $(rss_kb $ETCD_PID)  wisp $(rss_kb $WISP_PID)"

snap() { # endpoint file -> "N ms, N bytes, N keys" (wall time of etcdctl snapshot save)
  s=$(date +%s%N)
  ETCDCTL_API=3 etcdctl --endpoints="$1" snapshot save "$2" >/dev/null 2>&1
  e=$(date +%s%N)
  keys=$(ETCDCTL_API=3 etcdctl snapshot status -w json "$2" | sed 's/.*"totalKey":\([0-9]*\).*/\1/')
  echo "$(( (e - s) / 1000000 )) ms, $(stat -c %s "$2") bytes, $keys bucket keys"
}
echo "snapshot save: etcd $(snap 127.0.0.1:$EP "$WORK/etcd.snap")"
echo "               wisp $(snap 127.0.0.1:$WP "$WORK/wisp.snap")"
