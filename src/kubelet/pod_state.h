// File: src/kubelet/pod_state.h
//
// What the runtime holds for one pod, found by the io.kubernetes.pod.uid
// label: its sandboxes and containers, newest first, with the details
// (exit code, reason, times) from ContainerStatus. This is the kubelet's only
// source of truth about running pods.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "wisp/cri/runtime.h"

namespace wisp::kubelet {

struct ContainerInfo {
  std::string id;
  std::string sandbox_id;
  std::string name;       // io.kubernetes.container.name
  int restart_count = 0;  // io.kubernetes.container.restartCount
  cri::v1::ContainerStatus status;
};

struct PodRuntimeState {
  std::vector<cri::v1::PodSandbox> sandboxes;  // Newest first.
  std::vector<ContainerInfo> containers;       // Newest first.

  // The newest container named `name`, optionally only in `sandbox_id`.
  const ContainerInfo* Latest(const std::string& name, const std::string& sandbox_id = "") const;
};

absl::StatusOr<PodRuntimeState> GetPodState(cri::Runtime& runtime, const std::string& uid);

struct PodName {
  std::string namespace_;
  std::string name;
};

// Every pod the runtime holds (label io.kubernetes.pod.uid of sandboxes and
// containers), with its namespace and name from the labels.
absl::StatusOr<std::map<std::string, PodName>> ListPods(cri::Runtime& runtime);

}  // namespace wisp::kubelet
