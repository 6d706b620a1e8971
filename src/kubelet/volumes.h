// File: src/kubelet/volumes.h
//
// Pod volumes on the node: emptyDir directories under
// <pods-dir>/<uid>/volumes (a tmpfs mounted there for medium Memory) and
// hostPath checks/creation by type. Thread-compatible.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "kubelet/pod.h"

namespace wisp::kubelet {

// Idempotent. `mount_tmpfs` false leaves Memory volumes as plain
// directories (unit tests without root).
absl::Status PrepareVolumes(const Pod& pod, const std::string& pods_dir, bool mount_tmpfs);

// Unmounts what PrepareVolumes mounted and deletes <pods-dir>/<uid>.
absl::Status CleanupVolumes(const std::string& pods_dir, const std::string& uid);

}  // namespace wisp::kubelet
