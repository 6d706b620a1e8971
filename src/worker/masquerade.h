// File: src/worker/masquerade.h
//
// Source NAT for traffic that leaves the node's pod network: one rule in the
// host's nat POSTROUTING chain, `-s <subnet> ! -d <subnet>`, jumping to a
// chain of wisp's own that masquerades everything but multicast. This is
// what the CNI bridge plugin's `ipMasq` would do, but once per node instead
// of a chain and several iptables runs per pod (≈15 ms of every pod start).
// Rules left by an earlier pod subnet are removed. Private to the worker
// module. Thread-compatible.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wisp::worker {

inline constexpr char kMasqueradeChain[] = "WISP-POD-EGRESS";
inline constexpr char kMasqueradeComment[] = "wisp-pod-egress";

// Runs iptables with these arguments (after the program name) and returns its
// output, or an error when it exits non-zero.
using IptablesRunner =
    std::function<absl::StatusOr<std::string>(const std::vector<std::string>& args)>;

// A runner that executes `iptables_path` (absolute) with a wait for the
// xtables lock.
IptablesRunner ExecIptables(const std::string& iptables_path);

// Makes the nat table masquerade traffic from `subnet` (an IPv4 CIDR) to
// anywhere outside it, idempotently: creates the chain and its rules if they
// are missing, adds the POSTROUTING jump for `subnet`, and deletes wisp's
// jumps for any other subnet. An error names the iptables call that failed.
absl::Status EnsurePodMasquerade(const IptablesRunner& iptables, const std::string& subnet);

}  // namespace wisp::worker
