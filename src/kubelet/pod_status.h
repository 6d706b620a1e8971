// File: src/kubelet/pod_status.h
//
// The pod's status as upstream's kubelet computes it (generateAPIPodStatus
// and getPhase), from the runtime state alone:
//   phase        Pending while init containers run or containers wait;
//                Running while one runs (or restarts under Always);
//                Succeeded/Failed once restartPolicy lets nothing run again
//   conditions   PodReadyToStartContainers, Initialized, ContainersReady,
//                Ready, PodScheduled (lastTransitionTime kept from `previous`)
//   containerStatuses / initContainerStatuses: state and lastState
//                (running / waiting with reason / terminated with exitCode,
//                reason OOMKilled/Error/Completed), ready, started,
//                restartCount, image, imageID, containerID
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "kubelet/pod.h"
#include "kubelet/pod_state.h"
#include "kubelet/pod_sync.h"

namespace wisp::kubelet {

struct StatusInput {
  const Pod* pod = nullptr;
  const PodRuntimeState* state = nullptr;
  const SyncResult* sync = nullptr;
  std::string pod_ip;
  std::string host_ip;
  // Probe results for a running container (true when it has no such probe).
  std::function<bool(const std::string& container_id)> ready;
  std::function<bool(const std::string& container_id)> started;
  std::chrono::system_clock::time_point now;
  std::string pods_dir;                      // For termination messages; "" = none.
  const nlohmann::json* previous = nullptr;  // The last status written, or null.
};

nlohmann::json ComputeStatus(const StatusInput& in);

// RFC 3339 in UTC with seconds, as the API writes metav1.Time.
std::string FormatTime(std::chrono::system_clock::time_point t);

}  // namespace wisp::kubelet
