// File: src/kubelet/pod_parse.h
//
// A v1 Pod manifest (JSON value) → Pod, as upstream's static pod source
// does: upstream defaults are written into the object (restartPolicy Always,
// terminationGracePeriodSeconds 30, dnsPolicy ClusterFirst, imagePullPolicy
// from the image tag, probe timings, ...), the name gets "-<node-name>", the
// namespace defaults to "default", spec.nodeName is set, and the UID is
// `uid` (the caller derives it from the manifest's content).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "kubelet/pod.h"

namespace wisp::kubelet {

// Errors are InvalidArgument naming the field, e.g.
// "spec.containers[0].image: required".
absl::StatusOr<Pod> ParsePod(nlohmann::json object, const std::string& node_name,
                             const std::string& uid);

// Always if the image has no tag or the tag is "latest" (and no digest),
// else IfNotPresent.
std::string DefaultPullPolicy(const std::string& image);

}  // namespace wisp::kubelet
