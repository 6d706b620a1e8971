#include "datastore/snapshot.h"

#include <google/protobuf/unknown_field_set.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "datastore/backend.h"
#include "datastore/bolt.h"
#include "datastore/hash.h"
#include "etcd/kv.pb.h"
#include "wisp/base/files.h"
#include "wisp/base/strings.h"
#include "wisp/datastore/datastore.h"

namespace wisp::datastore {
namespace {

constexpr std::string_view kKeyBucket = "key";
constexpr std::string_view kLeaseBucket = "lease";
constexpr std::string_view kMetaBucket = "meta";
constexpr size_t kRevBytes = 17;  // 8-byte main, '_', 8-byte sub.

void RemoveDatabase(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) unlink((path + suffix).c_str());
}

// One bbolt snapshot's content, as a wisp batch.
struct Imported {
  Batch batch;
  int64_t max_rev = 0;
};

absl::Status ImportEntry(std::string_view bucket, std::string_view key, std::string_view value,
                         Imported& out) {
  if (bucket == kKeyBucket) {
    const bool tombstone = key.size() == kRevBytes + 1 && key.back() == 't';
    if ((key.size() != kRevBytes && !tombstone) || key[8] != '_') {
      return absl::DataLossError(
          base::StrCat("key bucket: malformed revision of ", key.size(), " bytes"));
    }
    mvccpb::KeyValue kv;
    if (!kv.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      return absl::DataLossError("key bucket: a value is not an mvccpb.KeyValue");
    }
    KeyVersion v;
    v.mod_rev = ReadBigEndian64(key);
    v.sub = ReadBigEndian64(key.substr(9));
    if (v.mod_rev <= 0 || v.sub < 0 || v.sub >= (int64_t{1} << kSubBits)) {
      return absl::DataLossError(
          base::StrCat("key bucket: revision ", v.mod_rev, "/", v.sub, " out of range"));
    }
    v.tombstone = tombstone;
    if (!tombstone) {
      v.create_rev = kv.create_revision();
      v.version = kv.version();
      v.lease = kv.lease();
      v.value = std::move(*kv.mutable_value());
    }
    out.max_rev = std::max(out.max_rev, v.mod_rev);
    out.batch.changes.emplace_back(std::move(*kv.mutable_key()), std::move(v));
  } else if (bucket == kLeaseBucket) {
    google::protobuf::UnknownFieldSet fields;
    if (!fields.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      return absl::DataLossError("lease bucket: a value is not a leasepb.Lease");
    }
    int64_t id = 0, ttl = 0;
    for (int i = 0; i < fields.field_count(); ++i) {
      const auto& f = fields.field(i);
      if (f.type() != google::protobuf::UnknownField::TYPE_VARINT) continue;
      if (f.number() == 1) id = static_cast<int64_t>(f.varint());
      if (f.number() == 2) ttl = static_cast<int64_t>(f.varint());
    }
    if (id <= 0) return absl::DataLossError("lease bucket: a lease without an ID");
    out.batch.granted.emplace_back(id, ttl);
  } else if (bucket == kMetaBucket && key == "finishedCompactRev" && value.size() >= 8) {
    out.batch.compact_rev = ReadBigEndian64(value);
  }
  return absl::OkStatus();  // etcd's other buckets (members, auth, alarms) have no wisp part.
}

// Turns the bbolt file `data` into the wisp database `path`.
absl::Status ImportBolt(std::string_view data, const std::string& path) {
  Imported in;
  auto s = bolt::Read(data, [&](std::string_view b, std::string_view k, std::string_view v) {
    return ImportEntry(b, k, v, in);
  });
  if (!s.ok()) return s;
  in.batch.current_rev = std::max({in.max_rev, in.batch.compact_rev, int64_t{1}});
  auto backend = Backend::Open(path);
  if (!backend.ok()) return backend.status();
  if (s = (*backend)->Commit(in.batch); !s.ok()) return s;
  return (*backend)->Checkpoint();
}

}  // namespace

