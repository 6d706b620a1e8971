// File: src/kubelet/runtime_config.h
//
// Pod and container specs → CRI configs, with the labels and annotations by
// which the kubelet later recognises what it created (the same keys as
// upstream's kuberuntime, so `crictl` shows familiar names):
//
//   sandbox labels    io.kubernetes.pod.{name,namespace,uid} + the pod's labels
//   container labels  io.kubernetes.pod.{name,namespace,uid},
//                     io.kubernetes.container.name
//   container annotations io.kubernetes.container.restartCount,
//                     io.kubernetes.pod.terminationGracePeriod,
//                     io.kubernetes.container.preStopHandler (JSON)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "kubelet/pod.h"
#include "wisp/cri/runtime.h"

namespace wisp::kubelet {

inline constexpr char kPodNameLabel[] = "io.kubernetes.pod.name";
inline constexpr char kPodNamespaceLabel[] = "io.kubernetes.pod.namespace";
inline constexpr char kPodUidLabel[] = "io.kubernetes.pod.uid";
inline constexpr char kContainerNameLabel[] = "io.kubernetes.container.name";
inline constexpr char kRestartCountAnnotation[] = "io.kubernetes.container.restartCount";
inline constexpr char kGracePeriodAnnotation[] = "io.kubernetes.pod.terminationGracePeriod";
inline constexpr char kPreStopAnnotation[] = "io.kubernetes.container.preStopHandler";

// <pod-logs-dir>/<namespace>_<name>_<uid>
std::string PodLogDir(const std::string& pod_logs_dir, const Pod& pod);
// <pods-dir>/<uid>/volumes/kubernetes.io~empty-dir/<volume>
std::string EmptyDirPath(const std::string& pods_dir, const std::string& uid,
                         const std::string& volume);
// <pods-dir>/<uid>/containers/<container>/<restart>: the host file mounted at
// the container's terminationMessagePath (status message on exit).
std::string TerminationLogPath(const std::string& pods_dir, const std::string& uid,
                               const std::string& container, int restart_count);

cri::v1::PodSandboxConfig BuildSandboxConfig(const Pod& pod, const std::string& pod_logs_dir,
                                             uint32_t attempt);

// Linux resources as upstream: shares = max(2, request·1024/1000), quota =
// limit·100 µs per 100 ms period (at least 1 ms), memory limit in bytes, and
// the QoS class's oom_score_adj (`node_memory` bytes for Burstable).
cri::v1::LinuxContainerResources BuildResources(const Pod& pod, const Resources& r,
                                                int64_t node_memory);

// "Guaranteed", "Burstable" or "BestEffort".
std::string QosClass(const Pod& pod);

struct ContainerConfigInput {
  const Pod* pod = nullptr;
  const Container* container = nullptr;
  int restart_count = 0;
  std::string image_ref;  // The image ID the runtime resolved.
  std::string pods_dir;
  int64_t node_memory = 0;
  int64_t node_cpu_milli = 0;   // Allocatable, for limits of containers without one.
  std::string pod_ip, host_ip;  // For status.podIP / status.hostIP env values.
};

// InvalidArgument if a volumeMount names no volume. The termination log
// file (TerminationLogPath) must exist; the caller creates it.
absl::StatusOr<cri::v1::ContainerConfig> BuildContainerConfig(const ContainerConfigInput& in);

// A handler as JSON (the preStop annotation) and back.
nlohmann::json HandlerToJson(const Handler& h);
std::optional<Handler> HandlerFromJson(const std::string& text);

// $(VAR) references in `s` expanded from `env` ($$ is a literal $), as upstream.
std::string ExpandEnv(const std::string& s, const std::vector<EnvVar>& env);

}  // namespace wisp::kubelet
