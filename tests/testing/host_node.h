// File: tests/testing/host_node.h
//
// For e2e tests that run a real node (`wisp worker`, containerd, runc) on
// the host: what such a run can leave behind (processes and mounts under the
// test's temp dir, network namespaces, wisp's pod masquerade rules in the
// host nat table, see src/worker/masquerade.h), so a test can find and
// remove it and leave the host as it found it. Not thread-safe.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "wisp/base/files.h"

namespace wisp::testing {

// Pids (other than this process) whose command line mentions `dir` or whose
// root directory is under it.
inline std::vector<pid_t> ProcessesUnder(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<pid_t> out;
  std::error_code ec;
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    pid_t pid = std::stoi(name);
    if (pid == ::getpid()) continue;
    std::string cmdline = base::ReadFile(it->path() / "cmdline").value_or("");
    std::error_code link_ec;
    std::string root = fs::read_symlink(it->path() / "root", link_ec).string();
    if (cmdline.find(dir) != std::string::npos || root.rfind(dir, 0) == 0) out.push_back(pid);
  }
  return out;
}

// Mount points under `dir`, deepest first.
inline std::vector<std::string> MountsUnder(const std::string& dir) {
  std::vector<std::string> out;
  std::istringstream in(base::ReadFile("/proc/self/mountinfo").value_or(""));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, devs, root, point;
    fields >> id >> parent >> devs >> root >> point;
    if (point.rfind(dir, 0) == 0) out.push_back(point);
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
  return out;
}

// The named network namespaces (/run/netns/*).
inline std::set<std::string> NetNamespaces() {
  namespace fs = std::filesystem;
  std::set<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it("/run/netns", ec), end; !ec && it != end; it.increment(ec)) {
    out.insert(it->path().string());
  }
  return out;
}

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
