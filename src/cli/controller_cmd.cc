// `wisp controller`: the control-plane supervisor (design.md §1). It reads
// wisp.yaml, prepares the data and run dirs, and runs each control-plane
// component as a child process of this same binary, started in order behind
// readiness gates and stopped in reverse order on SIGTERM/SIGINT.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"
#include "wisp/component/manager.h"
#include "wisp/config/cluster_config.h"
#include "wisp/supervisor/process_component.h"

namespace wisp::cli {
namespace {

constexpr char kLog[] = "controller";
constexpr char kDefaultConfigPath[] = "/etc/wisp/wisp.yaml";

struct ControllerFlags {
  std::string config_path;  // "" = kDefaultConfigPath if it exists, else defaults.
};

absl::StatusOr<config::ClusterConfig> LoadConfig(const std::string& flag_path) {
  std::string path = flag_path.empty() ? kDefaultConfigPath : flag_path;
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

// Holds an exclusive lock on <run_dir>/controller.lock for the process
// lifetime, so two controllers never share one run dir.
absl::StatusOr<int> LockRunDir(const std::string& run_dir) {
  std::string path = run_dir + "/controller.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return base::ErrnoStatus(base::StrCat("open ", path));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return absl::FailedPreconditionError(
        base::StrCat("another wisp controller is running with --run-dir ", run_dir));
  }
  return fd;
}

absl::StatusOr<std::string> SelfExe() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n < 0) return base::ErrnoStatus("readlink /proc/self/exe");
  return std::string(buf, static_cast<size_t>(n));
}

void AppendExtraArgs(std::vector<std::string>& argv, const config::ExtraArgs& extra) {
  for (const auto& [flag, value] : extra) argv.push_back(base::StrCat("--", flag, "=", value));
}

supervisor::ProcessSpec BaseSpec(const std::string& name, const GlobalOptions& g,
                                 const std::string& exe) {
  supervisor::ProcessSpec spec;
  spec.name = name;
  spec.argv = {exe, "--data-dir", g.data_dir, "--run-dir", g.run_dir};
  if (g.debug) spec.argv.push_back("--debug");
  spec.argv.push_back(name);
  spec.run_dir = g.run_dir;
  spec.log_dir = g.data_dir + "/logs";
  return spec;
}

// The datastore child for storage.type sqlite.
std::unique_ptr<component::Component> DatastoreComponent(const config::ClusterConfig& cfg,
                                                         const GlobalOptions& g,
                                                         const std::string& exe) {
  supervisor::ProcessSpec spec = BaseSpec("datastore", g, exe);
  std::string socket = g.run_dir + "/datastore.sock";
  std::string dir = g.data_dir + "/datastore";
  const std::string& db = cfg.spec.storage.sqlite.path;
  if (!db.empty()) dir = db.substr(0, db.find_last_of('/'));
  spec.argv.insert(spec.argv.end(),
                   {"--data-dir", dir, "--listen-client-urls", "unix://" + socket});
  AppendExtraArgs(spec.argv, cfg.spec.storage.extra_args);
  return std::make_unique<supervisor::ProcessComponent>(std::move(spec),
                                                        supervisor::UnixSocketProbe(socket));
}

int RunController(const ControllerFlags& flags, const GlobalOptions& g) {
  absl::StatusOr<config::ClusterConfig> cfg = LoadConfig(flags.config_path);
  if (!cfg.ok()) {
    std::cerr << "wisp controller: " << base::ToStd(cfg.status().message()) << "\n";
    return 1;
  }
  for (const auto& [dir, mode] :
       {std::pair{g.data_dir, 0700}, {g.run_dir, 0755}, {g.data_dir + "/logs", 0700}}) {
    if (absl::Status st = base::MakeDirs(dir, mode); !st.ok()) {
      std::cerr << "wisp controller: " << base::ToStd(st.message()) << "\n";
      return 1;
    }
  }
  absl::StatusOr<int> lock = LockRunDir(g.run_dir);
  absl::StatusOr<std::string> exe = SelfExe();
  if (!lock.ok() || !exe.ok()) {
    absl::Status st = lock.ok() ? exe.status() : lock.status();
    std::cerr << "wisp controller: " << base::ToStd(st.message()) << "\n";
    return 1;
  }

  // Block the stop signals before any thread starts; only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  component::Manager manager;
  if (cfg->spec.storage.type == config::StorageType::kSqlite) {
    manager.Add(DatastoreComponent(*cfg, g, *exe));
  }
  if (absl::Status st = manager.Start(); !st.ok()) {
    std::cerr << "wisp controller: " << base::ToStd(st.message()) << "\n";
    return 1;
  }
  base::LogInfo(kLog, base::StrCat("controller running (data dir ", g.data_dir, ", run dir ",
                                   g.run_dir, ")"));
  int sig = 0;
  sigwait(&stop_signals, &sig);
  base::LogInfo(kLog, base::StrCat("received signal ", sig, ", stopping"));
  absl::Status st = manager.Stop();
  if (!st.ok()) base::LogWarn(kLog, base::ToStd(st.message()));
  base::LogInfo(kLog, "stopped");
  return 0;
}

}  // namespace

void RegisterControllerCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "controller", "Run the control plane: supervise the datastore and the other components");
  auto flags = std::make_shared<ControllerFlags>();
  cmd->add_option("-c,--config", flags->config_path,
                  "Cluster config file, or - for standard input (default: /etc/wisp/wisp.yaml "
                  "if present, else the built-in defaults)");
  cmd->callback([flags, &globals, &exit_code] { exit_code = RunController(*flags, globals); });
}

}  // namespace wisp::cli
