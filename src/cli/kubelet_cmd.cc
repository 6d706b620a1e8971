// `wisp kubelet`: the node agent (design.md §1, §6). For now it runs static
// pods from <data-dir>/manifests/pods through containerd's CRI socket and
// writes their status to <run-dir>/kubelet/pods/<ns>_<name>.json. Stops on
// SIGTERM/SIGINT and leaves the pods running (a restarted kubelet adopts them).

#include <iostream>
#include <memory>

#include "absl/strings/numbers.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "wisp/base/log.h"
#include "wisp/base/memory.h"
#include "wisp/base/strings.h"
#include "wisp/cri/runtime.h"
#include "wisp/kubelet/kubelet.h"

namespace wisp::cli {
namespace {

constexpr char kLog[] = "kubelet";

struct KubeletFlags {
  kubelet::KubeletOptions options;
  std::string endpoint;  // "" = unix://<run-dir>/containerd/containerd.sock
  std::string sync_frequency = "1s";
};

// "500ms", "1s", "2m", or plain seconds.
absl::StatusOr<std::chrono::milliseconds> ParseDuration(const std::string& s) {
  struct Unit {
    const char* suffix;
    int64_t ms;
  };
  for (Unit u : {Unit{"ms", 1}, Unit{"s", 1000}, Unit{"m", 60000}, Unit{"", 1000}}) {
    std::string suffix = u.suffix;
    if (s.size() <= suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix)) {
      continue;
    }
    int64_t n = 0;
    if (absl::SimpleAtoi(s.substr(0, s.size() - suffix.size()), &n) && n > 0) {
      return std::chrono::milliseconds(n * u.ms);
    }
  }
  return absl::InvalidArgumentError(base::StrCat("--sync-frequency: bad duration \"", s, "\""));
}

int RunKubelet(KubeletFlags& flags, const GlobalOptions& g) {
  kubelet::KubeletOptions& o = flags.options;
  o.data_dir = g.data_dir;
  o.run_dir = g.run_dir;
  absl::StatusOr<std::chrono::milliseconds> freq = ParseDuration(flags.sync_frequency);
  if (!freq.ok()) {
    std::cerr << "wisp kubelet: " << base::ToStd(freq.status().message()) << "\n";
    return 2;
  }
  o.sync_frequency = *freq;
  if (absl::Status valid = kubelet::ValidateOptions(o); !valid.ok()) {
    std::cerr << "wisp kubelet: " << base::ToStd(valid.message()) << "\n";
    return 2;
  }
  std::string socket =
      flags.endpoint.empty() ? g.run_dir + "/containerd/containerd.sock" : flags.endpoint;
  if (socket.rfind("unix://", 0) == 0) socket = socket.substr(7);
  sigset_t stop_signals = BlockTerminationSignals();
  // One malloc arena per pod worker thread costs RSS for nothing: the
  // kubelet's threads mostly wait on the runtime (base/memory.h).
  base::TuneMalloc();
  cri::RuntimeOptions ro;
  ro.timeout = std::chrono::minutes(2);  // As upstream's --runtime-request-timeout.
  auto kl = kubelet::NewKubelet(kubelet::WithDefaults(o), cri::NewGrpcRuntime(socket, ro));
  absl::Status st = kl->Init();
  if (st.ok()) st = kl->Start();
  if (!st.ok()) {
    (void)kl->Stop();
    std::cerr << "wisp kubelet: " << base::ToStd(st.message()) << "\n";
    return 1;
  }
  WaitForTermination(stop_signals, kLog);
  (void)kl->Stop();
  base::LogInfo(kLog, "stopped");
  return 0;
}

}  // namespace

void RegisterKubeletCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto* cmd = app.add_subcommand("kubelet", "Run the node agent: static pods over CRI");
  auto flags = std::make_shared<KubeletFlags>();
  kubelet::KubeletOptions& o = flags->options;
  cmd->add_option("--container-runtime-endpoint", flags->endpoint,
                  "CRI socket, unix://PATH (default: <run-dir>/containerd/containerd.sock)");
  cmd->add_option("--pod-manifest-path", o.pod_manifest_path,
                  "Static pod manifests (default: <data-dir>/manifests/pods)");
  cmd->add_option("--pod-logs-dir", o.pod_logs_dir, "Container logs")->capture_default_str();
  cmd->add_option("--pods-dir", o.pods_dir, "Pod volumes (default: <data-dir>/kubelet/pods)");
  cmd->add_option("--node-name", o.node_name, "Node name (default: the hostname)");
  cmd->add_option("--sync-frequency", flags->sync_frequency,
                  "How often pods are re-synced with the runtime (e.g. 1s, 500ms)")
      ->capture_default_str();
  cmd->add_option("--container-log-max-size", o.container_log_max_size,
                  "Rotate a container's log when it grows past this size")
      ->capture_default_str();
  cmd->add_option("--container-log-max-files", o.container_log_max_files,
                  "Log files kept per container, the live one included (at least 2)")
      ->capture_default_str();
  cmd->callback([flags, &globals, &exit_code] { exit_code = RunKubelet(*flags, globals); });
}

}  // namespace wisp::cli
