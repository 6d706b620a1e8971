#!/usr/bin/env bash
# Installs what wisp needs on Debian 12, from Debian's own packages only.
#
#   deploy/install-deps.sh [--build] [--runtime] [--test]   (default: all three)
#
# Idempotent: packages already installed are skipped, and `apt-get update`
# only runs when something is missing. Must run as root.
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev libgrpc-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libssl-dev libsqlite3-dev libyaml-cpp-dev nlohmann-json3-dev
  libspdlog-dev libfmt-dev libcli11-dev libboost1.81-dev libre2-dev libc-ares-dev zlib1g-dev
)
runtime_pkgs=(
  ca-certificates iproute2 iptables procps containerd runc containernetworking-plugins
)
test_pkgs=(
  googletest libgtest-dev libgmock-dev clang-format sqlite3
  etcd-server etcd-client busybox-static docker-registry skopeo curl
)

want=()
if [[ $# -eq 0 ]]; then set -- --build --runtime --test; fi
for arg in "$@"; do
  case "$arg" in
    --build) want+=("${build_pkgs[@]}") ;;
    --runtime) want+=("${runtime_pkgs[@]}") ;;
    --test) want+=("${test_pkgs[@]}") ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "install-deps: unknown option '$arg' (use --build, --runtime, --test)" >&2; exit 2 ;;
  esac
done

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: must run as root (apt-get install)" >&2
  exit 1
fi

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
