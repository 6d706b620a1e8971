// File: src/datastore/backend.h
//
// The durable copy of the store: one SQLite database in WAL mode with
// synchronous=FULL, so a committed batch survives kill -9 and power loss.
//
//   kv(id, key, mod_rev, sub, create_rev, version, lease, value, tombstone)
//       every retained version of every key; id = RowId() (mvcc.h), so
//       writes append to the table's B-tree instead of splitting it
//   lease(id, ttl)      granted leases
//   meta(name, value)   current_rev, compact_rev, schema version
//
// Thread-safe (an internal mutex serializes all use of the connection).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "datastore/mvcc.h"

namespace wisp::datastore {

// Everything one group commit writes, in one SQLite transaction.
struct Batch {
  std::vector<std::pair<std::string, KeyVersion>> changes;
  std::vector<int64_t> removed;                      // Row ids of compacted versions.
  std::vector<std::pair<int64_t, int64_t>> granted;  // (lease id, ttl).
  std::vector<int64_t> revoked;
  int64_t current_rev = 0;
  int64_t compact_rev = 0;
};

class Backend {
 public:
  // Opens or creates the database at `path`; an unreadable or corrupt file
  // is an error naming it, never an empty store.
  static absl::StatusOr<std::unique_ptr<Backend>> Open(const std::string& path);
  ~Backend();
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // Fills `index` and `leases` (id, ttl) from the database.
  absl::Status Load(MvccIndex& index, std::vector<std::pair<int64_t, int64_t>>& leases);
  // Calls `fn` for every stored version in revision order, then fills
  // `leases` (id order) and the current and compacted revisions, all from
  // one consistent committed state. Reads through a connection of its own,
  // so commits go on meanwhile.
  absl::Status Scan(const std::function<absl::Status(std::string, KeyVersion)>& fn,
                    std::vector<std::pair<int64_t, int64_t>>& leases, int64_t* current_rev,
                    int64_t* compact_rev);
  // Writes `batch` durably.
  absl::Status Commit(const Batch& batch);
  // Rebuilds the file without free pages and truncates the WAL.
  absl::Status Defragment();
  // Checkpoints the WAL into the database and truncates it.
  absl::Status Checkpoint();
  // Allocated and in-use bytes of the database file.
  std::pair<int64_t, int64_t> Sizes();
  const std::string& path() const { return path_; }

 private:
  Backend(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  absl::Status Exec(const char* sql) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Error(const char* what) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Prepare() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status WriteBatch(const Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int64_t PragmaInt(const char* sql) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;
  absl::Mutex mu_;
  sqlite3* db_ ABSL_GUARDED_BY(mu_);
  sqlite3_stmt* put_kv_ ABSL_GUARDED_BY(mu_) = nullptr;
  sqlite3_stmt* del_kv_ ABSL_GUARDED_BY(mu_) = nullptr;
  sqlite3_stmt* put_lease_ ABSL_GUARDED_BY(mu_) = nullptr;
  sqlite3_stmt* del_lease_ ABSL_GUARDED_BY(mu_) = nullptr;
  sqlite3_stmt* put_meta_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace wisp::datastore
