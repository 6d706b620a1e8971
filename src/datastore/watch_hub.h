// File: src/datastore/watch_hub.h
//
// Fans committed events out to watchers. Store publishes each committed
// batch; a watcher created with a start revision first gets the history from
// that revision, then live events, with no gap and no duplicate: history is
// replayed and the watcher registered under the hub's lock, up to exactly the
// last published revision.
//
// Delivery never blocks: events go into the watcher's WatchSink, which queues
// them for its stream.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "etcd/rpc.pb.h"

namespace wisp::datastore {

// Where a stream's responses go. Send must not block and must not call back
// into the hub.
class WatchSink {
 public:
  virtual ~WatchSink() = default;
  virtual void Send(etcdserverpb::WatchResponse resp) = 0;
};

struct WatchSpec {
  int64_t id = 0;
  std::string key, end;
  int64_t start_rev = 0;  // 0: from the next revision.
  bool prev_kv = false;
  bool no_put = false;
  bool no_delete = false;
  bool progress_notify = false;
  bool fragment = false;
};

class WatchHub {
 public:
  // Reads history: events with revision in [from, to] in [key, end), and
  // sets *compact_rev to the compacted revision it read under (atomically).
  using HistoryFn =
      std::function<std::vector<mvccpb::Event>(const std::string& key, const std::string& end,
                                               int64_t from, int64_t to, int64_t* compact_rev)>;
  // Response size at which fragmenting watches split (etcd's request size
  // limit plus its gRPC overhead allowance).
  static constexpr size_t kMaxResponseBytes = 1536 * 1024 + 512 * 1024;
  // Distinct revisions per catch-up response (etcd's watchBatchMaxRevs).
  static constexpr int64_t kMaxReplayRevisions = 1000;

  WatchHub(int64_t published_rev, HistoryFn history)
      : published_rev_(published_rev), history_(std::move(history)) {}

  // Registers `spec` for `sink`. If the start revision was compacted away,
  // sends etcd's compacted-cancel response instead. REQUIRES: the stream
  // already sent the "created" response.
  void Add(WatchSink* sink, const WatchSpec& spec);
  // Returns false if no such watch.
  bool Remove(WatchSink* sink, int64_t id);
  void RemoveAll(WatchSink* sink);
  // Delivers one committed batch; `events` are in commit order.
  void Publish(const std::vector<mvccpb::Event>& events, int64_t rev);
  // Answers a progress request: an empty response at the published revision.
  void RequestProgress(WatchSink* sink);
  // Sends a progress notification to every watch that asked for them.
  void NotifyProgress();
  int64_t published_rev() const;
  size_t size() const;

 private:
  struct Watcher {
    WatchSpec spec;
    int64_t next_rev;  // Events below this were already delivered.
  };
  bool Matches(const WatchSpec& spec, const mvccpb::Event& e) const;
  void Deliver(WatchSink* sink, const Watcher& w, std::vector<mvccpb::Event> events, int64_t rev)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  int64_t published_rev_ ABSL_GUARDED_BY(mu_);
  HistoryFn history_;
  std::map<std::pair<WatchSink*, int64_t>, Watcher> watchers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wisp::datastore
