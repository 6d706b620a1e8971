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
#include "wisp/net/https_client.h"
#include "wisp/supervisor/process_component.h"
#include "wisp/tls/pki.h"
#include "wisp/tls/sans.h"

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

// The address published for the API server: spec.api.address, else the
// host's first address, else loopback.
std::string AdvertiseAddress(const config::ClusterConfig& cfg) {
  if (!cfg.spec.api.address.empty()) return cfg.spec.api.address;
  auto addrs = tls::HostAddresses();
  if (addrs.ok()) {
    for (const std::string& a : *addrs) {
      if (a.find(':') == std::string::npos && a.rfind("127.", 0) != 0) return a;
    }
  }
  return "127.0.0.1";
}

// Creates (first start) or checks the cluster PKI under <data-dir>/pki and
// writes the admin kubeconfig next to it.
absl::StatusOr<tls::Pki> PreparePki(const config::ClusterConfig& cfg, const GlobalOptions& g) {
  tls::PkiOptions po;
  po.dir = PkiDir(g);
  po.cluster_domain = cfg.spec.network.cluster_domain;
  po.service_cidr = cfg.spec.network.service_cidr;
  po.extra_sans = cfg.spec.api.sans;
  if (!cfg.spec.api.address.empty()) po.extra_sans.push_back(cfg.spec.api.address);
  if (!cfg.spec.api.external_address.empty()) {
    po.extra_sans.push_back(cfg.spec.api.external_address);
  }
  auto pki = tls::Pki::LoadOrCreate(po);
  if (!pki.ok()) return pki.status();
  for (const std::string& f : pki->written()) base::LogInfo(kLog, "pki: wrote " + f);
  std::string host =
      cfg.spec.api.external_address.empty() ? "127.0.0.1" : cfg.spec.api.external_address;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  auto kubeconfig = pki->ClientKubeconfig(tls::kAdminName,
                                          base::StrCat("https://", host, ":", cfg.spec.api.port));
  if (!kubeconfig.ok()) return kubeconfig.status();
  if (auto s = base::WriteFileAtomic(AdminKubeconfigPath(g), *kubeconfig, 0600); !s.ok()) {
    return s;
  }
  return pki;
}

// Ready once GET /readyz answers 200 over TLS verified against the cluster CA.
supervisor::ReadinessProbe ReadyzProbe(std::string address, std::string ca_file) {
  return [address, ca_file]() -> absl::Status {
    net::HttpsClientOptions o;
    o.ca_file = ca_file;
    o.timeout = std::chrono::seconds(2);
    auto client = net::HttpsClient::Create(address, o);
    if (!client.ok()) return client.status();
    auto resp = (*client)->Do("GET", "/readyz");
    if (!resp.ok()) return resp.status();
    if (resp->status != 200) {
      return absl::UnavailableError(base::StrCat("/readyz answered ", resp->status));
    }
    return absl::OkStatus();
  };
}

// The API server child.
std::unique_ptr<component::Component> ApiServerComponent(const config::ClusterConfig& cfg,
                                                         const GlobalOptions& g,
                                                         const std::string& exe,
                                                         const tls::Pki& pki) {
  supervisor::ProcessSpec spec = BaseSpec("apiserver", g, exe);
  const config::ApiSpec& api = cfg.spec.api;
  const config::NetworkSpec& net = cfg.spec.network;
  std::string bind = api.address.empty() ? "0.0.0.0" : api.address;
  spec.argv.insert(spec.argv.end(),
                   {"--bind-address",
                    bind,
                    "--secure-port",
                    std::to_string(api.port),
                    "--tls-cert-file",
                    pki.CertPath(tls::kApiServerName),
                    "--tls-private-key-file",
                    pki.KeyPath(tls::kApiServerName),
                    "--client-ca-file",
                    pki.CertPath(tls::kCaName),
                    "--cluster-signing-cert-file",
                    pki.CertPath(tls::kCaName),
                    "--cluster-signing-key-file",
                    pki.KeyPath(tls::kCaName),
                    "--service-account-key-file",
                    pki.ServiceAccountPubPath(),
                    "--service-account-signing-key-file",
                    pki.ServiceAccountKeyPath(),
                    "--service-account-issuer",
                    base::StrCat("https://kubernetes.default.svc.", net.cluster_domain),
                    "--service-cluster-ip-range",
                    net.service_cidr,
                    "--service-node-port-range",
                    base::StrCat(net.node_port_range.first, "-", net.node_port_range.last),
                    "--advertise-address",
                    AdvertiseAddress(cfg)});
  const config::StorageSpec& st = cfg.spec.storage;
  if (st.type == config::StorageType::kEtcd && st.etcd.has_external) {
    std::string servers;
    for (const std::string& e : st.etcd.external.endpoints) {
      servers += (servers.empty() ? "" : ",") + e;
    }
    spec.argv.insert(spec.argv.end(), {"--etcd-servers", servers});
    if (!st.etcd.external.ca_file.empty()) {
      spec.argv.insert(spec.argv.end(), {"--etcd-cafile", st.etcd.external.ca_file});
    }
    if (!st.etcd.external.cert_file.empty()) {
      spec.argv.insert(spec.argv.end(), {"--etcd-certfile", st.etcd.external.cert_file,
                                         "--etcd-keyfile", st.etcd.external.key_file});
    }
  } else {
    // The embedded datastore keeps its own history window.
    spec.argv.insert(spec.argv.end(), {"--etcd-servers", "unix://" + g.run_dir + "/datastore.sock",
                                       "--etcd-compaction-interval", "0"});
  }
  AppendExtraArgs(spec.argv, api.extra_args);
  std::string probe_host = bind == "0.0.0.0" ? "127.0.0.1" : bind;
  if (probe_host.find(':') != std::string::npos) probe_host = "[" + probe_host + "]";
  return std::make_unique<supervisor::ProcessComponent>(
      std::move(spec),
      ReadyzProbe(base::StrCat(probe_host, ":", api.port), pki.CertPath(tls::kCaName)));
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

  absl::StatusOr<tls::Pki> pki = PreparePki(*cfg, g);
  if (!pki.ok()) {
    std::cerr << "wisp controller: pki: " << base::ToStd(pki.status().message()) << "\n";
    return 1;
  }
  if (cfg->spec.storage.type == config::StorageType::kEtcd &&
      !cfg->spec.storage.etcd.has_external) {
    std::cerr << "wisp controller: storage.type etcd needs storage.etcd.external.endpoints "
                 "(a managed etcd is not available yet)\n";
    return 1;
  }

  component::Manager manager;
  if (cfg->spec.storage.type == config::StorageType::kSqlite) {
    manager.Add(DatastoreComponent(*cfg, g, *exe));
  }
  manager.Add(ApiServerComponent(*cfg, g, *exe, *pki));
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
