#include "datastore/backend.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wisp/base/strings.h"

namespace wisp::datastore {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS kv(
  id INTEGER PRIMARY KEY, key BLOB NOT NULL, mod_rev INTEGER NOT NULL, sub INTEGER NOT NULL,
  create_rev INTEGER NOT NULL, version INTEGER NOT NULL, lease INTEGER NOT NULL,
  value BLOB NOT NULL, tombstone INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS lease(id INTEGER PRIMARY KEY, ttl INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES('schema', 1), ('current_rev', 1), ('compact_rev', 0);
)sql";

// Resets a statement on scope exit so it never holds a read lock.
struct StmtReset {
  sqlite3_stmt* s;
  ~StmtReset() {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};

void BindBlob(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_blob(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

std::string ColumnBlob(sqlite3_stmt* s, int i) {
  const void* p = sqlite3_column_blob(s, i);
  return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(s, i)) : std::string();
}

// The first column of the first row of `sql`; 0 if there is none.
int64_t QueryInt(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  int64_t v = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
    v = sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  return v;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Backend>> Backend::Open(const std::string& path) {
  // The store holds Secrets: the database is owner-only, also one an older
  // wisp created with SQLite's default mode (SQLite gives its -wal and -shm
  // files the database file's mode).
  if (int fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0) {
    close(fd);
  } else {
    for (const char* suffix : {"", "-wal", "-shm"}) chmod((path + suffix).c_str(), 0600);
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return absl::UnavailableError(base::StrCat("opening database ", path, ": ", msg));
  }
  std::unique_ptr<Backend> b(new Backend(path, db));
  absl::MutexLock lock(&b->mu_);
  for (const char* sql :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA journal_size_limit=67108864",
        "PRAGMA cache_size=-16384", "PRAGMA mmap_size=268435456"}) {
    if (auto s = b->Exec(sql); !s.ok()) return s;
  }
  sqlite3_stmt* check = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &check, nullptr) != SQLITE_OK) {
    return b->Error("checking database");
  }
  std::string verdict = sqlite3_step(check) == SQLITE_ROW ? ColumnBlob(check, 0) : "no answer";
  sqlite3_finalize(check);
  if (verdict != "ok") {
    return absl::DataLossError(base::StrCat("database ", path, " is corrupt: ", verdict));
  }
  if (auto s = b->Exec(kSchema); !s.ok()) return s;
  if (auto s = b->Prepare(); !s.ok()) return s;
  return b;
}

Backend::~Backend() {
  absl::MutexLock lock(&mu_);
  for (sqlite3_stmt* s : {put_kv_, del_kv_, put_lease_, del_lease_, put_meta_}) {
    sqlite3_finalize(s);
  }
  sqlite3_close(db_);
}

absl::Status Backend::Error(const char* what) {
  return absl::InternalError(base::StrCat(what, " (", path_, "): ", sqlite3_errmsg(db_)));
}

absl::Status Backend::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    // "file is not a database" and friends mean the file is unusable.
    return absl::DataLossError(base::StrCat("database ", path_, ": ", msg));
  }
  return absl::OkStatus();
}

absl::Status Backend::Prepare() {
  struct {
    sqlite3_stmt** stmt;
    const char* sql;
  } stmts[] = {
      {&put_kv_, "INSERT OR REPLACE INTO kv VALUES(?9, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
      {&del_kv_, "DELETE FROM kv WHERE id = ?1"},
      {&put_lease_, "INSERT OR REPLACE INTO lease VALUES(?1, ?2)"},
      {&del_lease_, "DELETE FROM lease WHERE id = ?1"},
      {&put_meta_, "INSERT OR REPLACE INTO meta VALUES(?1, ?2)"},
  };
  for (auto& s : stmts) {
    if (sqlite3_prepare_v3(db_, s.sql, -1, SQLITE_PREPARE_PERSISTENT, s.stmt, nullptr) !=
        SQLITE_OK) {
      return Error("preparing statements");
    }
  }
  return absl::OkStatus();
}

absl::Status Backend::Load(MvccIndex& index, std::vector<std::pair<int64_t, int64_t>>& leases) {
  int64_t current_rev = 0, compact_rev = 0;
  auto s = Scan(
      [&](std::string key, KeyVersion kv) {
        index.Append(std::move(key), std::move(kv));
        return absl::OkStatus();
      },
      leases, &current_rev, &compact_rev);
  if (!s.ok()) return s;
  index.set_current_rev(current_rev);
  index.set_compact_rev(compact_rev);
  return absl::OkStatus();
}

absl::Status Backend::Scan(const std::function<absl::Status(std::string, KeyVersion)>& fn,
                           std::vector<std::pair<int64_t, int64_t>>& leases, int64_t* current_rev,
                           int64_t* compact_rev) {
  // A connection of its own, in one read transaction: a consistent state of
  // the last commit, while the writer goes on committing (WAL readers do not
  // block it).
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
  auto fail = [&](const char* what) {
    return absl::InternalError(base::StrCat(what, " (", path_, "): ", sqlite3_errmsg(db.get())));
  };
  if (rc != SQLITE_OK) return fail("opening for reading");
  if (sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return fail("beginning a read");
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db.get(),
                         "SELECT key, mod_rev, sub, create_rev, version, lease, value, tombstone "
                         "FROM kv ORDER BY id",
                         -1, &s, nullptr) != SQLITE_OK) {
    return fail("loading keys");
  }
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    KeyVersion kv;
    kv.mod_rev = sqlite3_column_int64(s, 1);
    kv.sub = sqlite3_column_int64(s, 2);
    kv.create_rev = sqlite3_column_int64(s, 3);
    kv.version = sqlite3_column_int64(s, 4);
    kv.lease = sqlite3_column_int64(s, 5);
    kv.value = ColumnBlob(s, 6);
    kv.tombstone = sqlite3_column_int(s, 7) != 0;
    if (absl::Status st = fn(ColumnBlob(s, 0), std::move(kv)); !st.ok()) {
      sqlite3_finalize(s);
      return st;
    }
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return fail("loading keys");
  if (sqlite3_prepare_v2(db.get(), "SELECT id, ttl FROM lease ORDER BY id", -1, &s, nullptr) !=
      SQLITE_OK) {
    return fail("loading leases");
  }
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    leases.emplace_back(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1));
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return fail("loading leases");
  *current_rev = QueryInt(db.get(), "SELECT value FROM meta WHERE name = 'current_rev'");
  *compact_rev = QueryInt(db.get(), "SELECT value FROM meta WHERE name = 'compact_rev'");
  sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr);
  return absl::OkStatus();
}

