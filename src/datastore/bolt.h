// File: src/datastore/bolt.h
//
// The bbolt file format, which etcd keeps its store in and which
// `etcdctl snapshot status|restore` read. wisp writes its snapshots in it so
// they restore into etcd, and reads it so an etcd snapshot restores into wisp.
//
// A file is 4 KiB pages: two meta pages (0 and 1, the valid one with the
// higher txid wins), a freelist page, and B+trees of branch and leaf pages.
// The root tree holds one element per bucket; each bucket is a tree of its
// own whose keys are in bytewise order. Integers are little-endian.
//
// Only top-level buckets are supported (etcd uses no nested ones).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wisp::datastore::bolt {

inline constexpr uint32_t kPageSize = 4096;

// Writes a bbolt file in one pass with bounded memory: leaf pages go to disk
// as they fill; only the first key of each page is kept to build branches.
// Buckets must be added in bytewise order of their names, and keys within a
// bucket in bytewise order (checked).
class Writer {
 public:
  static absl::StatusOr<std::unique_ptr<Writer>> Create(const std::string& path);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  absl::Status BeginBucket(std::string_view name);
  absl::Status Put(std::string_view key, std::string_view value);
  // Ends the last bucket, writes the root, freelist and meta pages and fsyncs.
  absl::Status Finish();

 private:
  struct Element {
    std::string key;
    std::string value;  // Empty for branch elements.
    uint64_t child = 0;
    uint32_t flags = 0;
  };
  struct Level {
    std::vector<Element> elems;
    size_t bytes = 0;  // Page header + elements + data, if written now.
  };
  Writer(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  absl::Status EndBucket();
  // Adds `e` to tree level `depth` (0 = leaves), flushing the level first if
  // `e` would not fit on its page.
  absl::Status Add(size_t depth, Element e);
  absl::Status Flush(size_t depth);
  // Flushes every level and returns the tree's root page.
  absl::StatusOr<uint64_t> CloseTree();
  absl::StatusOr<uint64_t> WritePage(uint16_t flags, const std::vector<Element>& elems);
  absl::Status WriteAt(uint64_t pgid, const std::string& bytes);

  const std::string path_;
  int fd_;
  uint64_t next_pgid_ = 3;  // 0 and 1 are the metas, 2 the freelist.
  std::vector<Level> levels_;
  std::string bucket_;
  std::string last_key_;
  bool in_bucket_ = false;
  bool any_key_ = false;
  std::vector<Element> buckets_;  // The root tree's elements.
};

// Calls `fn(bucket, key, value)` for every key of every top-level bucket of
// the bbolt file in `data`, in bucket order and key order. An invalid or
// truncated file is an error that says what is wrong, never a partial read
// reported as success.
using Visitor = std::function<absl::Status(std::string_view bucket, std::string_view key,
                                           std::string_view value)>;
absl::Status Read(std::string_view data, const Visitor& fn);

// True when `data` starts like a bbolt file (a meta page with bolt's magic).
bool LooksLikeBolt(std::string_view data);

}  // namespace wisp::datastore::bolt
