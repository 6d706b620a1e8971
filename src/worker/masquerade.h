// File: src/worker/masquerade.h
//
// Source NAT for traffic that leaves the node's pod network: one rule in the
// host's nat POSTROUTING chain, `-s <subnet> ! -d <subnet>`, jumping to a
// chain of wisp's own that masquerades everything but multicast. This is
// what the CNI bridge plugin's `ipMasq` would do, but once per node instead
// of a chain and several iptables runs per pod (≈15 ms of every pod start).
// Rules left by an earlier pod subnet are removed. As a worker component it
// sets the rules up before the kubelet starts and removes them when the
// worker stops with no pod left running (running pods keep their egress).
// Private to the worker module. Thread-compatible.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "wisp/component/component.h"

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

// Deletes wisp's POSTROUTING jumps (any subnet) and the chain. Missing rules
// or chain are not an error.
absl::Status RemovePodMasquerade(const IptablesRunner& iptables);

// Start: EnsurePodMasquerade (a failure is a warning: pods still reach the
// node and each other). Stop: RemovePodMasquerade if `pods_running` answers
// false; kept when it answers true or fails.
class PodMasqueradeComponent final : public component::Component {
 public:
  PodMasqueradeComponent(IptablesRunner iptables, std::string subnet,
                         std::function<absl::StatusOr<bool>()> pods_running)
      : iptables_(std::move(iptables)),
        subnet_(std::move(subnet)),
        pods_running_(std::move(pods_running)) {}

  std::string Name() const override { return "pod-masquerade"; }
  absl::Status Init() override { return absl::OkStatus(); }
  absl::Status Start() override;
  absl::Status Ready() const override { return absl::OkStatus(); }
  absl::Status Stop() override;

 private:
  const IptablesRunner iptables_;
  const std::string subnet_;
  const std::function<absl::StatusOr<bool>()> pods_running_;
  bool installed_ = false;
};

}  // namespace wisp::worker
