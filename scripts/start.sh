#!/usr/bin/env bash
# Installs what is needed, builds the release binary and starts a single-node
# wisp controller in the foreground (Ctrl-C stops it).
#
#   sudo scripts/start.sh [extra wisp controller flags]
#
# State goes to /var/lib/wisp, sockets and pid files to /run/wisp, logs to
# /var/lib/wisp/logs; override with --data-dir / --run-dir.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh --build --runtime
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
install -m 0755 build/release/wisp /usr/local/bin/wisp
echo "start: installed /usr/local/bin/wisp ($(wisp version -o json | tr -d '\n ' ))"
exec /usr/local/bin/wisp controller "$@"