absl::Status WriteEtcdSnapshot(Backend& backend, const std::string& bolt_path) {
  auto writer = bolt::Writer::Create(bolt_path);
  if (!writer.ok()) return writer.status();
  bolt::Writer& w = **writer;
  if (auto s = w.BeginBucket(kKeyBucket); !s.ok()) return s;
  std::vector<std::pair<int64_t, int64_t>> leases;
  int64_t current_rev = 0, compact_rev = 0;
  std::string value;
  auto s = backend.Scan(
      [&](std::string key, KeyVersion v) { return w.Put(RevisionKey(v), StoredValue(key, v)); },
      leases, &current_rev, &compact_rev);
  if (!s.ok()) return s;
  if (s = w.BeginBucket(kLeaseBucket); !s.ok()) return s;
  for (auto [id, ttl] : leases) {
    google::protobuf::UnknownFieldSet lease;  // leasepb.Lease{ID = 1, TTL = 2}
    lease.AddVarint(1, static_cast<uint64_t>(id));
    lease.AddVarint(2, static_cast<uint64_t>(ttl));
    lease.SerializeToString(&value);
    if (s = w.Put(BigEndian64(id), value); !s.ok()) return s;
  }
  if (s = w.BeginBucket(kMetaBucket); !s.ok()) return s;
  if (s = w.Put("consistent_index", BigEndian64(current_rev)); !s.ok()) return s;
  if (compact_rev > 0) {
    KeyVersion compacted;
    compacted.mod_rev = compact_rev;
    const std::string rev = RevisionKey(compacted);
    if (s = w.Put("finishedCompactRev", rev); !s.ok()) return s;
    if (s = w.Put("scheduledCompactRev", rev); !s.ok()) return s;
  }
  return w.Finish();
}

absl::Status RestoreSnapshot(const std::string& snapshot_file, const std::string& data_dir) {
  const std::string db = DatabasePath(data_dir);
  if (access(db.c_str(), F_OK) == 0) {
    return absl::FailedPreconditionError(
        base::StrCat("restore: ", db, " already exists; restore into an empty data dir"));
  }
  if (auto s = base::MakeDirs(data_dir, 0700); !s.ok()) return s;
  auto data = base::ReadFile(snapshot_file);
  if (!data.ok()) return data.status();
  // Strip and check the SHA-256 trailer that Maintenance.Snapshot appends
  // (a bare etcd member's db file has none).
  if (data->size() % 512 == SHA256_DIGEST_LENGTH) {
    unsigned char sum[SHA256_DIGEST_LENGTH];
    const size_t body = data->size() - SHA256_DIGEST_LENGTH;
    EVP_Digest(data->data(), body, sum, nullptr, EVP_sha256(), nullptr);
    if (data->compare(body, SHA256_DIGEST_LENGTH, reinterpret_cast<const char*>(sum),
                      SHA256_DIGEST_LENGTH) != 0) {
      return absl::DataLossError(base::StrCat("restore: ", snapshot_file, ": checksum mismatch"));
    }
    data->resize(body);
  }
  const std::string tmp = data_dir + "/restore.tmp";
  RemoveDatabase(tmp);
  constexpr std::string_view kSqliteMagic("SQLite format 3\0", 16);
  if (data->compare(0, kSqliteMagic.size(), kSqliteMagic) == 0) {
    // A snapshot of wisp before snapshots were bbolt files.
    if (auto s = base::WriteFileAtomic(tmp, *data, 0600); !s.ok()) return s;
    absl::Status s = [&] {
      auto backend = Backend::Open(tmp);  // Verifies the file is an intact wisp database.
      return backend.ok() ? (*backend)->Checkpoint() : backend.status();
    }();
    if (!s.ok()) {
      RemoveDatabase(tmp);
      return absl::InvalidArgumentError(
          base::StrCat("restore: ", snapshot_file, ": ", base::ToStd(s.message())));
    }
  } else if (bolt::LooksLikeBolt(*data)) {
    if (absl::Status s = ImportBolt(*data, tmp); !s.ok()) {
      RemoveDatabase(tmp);
      return absl::InvalidArgumentError(
          base::StrCat("restore: ", snapshot_file, ": ", base::ToStd(s.message())));
    }
  } else {
    return absl::InvalidArgumentError(base::StrCat(
        "restore: ", snapshot_file, " is not a snapshot (neither an etcd bbolt file nor wisp's)"));
  }
  unlink((tmp + "-wal").c_str());
  unlink((tmp + "-shm").c_str());
  if (rename(tmp.c_str(), db.c_str()) != 0) return base::ErrnoStatus("restore: rename");
  return absl::OkStatus();
}

}  // namespace wisp::datastore
