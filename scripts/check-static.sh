#!/usr/bin/env bash
# Fails unless the given binary depends on nothing but glibc's own libraries.
set -euo pipefail
bin="${1:?usage: check-static.sh BINARY}"
echo "check-static: $bin is $(stat -c %s "$bin") bytes"
libs=$(ldd "$bin" | awk '{print $1}')
echo "$libs" | sed 's/^/  needs /'
bad=$(echo "$libs" | grep -vE '^(linux-vdso\.so\.1|linux-gate\.so\.1|/lib.*/ld-linux.*\.so\.[0-9]+|lib(c|m|pthread|dl|rt|resolv|util)\.so\.[0-9]+)$' || true)
if [[ -n "$bad" ]]; then
  echo "check-static: $bin links non-glibc libraries:" >&2
  echo "$bad" >&2
  exit 1
fi
"$bin" version >/dev/null
echo "check-static: ok"
