// `wisp apiserver`: the Kubernetes API server until SIGTERM/SIGINT. Flag
// names follow kube-apiserver's where they mean the same thing.
#include <iostream>
#include <tuple>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "wisp/apiserver/apiserver.h"
#include "wisp/base/duration.h"
#include "wisp/base/memory.h"
#include "wisp/base/strings.h"

namespace wisp::cli {
namespace {

struct ApiServerFlags {
  apiserver::ApiServerOptions options;
  std::string bind_address = "0.0.0.0";
  int secure_port = 6443;
  std::string etcd_servers;
  std::string etcd_compaction_interval = "5m";
  std::string event_ttl = "1h";
};

int RunApiServer(ApiServerFlags& flags, const GlobalOptions& globals) {
  apiserver::ApiServerOptions& o = flags.options;
  std::string host = flags.bind_address;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  o.listen = {base::StrCat(host, ":", flags.secure_port)};
  if (flags.etcd_servers.empty()) {
    flags.etcd_servers = "unix://" + globals.run_dir + "/datastore.sock";
  }
  o.etcd_servers = SplitCommas(flags.etcd_servers);
  for (auto [flag, text, out] :
       {std::tuple{"--etcd-compaction-interval", &flags.etcd_compaction_interval,
                   &o.etcd_compaction_interval},
        std::tuple{"--event-ttl", &flags.event_ttl, &o.event_ttl}}) {
    auto seconds = *text == "0" ? absl::StatusOr<int>(0) : base::ParseDurationSeconds(*text);
    if (!seconds.ok()) {
      std::cerr << "wisp apiserver: " << flag << ": " << base::ToStd(seconds.status().message())
                << "\n";
      return 2;
    }
    *out = std::chrono::seconds(*seconds);
  }
  if (o.advertise_port == 0) o.advertise_port = flags.secure_port;
  base::TuneMalloc();  // before any thread starts
  sigset_t set = BlockTerminationSignals();
  auto server = apiserver::NewApiServer(o);
  absl::Status s = server->Init();
  if (s.ok()) s = server->Start();
  if (!s.ok()) {
    (void)server->Stop();
    std::cerr << "wisp apiserver: " << base::ToStd(s.message()) << "\n";
    return 1;
  }
  WaitForTermination(set, "apiserver");
  (void)server->Stop();
  return 0;
}

}  // namespace

void RegisterApiServerCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto* cmd = app.add_subcommand("apiserver", "Serve the Kubernetes API over HTTPS");
  auto flags = std::make_shared<ApiServerFlags>();
  apiserver::ApiServerOptions& o = flags->options;
  cmd->add_option("--bind-address", flags->bind_address, "Address to serve on")
      ->capture_default_str();
  cmd->add_option("--secure-port", flags->secure_port, "HTTPS port (0: pick a free one)")
      ->capture_default_str();
  cmd->add_option("--tls-cert-file", o.tls_cert_file, "Serving certificate (PEM)")->required();
  cmd->add_option("--tls-private-key-file", o.tls_key_file, "Serving key (PEM)")->required();
  cmd->add_option("--client-ca-file", o.client_ca_file,
                  "CA (PEM) that signs client certificates (x509 authentication)")
      ->required();
  cmd->add_option("--cluster-signing-cert-file", o.cluster_signing_cert_file,
                  "CA certificate (PEM) that signs approved kube-apiserver-client CSRs");
  cmd->add_option("--cluster-signing-key-file", o.cluster_signing_key_file,
                  "Key (PEM) of --cluster-signing-cert-file");
  cmd->add_option("--token-auth-file", o.token_auth_file,
                  "Static bearer tokens, CSV: token,user,uid,\"group1,group2\"");
  cmd->add_option("--service-account-key-file", o.service_account_key_files,
                  "Public key (PEM) that verifies service-account tokens (repeatable)");
  cmd->add_option("--service-account-signing-key-file", o.service_account_signing_key_file,
                  "Private key (PEM) that signs TokenRequest tokens");
  cmd->add_option("--service-account-issuer", o.service_account_issuer,
                  "Issuer (iss) of service-account tokens, an https URL")
      ->capture_default_str();
  cmd->add_option("--api-audiences", o.api_audiences,
                  "Audiences the API accepts in service-account tokens (default: the issuer)")
      ->delimiter(',');
  cmd->add_option("--etcd-servers", flags->etcd_servers,
                  "Comma-separated etcd URLs: unix://PATH, http(s)://HOST:PORT "
                  "(default: unix://<run-dir>/datastore.sock)");
  cmd->add_option("--etcd-cafile", o.etcd_ca_file, "CA (PEM) of https etcd servers");
  cmd->add_option("--etcd-compaction-interval", flags->etcd_compaction_interval,
                  "How often to compact etcd's history, keeping one interval of it (0: never)")
      ->capture_default_str();
  cmd->add_option("--etcd-certfile", o.etcd_cert_file, "Client certificate (PEM) for etcd");
  cmd->add_option("--etcd-keyfile", o.etcd_key_file, "Client key (PEM) for etcd");
  cmd->add_option("--event-ttl", flags->event_ttl,
                  "How long Events are kept after their last write (0: forever)")
      ->capture_default_str();
  cmd->add_option("--service-cluster-ip-range", o.service_cidr, "Service ClusterIP range")
      ->capture_default_str();
  cmd->add_option("--service-node-port-range", o.node_port_range, "NodePort range")
      ->capture_default_str();
  cmd->add_option("--advertise-address", o.advertise_address,
                  "Address published in the kubernetes Endpoints")
      ->capture_default_str();
  cmd->add_option("--advertise-port", o.advertise_port,
                  "Port published in the kubernetes Endpoints (default: --secure-port)");
  cmd->callback([flags, &globals, &exit_code] { exit_code = RunApiServer(*flags, globals); });
}

}  // namespace wisp::cli