absl::Status Backend::WriteBatch(const Batch& batch) {
  for (const auto& [key, kv] : batch.changes) {
    StmtReset r{put_kv_};
    BindBlob(put_kv_, 1, key);
    sqlite3_bind_int64(put_kv_, 2, kv.mod_rev);
    sqlite3_bind_int64(put_kv_, 3, kv.sub);
    sqlite3_bind_int64(put_kv_, 4, kv.create_rev);
    sqlite3_bind_int64(put_kv_, 5, kv.version);
    sqlite3_bind_int64(put_kv_, 6, kv.lease);
    BindBlob(put_kv_, 7, kv.value);
    sqlite3_bind_int(put_kv_, 8, kv.tombstone ? 1 : 0);
    sqlite3_bind_int64(put_kv_, 9, RowId(kv));
    if (sqlite3_step(put_kv_) != SQLITE_DONE) return Error("writing key");
  }
  for (int64_t id : batch.removed) {
    StmtReset r{del_kv_};
    sqlite3_bind_int64(del_kv_, 1, id);
    if (sqlite3_step(del_kv_) != SQLITE_DONE) return Error("compacting key");
  }
  for (const auto& [id, ttl] : batch.granted) {
    StmtReset r{put_lease_};
    sqlite3_bind_int64(put_lease_, 1, id);
    sqlite3_bind_int64(put_lease_, 2, ttl);
    if (sqlite3_step(put_lease_) != SQLITE_DONE) return Error("writing lease");
  }
  for (int64_t id : batch.revoked) {
    StmtReset r{del_lease_};
    sqlite3_bind_int64(del_lease_, 1, id);
    if (sqlite3_step(del_lease_) != SQLITE_DONE) return Error("deleting lease");
  }
  for (auto [name, value] :
       {std::pair{"current_rev", batch.current_rev}, std::pair{"compact_rev", batch.compact_rev}}) {
    StmtReset r{put_meta_};
    sqlite3_bind_text(put_meta_, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(put_meta_, 2, value);
    if (sqlite3_step(put_meta_) != SQLITE_DONE) return Error("writing meta");
  }
  return absl::OkStatus();
}

absl::Status Backend::Commit(const Batch& batch) {
  absl::MutexLock lock(&mu_);
  if (auto s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  if (auto s = WriteBatch(batch); !s.ok()) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  }
  return Exec("COMMIT");
}

absl::Status Backend::Defragment() {
  absl::MutexLock lock(&mu_);
  if (auto s = Exec("VACUUM"); !s.ok()) return s;
  return Exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

absl::Status Backend::Checkpoint() {
  absl::MutexLock lock(&mu_);
  return Exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

int64_t Backend::PragmaInt(const char* sql) { return QueryInt(db_, sql); }

std::pair<int64_t, int64_t> Backend::Sizes() {
  absl::MutexLock lock(&mu_);
  int64_t page = PragmaInt("PRAGMA page_size");
  int64_t count = PragmaInt("PRAGMA page_count");
  int64_t free_pages = PragmaInt("PRAGMA freelist_count");
  return {page * count, page * (count - free_pages)};
}

}  // namespace wisp::datastore
