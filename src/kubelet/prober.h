// File: src/kubelet/prober.h
//
// Liveness, readiness and startup probes of one pod's running containers,
// with upstream's timing: the first check initialDelaySeconds after the
// container started, then every periodSeconds, each bounded by
// timeoutSeconds; a result flips after successThreshold successes or
// failureThreshold failures in a row. Liveness and readiness wait until the
// startup probe (if any) has succeeded.
//
//   readiness  Ready(id): false until it succeeds (true without a probe)
//   startup    Started(id): false until it succeeds (true without a probe)
//   liveness/startup failing ─► Unhealthy(): the reconciler kills them
//
// Results live as long as the container ID; a restarted container starts
// over. Not thread-safe: one per pod worker.
#pragma once

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "kubelet/handler_runner.h"
#include "kubelet/pod.h"
#include "kubelet/pod_state.h"

namespace wisp::kubelet {

class Prober {
 public:
  using Time = std::chrono::system_clock::time_point;

  explicit Prober(HandlerRunner& runner) : runner_(runner) {}

  // Runs the checks due at `now` (synchronously, one after the other).
  void RunDue(const Pod& pod, const PodRuntimeState& state, const std::string& pod_ip, Time now);

  bool Ready(const std::string& container_id) const;
  bool Started(const std::string& container_id) const;
  std::set<std::string> Unhealthy() const;

  // When the next check is due; Time::max() if none.
  Time NextDue() const;

 private:
  enum class Kind { kStartup, kLiveness, kReadiness };
  struct State {
    Time next;
    int successes = 0;
    int failures = 0;
    bool result = false;  // Current verdict: success.
    bool failed = false;  // Liveness/startup reached failureThreshold.
  };
  using Key = std::pair<std::string, Kind>;

  void Check(const Probe& probe, const HandlerTarget& target, State& st, Time now);

  HandlerRunner& runner_;
  std::map<Key, State> states_;
  std::set<std::string> no_readiness_;  // Running containers without a readiness probe.
  std::set<std::string> no_startup_;
};

}  // namespace wisp::kubelet
