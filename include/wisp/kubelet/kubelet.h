// File: wisp/kubelet/kubelet.h
//
// The node agent (`wisp kubelet`, design.md §1 and §6), for now with static
// pods only: pods come from manifest files in a directory (upstream's
// staticPodPath) and run through the CRI runtime.
//
//   manifests/*.yaml ──► StaticPodSource ──► desired pods (uid = hash of the
//                                            manifest and the node name)
//   CRI ListPodSandbox/ListContainers ─────► actual pods (by label
//                                            io.kubernetes.pod.uid)
//   one PodWorker per uid reconciles desired against actual, runs probes and
//   writes the pod's status.
//
// Nothing the kubelet needs survives only in its memory: a restarted kubelet
// finds its sandboxes and containers by their labels and annotations (as
// upstream's kuberuntime does) and adopts them.
//
// Status files: <run-dir>/kubelet/pods/<namespace>_<name>.json holds the pod
// object as the API would show it (metadata, spec with defaults, status),
// rewritten atomically after each sync and deleted once the pod is gone.
//
// Lifecycle (component::Component): Init creates directories; Start starts
// the sync thread (which starts pod worker threads); Ready answers once the
// runtime answered Version; Stop joins every thread and leaves pods running
// (a kubelet restart must not disturb them).
// Thread-safe as a component (see component.h).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "wisp/component/component.h"
#include "wisp/cri/runtime.h"

namespace wisp::kubelet {

struct KubeletOptions {
  std::string data_dir = "/var/lib/wisp";
  std::string run_dir = "/run/wisp";
  // Static pod manifests. Default: <data-dir>/manifests/pods.
  std::string pod_manifest_path;
  // Container logs: <pod-logs-dir>/<ns>_<name>_<uid>/<container>/<restart>.log.
  std::string pod_logs_dir = "/var/log/pods";
  // Volumes (emptyDir) live in <pods-dir>/<uid>/volumes. Default:
  // <data-dir>/kubelet/pods.
  std::string pods_dir;
  // Static pods are named <name>-<node-name>, as upstream. Default: hostname.
  std::string node_name;
  // How often every pod is re-synced against the runtime (manifest changes
  // are seen at once through inotify).
  std::chrono::milliseconds sync_frequency{std::chrono::seconds(1)};
  // Log rotation, as upstream's containerLogMaxSize/containerLogMaxFiles:
  // a running container's log larger than the size (a quantity) is rotated,
  // and at most max-files files of it (the live one included) are kept.
  std::string container_log_max_size = "10Mi";
  int container_log_max_files = 5;
};

// Checks the options a user sets; errors name the flag.
absl::Status ValidateOptions(const KubeletOptions& options);

// Fills the defaults documented above (node name from gethostname, lower-cased).
KubeletOptions WithDefaults(KubeletOptions options);

// The status file of a pod (see above).
std::string PodStatusPath(const KubeletOptions& options, const std::string& pod_namespace,
                          const std::string& pod_name);

// `options` must have been through WithDefaults. The reconciler's parts
// (src/kubelet) take their clock and runtime as parameters and are unit
// tested with fakes; this wiring uses the system clocks.
std::unique_ptr<component::Component> NewKubelet(const KubeletOptions& options,
                                                 std::unique_ptr<cri::Runtime> runtime);

}  // namespace wisp::kubelet
