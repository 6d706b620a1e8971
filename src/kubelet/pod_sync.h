// File: src/kubelet/pod_sync.h
//
// The reconciler of one pod: given the desired Pod and what the runtime
// holds (PodRuntimeState), one Sync call takes the next steps towards the
// spec, as upstream's kuberuntime SyncPod does:
//
//   no ready sandbox ─► (unless the pod has finished) stop the old one,
//                       run a new sandbox (attempt + 1)
//   init containers  ─► start the first one not yet succeeded; wait while it
//                       runs; a failed one restarts per restartPolicy
//                       (Never: the pod fails)
//   containers       ─► start missing ones; restart exited ones per
//                       restartPolicy with CrashLoopBackOff; kill the ones
//                       whose liveness/startup probe failed
//   finished pod     ─► (Never/OnFailure, all done) stop the sandbox
//   garbage          ─► keep the newest two containers per name (the running
//                       one and its last state); remove older dead ones and
//                       dead sandboxes without containers
//
// Restart counts come from the io.kubernetes.container.restartCount
// annotation of the newest container of that name, so nothing is lost when
// the kubelet restarts. Not thread-safe: one PodSyncer per pod worker.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "kubelet/backoff.h"
#include "kubelet/handler_runner.h"
#include "kubelet/pod.h"
#include "kubelet/pod_state.h"
#include "wisp/cri/runtime.h"

namespace wisp::kubelet {

struct SyncEnv {
  cri::Runtime* runtime = nullptr;
  HandlerRunner* handlers = nullptr;
  std::string pod_logs_dir;
  std::string pods_dir;
  int64_t node_memory = 0;
  int64_t node_cpu_milli = 0;
  std::string host_ip;
  bool mount_tmpfs = true;
  std::function<std::chrono::system_clock::time_point()> now;
};

// Why a container is not running (status "waiting" with this reason).
struct Waiting {
  std::string reason;
  std::string message;
};

struct SyncResult {
  std::map<std::string, Waiting> waiting;  // By container name.
};

// The sandbox the pod's containers belong to: the newest one, or null.
const cri::v1::PodSandbox* CurrentSandbox(const PodRuntimeState& state);

// True if the pod has reached Succeeded or Failed: its restartPolicy lets no
// container run again.
bool PodFinished(const Pod& pod, const PodRuntimeState& state);

class PodSyncer {
 public:
  explicit PodSyncer(SyncEnv env) : env_(std::move(env)) {}

  // One step (see above). `unhealthy` holds IDs of running containers whose
  // liveness or startup probe failed. Errors are the runtime's; the caller
  // retries on the next sync.
  absl::Status Sync(const Pod& pod, const PodRuntimeState& state,
                    const std::set<std::string>& unhealthy, SyncResult& result);

  // Runs preStop hooks, stops every container (SIGTERM, then SIGKILL after
  // the grace period from the containers' annotation, or `grace` if set) in
  // parallel, stops and removes sandboxes and containers, and deletes the
  // pod's volumes. OK once nothing is left.
  absl::Status Kill(const std::string& uid, const PodRuntimeState& state,
                    std::optional<int64_t> grace = std::nullopt);

  const CrashBackOff& backoff() const { return backoff_; }

 private:
  absl::Status StartContainer(const Pod& pod, const Container& c, const std::string& sandbox_id,
                              uint32_t attempt, int restart_count, SyncResult& result);
  absl::StatusOr<std::string> EnsureImage(const Pod& pod, const Container& c, SyncResult& result);
  // Restarts `c` if its restartPolicy and back-off allow.
  absl::Status RestartExited(const Pod& pod, const Container& c, const ContainerInfo& last,
                             const std::string& sandbox_id, uint32_t attempt, SyncResult& result);
  absl::Status StopContainer(const ContainerInfo& c, int64_t grace, const std::string& pod_ip);
  void CollectGarbage(const PodRuntimeState& state);

  SyncEnv env_;
  CrashBackOff backoff_;
  // Image pull back-off: when the last pull of uid/container failed.
  std::map<std::string, std::chrono::system_clock::time_point> pull_failed_at_;
};

}  // namespace wisp::kubelet
