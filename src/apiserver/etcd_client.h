// File: src/apiserver/etcd_client.h (private to the apiserver)
//
// The API server's view of the etcd v3 API: the handful of operations the
// generic REST storage needs (point reads, ranges at a revision, create-if-
// absent, compare-and-swap on mod_revision, compare-and-delete, watches),
// over one gRPC channel to `wisp datastore` (unix socket) or a real etcd
// (http/https endpoints, optional client certificate).
//
// Errors: UNAVAILABLE when the datastore cannot be reached; OUT_OF_RANGE for
// a compacted revision ("required revision has been compacted").
// Thread-safe: every method may be called concurrently.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wisp::apiserver {

struct EtcdClientOptions {
  // unix:///path, http://host:port or https://host:port (first one is used).
  std::vector<std::string> endpoints;
  std::string ca_file, cert_file, key_file;  // for https endpoints
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
};

struct KeyValue {
  std::string key;
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
};

struct RangeResult {
  std::vector<KeyValue> kvs;
  bool more = false;
  int64_t count = 0;
  int64_t revision = 0;  // the store revision the range was read at
};

// Result of a conditional write. `succeeded` false means the compare failed;
// `current` then holds the key's present value (nullopt if it is absent).
struct TxnResult {
  bool succeeded = false;
  int64_t revision = 0;  // revision after the write (or of the read)
  std::optional<KeyValue> current;
};

struct WatchEvent {
  enum class Type { kPut, kDelete } type = Type::kPut;
  KeyValue kv;  // for deletes: key and mod_revision only
  std::optional<KeyValue> prev_kv;
};

// Receives a watch's events in revision order. A batch with no events is a
// progress notification at `revision`. `Closed` is called once when the watch
// ends (error or cancel); OUT_OF_RANGE means the start revision is compacted.
class WatchSink {
 public:
  virtual ~WatchSink() = default;
  virtual void OnEvents(std::vector<WatchEvent> events, int64_t revision) = 0;
  virtual void OnClosed(absl::Status status) = 0;
};

class EtcdWatch;

class EtcdClient {
 public:
  static absl::StatusOr<std::unique_ptr<EtcdClient>> Connect(const EtcdClientOptions& options);
  virtual ~EtcdClient() = default;

  // Reads [key, range_end) at `revision` (0 = latest). Empty range_end = one key.
  virtual absl::StatusOr<RangeResult> Range(const std::string& key, const std::string& range_end,
                                            int64_t revision, int64_t limit,
                                            bool count_only = false) = 0;
  // Writes `value` only if `key` does not exist. A `lease` (0: none) is
  // attached: etcd deletes the key when the lease expires.
  virtual absl::StatusOr<TxnResult> Create(const std::string& key, const std::string& value,
                                           int64_t lease = 0) = 0;
  // Writes `value` only if the key's mod_revision equals `mod_revision`.
  virtual absl::StatusOr<TxnResult> CompareAndPut(const std::string& key, const std::string& value,
                                                  int64_t mod_revision, int64_t lease = 0) = 0;
  // Grants a lease of `ttl_seconds`; returns its ID.
  virtual absl::StatusOr<int64_t> GrantLease(int64_t ttl_seconds) = 0;
  // Deletes the key only if its mod_revision equals `mod_revision`.
  virtual absl::StatusOr<TxnResult> CompareAndDelete(const std::string& key,
                                                     int64_t mod_revision) = 0;
  // Watches keys with `prefix` from `start_revision` (with prev_kv and
  // progress notifications). Events flow to `sink` on the watch's own thread
  // until the returned handle is destroyed (which cancels and joins).
  virtual absl::StatusOr<std::unique_ptr<EtcdWatch>> Watch(const std::string& prefix,
                                                           int64_t start_revision,
                                                           WatchSink& sink) = 0;
  // Drops the history before `revision` (etcd's Compact, physical).
  virtual absl::Status Compact(int64_t revision) = 0;
};

// A running watch; destroying it cancels the stream and joins its thread.
class EtcdWatch {
 public:
  virtual ~EtcdWatch() = default;
  // Requests a progress notification on this stream. Never calls the sink
  // from inside the call: the answer arrives on the watch's own thread.
  virtual void RequestProgress() = 0;
};

// The end of the range that covers every key starting with `prefix`.
std::string PrefixEnd(const std::string& prefix);

}  // namespace wisp::apiserver
