// `wisp worker`: the node supervisor (design.md §1, §6). Without a join token
// it runs standalone: containerd with a wisp-generated config, then wisp's
// pause image and <data-dir>/images/*.tar imported, then `wisp kubelet`
// (static pods). Stops in reverse order on SIGTERM/SIGINT.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <sstream>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"
#include "wisp/component/manager.h"
#include "wisp/config/cluster_config.h"
#include "wisp/worker/worker.h"

namespace wisp::cli {
namespace {

constexpr char kLog[] = "worker";

struct WorkerFlags {
  std::string config_path;         // "" = /etc/wisp/wisp.yaml if it exists, else defaults.
  std::string kubelet_extra_args;  // Space-separated.
  bool no_kubelet = false;
};

absl::StatusOr<std::string> SelfExe() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n < 0) return base::ErrnoStatus("readlink /proc/self/exe");
  return std::string(buf, static_cast<size_t>(n));
}

absl::StatusOr<config::ClusterConfig> LoadWorkerConfig(const std::string& flag_path) {
  std::string path = flag_path.empty() ? "/etc/wisp/wisp.yaml" : flag_path;
  absl::StatusOr<std::string> text = path == "-" ? base::ReadStdin() : base::ReadFile(path);
  if (!text.ok()) {
    if (flag_path.empty() && absl::IsNotFound(text.status())) return config::ClusterConfig{};
    return text.status();
  }
  absl::StatusOr<config::ClusterConfig> cfg = config::ParseClusterConfig(*text);
  if (!cfg.ok()) {
    return absl::InvalidArgumentError(
        base::StrCat(path, " is not valid:\n", base::ToStd(cfg.status().message())));
  }
  return cfg;
}

// One worker per run dir: containerd's state and socket live there.
absl::Status LockWorkerRunDir(const std::string& run_dir) {
  std::string path = run_dir + "/worker.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return base::ErrnoStatus(base::StrCat("open ", path));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return absl::FailedPreconditionError(
        base::StrCat("another wisp worker is running with --run-dir ", run_dir));
  }
  return absl::OkStatus();  // The fd stays open (and locked) until exit.
}

int Fail(std::string_view message) {
  std::cerr << "wisp worker: " << message << "\n";
  return 1;
}

int RunWorker(const WorkerFlags& flags, const GlobalOptions& g) {
  absl::StatusOr<config::ClusterConfig> cfg = LoadWorkerConfig(flags.config_path);
  if (!cfg.ok()) return Fail(base::ToStd(cfg.status().message()));
  if (absl::Status st = base::MakeDirs(g.run_dir, 0755); !st.ok()) {
    return Fail(base::ToStd(st.message()));
  }
  if (absl::Status st = LockWorkerRunDir(g.run_dir); !st.ok()) {
    return Fail(base::ToStd(st.message()));
  }
  sigset_t stop_signals = BlockTerminationSignals();

  worker::WorkerOptions options;
  options.data_dir = g.data_dir;
  options.run_dir = g.run_dir;
  options.cluster = *std::move(cfg);
  if (!flags.no_kubelet) {
    absl::StatusOr<std::string> exe = SelfExe();
    if (!exe.ok()) return Fail(base::ToStd(exe.status().message()));
    options.wisp_binary = *exe;
    std::istringstream extra(flags.kubelet_extra_args);
    for (std::string arg; extra >> arg;) options.kubelet_args.push_back(arg);
  }
  auto components = worker::PrepareWorker(options);
  if (!components.ok()) return Fail(base::ToStd(components.status().message()));
  component::Manager manager;
  for (auto& c : *components) manager.Add(std::move(c));
  if (absl::Status st = manager.Start(); !st.ok()) return Fail(base::ToStd(st.message()));
  base::LogInfo(
      kLog, base::StrCat("worker running (data dir ", g.data_dir, ", run dir ", g.run_dir, ")"));
  WaitForTermination(stop_signals, kLog);
  if (absl::Status st = manager.Stop(); !st.ok()) base::LogWarn(kLog, base::ToStd(st.message()));
  base::LogInfo(kLog, "stopped");
  return 0;
}

}  // namespace

void RegisterWorkerCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto* cmd = app.add_subcommand("worker", "Run a node: supervise containerd and the kubelet");
  auto flags = std::make_shared<WorkerFlags>();
  cmd->add_option("-c,--config", flags->config_path,
                  "Cluster config file, or - for standard input (default: /etc/wisp/wisp.yaml "
                  "if present, else the built-in defaults)");
  cmd->add_option("--kubelet-extra-args", flags->kubelet_extra_args,
                  "Space-separated extra flags for `wisp kubelet`");
  cmd->add_flag("--no-kubelet", flags->no_kubelet, "Run containerd only, without the kubelet");
  cmd->callback([flags, &globals, &exit_code] { exit_code = RunWorker(*flags, globals); });
}

}  // namespace wisp::cli
