// File: src/worker/worker.cc
#include "wisp/worker/worker.h"

#include <unistd.h>

#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"
#include "wisp/cri/runtime.h"
#include "wisp/supervisor/probe.h"
#include "wisp/supervisor/process_component.h"
#include "wisp/worker/cni_config.h"
#include "wisp/worker/containerd_config.h"
#include "wisp/worker/host.h"
#include "wisp/worker/pause_image.h"
#include "worker/image_import.h"
#include "worker/masquerade.h"

namespace wisp::worker {
namespace {

constexpr char kLog[] = "worker";

// Ready once the socket accepts and the CRI plugin answers Version. A fresh
// channel per attempt: a channel that failed early would sit in gRPC's
// reconnect backoff long after containerd listens.
supervisor::ReadinessProbe CriVersionProbe(const std::string& socket) {
  supervisor::ReadinessProbe connect = supervisor::UnixSocketProbe(socket);
  return [socket, connect]() -> absl::Status {
    if (absl::Status st = connect(); !st.ok()) return st;
    cri::RuntimeOptions opts;
    opts.timeout = std::chrono::seconds(2);
    cri::v1::VersionRequest req;
    req.set_version("v1");
    absl::StatusOr<cri::v1::VersionResponse> v = cri::NewGrpcRuntime(socket, opts)->Version(req);
    if (!v.ok()) return absl::UnavailableError(v.status().message());
    return absl::OkStatus();
  };
}

std::string ChooseSnapshotter(const WorkerPaths& paths) {
  if (::geteuid() != 0) return "native";
  absl::Status st = ProbeOverlay(paths.containerd_root);
  if (st.ok()) return "overlayfs";
  base::LogWarn(kLog, base::StrCat("overlayfs unavailable (", base::ToStd(st.message()),
                                   "); using the native snapshotter"));
  return "native";
}

// Whether containerd has a pod sandbox that is ready (its network in use).
absl::StatusOr<bool> PodsRunning(const std::string& socket) {
  cri::RuntimeOptions opts;
  opts.timeout = std::chrono::seconds(5);
  absl::StatusOr<cri::v1::ListPodSandboxResponse> list =
      cri::NewGrpcRuntime(socket, opts)->ListPodSandbox(cri::v1::ListPodSandboxRequest());
  if (!list.ok()) return list.status();
  for (const auto& sandbox : list->items()) {
    if (sandbox.state() == cri::v1::SANDBOX_READY) return true;
  }
  return false;
}

}  // namespace

WorkerPaths PathsFor(const std::string& data_dir, const std::string& run_dir) {
  WorkerPaths p;
  p.containerd_root = data_dir + "/containerd";
  p.containerd_state = run_dir + "/containerd";
  p.containerd_socket = p.containerd_state + "/containerd.sock";
  p.containerd_config = data_dir + "/containerd.toml";
  p.registry_hosts_dir = p.containerd_root + "/certs.d";
  p.cni_conf_dir = data_dir + "/cni/net.d";
  p.cni_conflist = p.cni_conf_dir + "/10-wisp.conflist";
  p.cni_ipam_dir = data_dir + "/cni/networks";
  p.images_dir = data_dir + "/images";
  p.log_dir = data_dir + "/logs";
  return p;
}

absl::StatusOr<std::vector<std::unique_ptr<component::Component>>> PrepareWorker(
    const WorkerOptions& options) {
  WorkerPaths paths = PathsFor(options.data_dir, options.run_dir);
  for (const auto& [dir, mode] : {std::pair{options.data_dir, 0700},
                                  {options.run_dir, 0755},
                                  {paths.log_dir, 0700},
                                  {paths.containerd_root, 0700},
                                  {paths.containerd_state, 0711},
                                  {paths.registry_hosts_dir, 0755},
                                  {paths.cni_conf_dir, 0755},
                                  {paths.cni_ipam_dir, 0700},
                                  {paths.images_dir, 0755}}) {
    if (absl::Status st = base::MakeDirs(dir, mode); !st.ok()) return st;
  }
  absl::StatusOr<std::string> containerd = FindExecutable(options.containerd);
  if (!containerd.ok()) return containerd.status();
  absl::StatusOr<std::string> ctr = FindExecutable(options.ctr);
  if (!ctr.ok()) return ctr.status();
  absl::StatusOr<std::string> cni_bin = DetectCniBinDir();
  if (!cni_bin.ok()) return cni_bin.status();
  absl::StatusOr<std::string> subnet = StandaloneNodeSubnet(options.cluster.spec.network.pod_cidr);
  if (!subnet.ok()) return subnet.status();

  ContainerdConfig cc;
  cc.root = paths.containerd_root;
  cc.state = paths.containerd_state;
  cc.address = paths.containerd_socket;
  cc.sandbox_image = PauseImageName();
  cc.snapshotter = ChooseSnapshotter(paths);
  cc.cni_bin_dir = *cni_bin;
  cc.cni_conf_dir = paths.cni_conf_dir;
  cc.registry_config_path = paths.registry_hosts_dir;
  cc.systemd_cgroup = SystemdIsInit();
  cc.restrict_oom_score_adj = !CanLowerOomScoreAdj();
  if (absl::Status st =
          base::WriteFileAtomic(paths.containerd_config, RenderContainerdConfig(cc), 0600);
      !st.ok()) {
    return st;
  }
  CniNetwork net;
  net.subnet = *subnet;
  net.ipam_dir = paths.cni_ipam_dir;
  if (absl::Status st = base::WriteFileAtomic(paths.cni_conflist, RenderCniConflist(net), 0644);
      !st.ok()) {
    return st;
  }
  base::LogInfo(kLog,
                base::StrCat("containerd config ", paths.containerd_config, " (snapshotter ",
                             cc.snapshotter, ", CNI ", *cni_bin, ", pod subnet ", *subnet, ")"));

  supervisor::ProcessSpec spec;
  spec.name = "containerd";
  spec.argv = {*containerd, "--config", paths.containerd_config};
  spec.run_dir = options.run_dir;
  spec.log_dir = paths.log_dir;
  spec.copy_to_stderr = options.copy_child_output_to_stderr;
  std::vector<std::unique_ptr<component::Component>> components;
  components.push_back(std::make_unique<supervisor::ProcessComponent>(
      std::move(spec), CriVersionProbe(paths.containerd_socket)));
  ImageImportOptions io;
  io.ctr = *ctr;
  io.address = paths.containerd_socket;
  io.snapshotter = cc.snapshotter;
  io.run_dir = options.run_dir;
  io.images_dir = paths.images_dir;
  components.push_back(std::make_unique<ImageImportComponent>(std::move(io)));
  if (::geteuid() == 0) {
    absl::StatusOr<std::string> iptables = FindExecutable("iptables");
    if (!iptables.ok()) iptables = FindExecutable("/usr/sbin/iptables");
    if (iptables.ok()) {
      std::string socket = paths.containerd_socket;
      components.push_back(std::make_unique<PodMasqueradeComponent>(
          ExecIptables(*iptables), *subnet, [socket] { return PodsRunning(socket); }));
    } else {
      base::LogWarn(kLog, base::StrCat("pods' traffic to other hosts is not masqueraded: ",
                                       iptables.status().message()));
    }
  }
  if (!options.wisp_binary.empty()) {
    supervisor::ProcessSpec kubelet;
    kubelet.name = "kubelet";
    kubelet.argv = {options.wisp_binary,
                    "--data-dir",
                    options.data_dir,
                    "--run-dir",
                    options.run_dir,
                    "kubelet",
                    "--container-runtime-endpoint",
                    "unix://" + paths.containerd_socket};
    kubelet.argv.insert(kubelet.argv.end(), options.kubelet_args.begin(),
                        options.kubelet_args.end());
    kubelet.run_dir = options.run_dir;
    kubelet.log_dir = paths.log_dir;
    kubelet.copy_to_stderr = options.copy_child_output_to_stderr;
    components.push_back(
        std::make_unique<supervisor::ProcessComponent>(std::move(kubelet), nullptr));
  }
  return components;
}

}  // namespace wisp::worker
