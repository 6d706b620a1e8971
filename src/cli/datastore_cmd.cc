// `wisp datastore`: serves the etcd v3 API over SQLite until SIGTERM/SIGINT.
// Flag names follow etcd's where they mean the same thing.
#include <signal.h>

#include <iostream>

#include "absl/synchronization/mutex.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "wisp/base/clock.h"
#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"
#include "wisp/datastore/datastore.h"

namespace wisp::cli {
namespace {

struct DatastoreFlags {
  datastore::DatastoreOptions options;
  std::string listen_client_urls;   // Comma-separated.
  std::string listen_metrics_urls;  // Comma-separated.
  std::string restore;
  int64_t compaction_interval_s = 300;
};

int RunDatastore(DatastoreFlags& flags, const GlobalOptions& globals) {
  datastore::DatastoreOptions& o = flags.options;
  if (o.data_dir.empty()) o.data_dir = globals.data_dir + "/datastore";
  if (flags.listen_client_urls.empty()) {
    flags.listen_client_urls = "unix://" + globals.run_dir + "/datastore.sock";
  }
  o.listen_client_urls = SplitCommas(flags.listen_client_urls);
  if (!flags.listen_metrics_urls.empty()) {
    o.listen_metrics_urls = SplitCommas(flags.listen_metrics_urls);
  }
  o.compaction_interval = std::chrono::seconds(flags.compaction_interval_s);
  if (!flags.restore.empty()) {
    absl::Status s = datastore::RestoreSnapshot(flags.restore, o.data_dir);
    if (!s.ok()) {
      std::cerr << "wisp datastore: " << base::ToStd(s.message()) << "\n";
      return 1;
    }
    std::cout << "restored " << flags.restore << " into " << o.data_dir << "\n";
    return 0;
  }
  for (const std::string& url : o.listen_client_urls) {
    if (url.rfind("unix://", 0) == 0) {
      std::string dir = url.substr(7);
      dir = dir.substr(0, dir.find_last_of('/'));
      if (!dir.empty()) (void)base::MakeDirs(dir, 0755);
    }
  }
  sigset_t set = BlockTerminationSignals();

  // The datastore's locks are hot; Abseil's debug-mode cycle detection
  // costs more than the work they guard in this dedicated process.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  auto ds = datastore::NewDatastore(o, base::SystemClock());
  absl::Status s = ds->Init();
  if (s.ok()) s = ds->Start();
  if (!s.ok()) {
    (void)ds->Stop();
    std::cerr << "wisp datastore: " << base::ToStd(s.message()) << "\n";
    return 1;
  }
  WaitForTermination(set, "datastore");
  (void)ds->Stop();
  return 0;
}

}  // namespace

void RegisterDatastoreCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto* cmd = app.add_subcommand("datastore", "Serve the etcd v3 API over an SQLite store");
  auto flags = std::make_shared<DatastoreFlags>();
  datastore::DatastoreOptions& o = flags->options;
  cmd->add_option("--name", o.name, "Member name")->capture_default_str();
  cmd->add_option("--data-dir", o.data_dir,
                  "Directory for the database (default: <global --data-dir>/datastore)");
  cmd->add_option("--listen-client-urls", flags->listen_client_urls,
                  "Comma-separated unix://PATH, http://HOST:PORT, https://HOST:PORT "
                  "(default: unix://<run-dir>/datastore.sock)");
  cmd->add_option("--listen-metrics-urls", flags->listen_metrics_urls,
                  "Comma-separated http://HOST:PORT for /health, /livez, /readyz and /metrics "
                  "(plain HTTP, no data; default: none)");
  cmd->add_option("--cert-file", o.cert_file, "Serving certificate (PEM) for https URLs");
  cmd->add_option("--key-file", o.key_file, "Serving key (PEM) for https URLs");
  cmd->add_option("--trusted-ca-file", o.trusted_ca_file, "CA (PEM) for client certificates");
  cmd->add_flag("--client-cert-auth", o.client_cert_auth, "Require verified client certificates");
  cmd->add_option("--auto-compaction-retention", o.compaction_retention,
                  "Revisions kept by automatic compaction (0: off); it runs every interval "
                  "and whenever the history reaches twice this")
      ->capture_default_str();
  cmd->add_option("--auto-compaction-interval", flags->compaction_interval_s,
                  "Seconds between automatic compaction checks")
      ->capture_default_str();
  cmd->add_option("--max-txn-ops", o.max_txn_ops, "Maximum operations per txn")
      ->capture_default_str();
  cmd->add_option("--restore", flags->restore,
                  "Install this snapshot (from `etcdctl snapshot save`) into --data-dir and exit");
  cmd->callback([flags, &globals, &exit_code] { exit_code = RunDatastore(*flags, globals); });
}

}  // namespace wisp::cli
