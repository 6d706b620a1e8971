// File: wisp/worker/worker.h
//
// The node role (`wisp worker`, design.md §1 and §6), wired as plain code:
// PrepareWorker creates the worker's directories, detects the host (CNI
// plugin dir, overlay support, systemd), writes containerd's config and the
// CNI conflist, and returns the components in start order:
//
//   containerd   the Debian binary, supervised; ready when CRI Version answers
//   images       imports wisp's pause image and <data-dir>/images/*.tar
//   kubelet      `wisp kubelet` (this binary, re-executed), supervised; pointed
//                at containerd's socket (only when WorkerOptions::wisp_binary
//                is set)
//
// The caller puts them into a component::Manager (start in order, stop in
// reverse). Everything lives under the data and run dirs; the system's
// /var/lib/containerd and /run/containerd are never used (except the shim
// socket dir /run/containerd/s, which containerd 1.6 hard-codes).
// Not thread-safe; call from the role's main thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "wisp/component/component.h"
#include "wisp/config/cluster_config.h"

namespace wisp::worker {

struct WorkerOptions {
  std::string data_dir;
  std::string run_dir;
  config::ClusterConfig cluster;
  std::string containerd = "containerd";  // Name on $PATH or absolute path.
  std::string ctr = "ctr";
  bool copy_child_output_to_stderr = true;
  // The wisp executable to run `wisp kubelet` with; "" = no kubelet.
  std::string wisp_binary;
  // Extra flags for `wisp kubelet` (e.g. --pod-logs-dir, --node-name).
  std::vector<std::string> kubelet_args;
};

// Where the worker keeps its files.
struct WorkerPaths {
  std::string containerd_root;     // <data-dir>/containerd
  std::string containerd_state;    // <run-dir>/containerd
  std::string containerd_socket;   // <run-dir>/containerd/containerd.sock
  std::string containerd_config;   // <data-dir>/containerd.toml
  std::string registry_hosts_dir;  // <data-dir>/containerd/certs.d
  std::string cni_conf_dir;        // <data-dir>/cni/net.d
  std::string cni_conflist;        // <data-dir>/cni/net.d/10-wisp.conflist
  std::string cni_ipam_dir;        // <data-dir>/cni/networks
  std::string images_dir;          // <data-dir>/images
  std::string log_dir;             // <data-dir>/logs
};

WorkerPaths PathsFor(const std::string& data_dir, const std::string& run_dir);

// Writes the files and returns the components (see above). Errors name the
// file, directory or tool that is missing or unwritable.
absl::StatusOr<std::vector<std::unique_ptr<component::Component>>> PrepareWorker(
    const WorkerOptions& options);

}  // namespace wisp::worker
