// File: wisp/datastore/datastore.h
//
// `wisp datastore`: the etcd v3 API (KV, Watch, Lease, Maintenance,
// Cluster.MemberList) served over a SQLite store, as a Component:
//
//   Init   validate URLs and TLS files, create the data dir (0700)
//   Start  open the store (corrupt database: error), start serving
//   Ready  listening and accepting writes
//   Stop   stop accepting calls, drain them (5 s), close the store
//
// State lives in `<data_dir>/state.db` (plus SQLite's -wal/-shm files).
// Thread-safe per the Component contract.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "wisp/base/clock.h"
#include "wisp/component/component.h"

namespace wisp::datastore {

struct DatastoreOptions {
  std::string name = "default";  // Member name reported by MemberList.
  std::string data_dir;
  // unix://PATH, http://HOST:PORT or https://HOST:PORT.
  std::vector<std::string> listen_client_urls;
  std::string cert_file, key_file, trusted_ca_file;  // PEM; for https URLs.
  bool client_cert_auth = false;  // Require client certificates signed by the CA.
  // http://HOST:PORT addresses for /health, /livez, /readyz and /metrics
  // (etcd's --listen-metrics-urls); none by default.
  std::vector<std::string> listen_metrics_urls;
  // Automatic compaction keeps the newest `compaction_retention` revisions
  // (0: off), checked every `compaction_interval`.
  int64_t compaction_retention = 10000;
  std::chrono::seconds compaction_interval{300};
  int max_txn_ops = 128;
};

// The database file inside a data dir.
std::string DatabasePath(const std::string& data_dir);

std::unique_ptr<component::Component> NewDatastore(DatastoreOptions options, base::Clock& clock);

// Installs a snapshot taken with etcd's Maintenance.Snapshot (a wisp
// snapshot is an SQLite database) as the state of `data_dir`, which must not
// hold a database yet. The file is verified before it is installed.
absl::Status RestoreSnapshot(const std::string& snapshot_file, const std::string& data_dir);

}  // namespace wisp::datastore
