// File: wisp/worker/host.h
//
// What the worker needs to know about the machine it runs on: where the CNI
// plugins and executables are, whether systemd is PID 1, and whether overlayfs
// can mount here (it cannot on some overlay-on-overlay or rootless setups).
// Functions read the host; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wisp::worker {

// The first of `candidates` that holds an executable `bridge` plugin.
// NotFound listing the candidates otherwise.
absl::StatusOr<std::string> DetectCniBinDir(const std::vector<std::string>& candidates = {
                                                "/usr/lib/cni", "/opt/cni/bin"});

// The absolute path of `name` on $PATH (or `name` if it is already absolute
// and executable). NotFound naming it otherwise.
absl::StatusOr<std::string> FindExecutable(const std::string& name);

// True when /proc/1/comm is "systemd".
bool SystemdIsInit();

// True when this process may lower its oom_score_adj (it tries, then
// restores the old value).
bool CanLowerOomScoreAdj();

// OK if an overlay filesystem mounts in a scratch dir under `scratch_parent`
// (created and removed here); the error says why not.
absl::Status ProbeOverlay(const std::string& scratch_parent);

}  // namespace wisp::worker
