// File: src/datastore/mvcc.h
//
// The in-memory multi-version key index: every version of every key since the
// last compaction, ordered by key, each with the revision that wrote it. The
// SQLite backend (backend.h) is its durable copy; the index is rebuilt from it
// at start. Reads at any retained revision are answered from here.
//
// Key ranges follow etcd: an empty `end` means the single key `key`; an `end`
// of "\0" means every key >= `key`; otherwise [key, end).
//
// Not thread-safe; Store guards it with a reader/writer lock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "etcd/kv.pb.h"

namespace wisp::datastore {

// One version of one key. A tombstone marks a deletion at `mod_rev`.
struct KeyVersion {
  int64_t mod_rev = 0;
  int64_t sub = 0;  // Order of the change within its revision.
  int64_t create_rev = 0;
  int64_t version = 0;
  int64_t lease = 0;
  std::string value;
  bool tombstone = false;
};

// A version's row id in the backend: revision-major, so rows are appended in
// commit order. Limits one revision to 2^24 changes.
inline constexpr int kSubBits = 24;
inline int64_t RowId(const KeyVersion& kv) { return (kv.mod_rev << kSubBits) | kv.sub; }

class MvccIndex {
 public:
  // The latest revision written to the index (1 on an empty store).
  int64_t current_rev() const { return current_rev_; }
  int64_t compact_rev() const { return compact_rev_; }
  void set_current_rev(int64_t rev) { current_rev_ = rev; }
  void set_compact_rev(int64_t rev) { compact_rev_ = rev; }

  // The live version of `key` at `rev`, or null if absent or deleted.
  const KeyVersion* Get(const std::string& key, int64_t rev) const;

  // Calls `fn` for every live key in the range at `rev`, in key order, until
  // `fn` returns false.
  void ForEach(const std::string& key, const std::string& end, int64_t rev,
               const std::function<bool(const std::string&, const KeyVersion&)>& fn) const;

  // Number of live keys in the range at `rev`.
  int64_t Count(const std::string& key, const std::string& end, int64_t rev) const;

  // Adds a version of `key`. REQUIRES: kv.mod_rev >= every existing version's.
  void Append(const std::string& key, KeyVersion kv);

  // Every change with revision in [from_rev, to_rev] in the range, ordered by
  // (revision, sub), with the previous version when `with_prev`.
  std::vector<mvccpb::Event> History(const std::string& key, const std::string& end,
                                     int64_t from_rev, int64_t to_rev, bool with_prev) const;

  // Drops every version that no read at a revision >= `rev` can see; keeps
  // the newest version <= rev of each key unless it is a tombstone. Returns
  // the RowIds of the versions removed so the backend can drop them too.
  std::vector<int64_t> Compact(int64_t rev);

  // Calls `fn` for every stored version (live, historic, tombstones), in key
  // order, then version order.
  void ForEachVersion(const std::function<void(const std::string&, const KeyVersion&)>& fn) const;

  // Number of stored versions (live and historic).
  int64_t VersionCount() const { return version_count_; }

  static void ToProto(const std::string& key, const KeyVersion& kv, mvccpb::KeyValue* out);

 private:
  // Newest version of `versions` with mod_rev <= rev, or null.
  static const KeyVersion* At(const std::vector<KeyVersion>& versions, int64_t rev);
  // Iteration bounds for an etcd range.
  std::map<std::string, std::vector<KeyVersion>>::const_iterator RangeBegin(
      const std::string& key) const;
  static bool PastEnd(const std::string& candidate, const std::string& key, const std::string& end);

  std::map<std::string, std::vector<KeyVersion>> keys_;
  int64_t current_rev_ = 1;
  int64_t compact_rev_ = 0;
  int64_t version_count_ = 0;
};

}  // namespace wisp::datastore
