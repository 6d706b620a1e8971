// File: tests/testing/host_nat.h
//
// For e2e tests that run `wisp worker` in the host's network namespace: the
// host nat table's POSTROUTING rules, and removal of the pod masquerade
// chain the worker installs (src/worker/masquerade.h), so a test leaves the
// host as it found it. Not thread-safe.
#pragma once

#include <stdlib.h>

#include <array>
#include <cstdio>
#include <string>

namespace wisp::testing {

// `iptables -t nat -S POSTROUTING` ("" if iptables is missing).
inline std::string HostNatPostrouting() {
  std::string out;
  if (FILE* p = ::popen("iptables -w 5 -t nat -S POSTROUTING 2>/dev/null", "r")) {
    std::array<char, 4096> buf;
    for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), p)) > 0;) out.append(buf.data(), n);
    ::pclose(p);
  }
  return out;
}

inline bool HostPodMasqueradePresent() {
  return std::system("iptables -w 5 -t nat -S WISP-POD-EGRESS >/dev/null 2>&1") == 0;
}

// Deletes wisp's POSTROUTING jumps and its chain.
inline void RemoveHostPodMasquerade() {
  (void)!std::system(
      "iptables -w 5 -t nat -S POSTROUTING 2>/dev/null | grep -- '--comment wisp-pod-egress' | "
      "sed 's/^-A /-D /' | while read -r rule; do iptables -w 5 -t nat $rule; done; "
      "iptables -w 5 -t nat -F WISP-POD-EGRESS 2>/dev/null; "
      "iptables -w 5 -t nat -X WISP-POD-EGRESS 2>/dev/null");
}

}  // namespace wisp::testing
