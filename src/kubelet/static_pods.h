// File: src/kubelet/static_pods.h
//
// The static pod source: every *.yaml, *.yml and *.json file directly in the
// manifest directory holds one Pod. Its UID is derived from the file's bytes
// and the node name (as upstream hashes the manifest and the node), so it is
// stable across kubelet restarts and an edited manifest is a new pod.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "kubelet/pod.h"

namespace wisp::kubelet {

struct StaticPods {
  std::vector<Pod> pods;
  std::vector<std::string> errors;  // "<file>: <problem>", one per bad file.
};

// A missing directory is no pods; an unreadable one is an error. Two files
// with the same namespace/name: the first in name order wins, the other is an
// error.
absl::StatusOr<StaticPods> ReadStaticPods(const std::string& dir, const std::string& node_name);

// The UID of a manifest: 32 hex digits of SHA-256(content, 0, node name).
std::string StaticPodUid(const std::string& content, const std::string& node_name);

}  // namespace wisp::kubelet
