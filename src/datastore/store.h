// File: src/datastore/store.h
//
// The etcd v3 key-value and lease semantics over SQLite, independent of
// gRPC. Reads are answered from the in-memory index at the last committed
// revision; writes are queued to one writer thread that applies everything
// queued so far and commits it as one SQLite transaction (group commit). A
// write returns only after its batch is durable, and its events reach
// watchers only then.
//
//   Open ──► Start (writer + maintenance threads) ──► ... ──► Stop (drains)
//
// If a commit fails the store stops accepting writes (fail-stop); the
// supervisor restarts the process, which reloads the last durable state.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "datastore/applier.h"
#include "datastore/backend.h"
#include "datastore/lessor.h"
#include "datastore/mvcc.h"
#include "datastore/snapshot.h"
#include "datastore/watch_hub.h"
#include "etcd/rpc.pb.h"
#include "wisp/base/clock.h"

namespace wisp::datastore {

struct StoreOptions {
  std::string db_path;
  int max_txn_ops = 128;    // etcd's --max-txn-ops default.
  size_t max_batch = 4096;  // Writes per group commit at most.
  // Automatic compaction keeps this many revisions (0: off), checked every
  // compaction_interval, and as soon as the history has grown to twice this.
  int64_t compaction_retention = 0;
  base::Clock::Duration compaction_interval = std::chrono::minutes(5);
  base::Clock::Duration progress_notify_interval = std::chrono::minutes(10);
  // Called from Tick once no request arrived for `idle_after` (once per idle
  // period), e.g. to give memory back to the OS. Must not call the store.
  std::function<void()> on_idle;
  base::Clock::Duration idle_after = std::chrono::milliseconds(200);
  // Runs lease expiry, compaction and progress notification in a background
  // thread. Unit tests turn it off and call Tick() with a fake clock.
  bool background = true;
};

class Store {
 public:
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options,
                                                     base::Clock& clock);
  ~Store();

  void Start();
  // Idempotent; finishes queued writes, then joins the threads.
  void Stop();

  // Called once a write is durable (or failed), on the writer thread: must
  // not block. The request and response must stay valid until then.
  using Done = std::function<void(absl::Status)>;

  // KV. Responses carry header.revision; the caller fills the other fields.
  absl::Status Range(const etcdserverpb::RangeRequest& req, etcdserverpb::RangeResponse* resp);
  void Put(const etcdserverpb::PutRequest& req, etcdserverpb::PutResponse* resp, Done done);
  void DeleteRange(const etcdserverpb::DeleteRangeRequest& req,
                   etcdserverpb::DeleteRangeResponse* resp, Done done);
  void Txn(const etcdserverpb::TxnRequest& req, etcdserverpb::TxnResponse* resp, Done done);
  void Compact(const etcdserverpb::CompactionRequest& req, etcdserverpb::CompactionResponse* resp,
               Done done);
  // Blocking forms of the writes above.
  absl::Status Put(const etcdserverpb::PutRequest& req, etcdserverpb::PutResponse* resp) {
    return Wait([&](Done d) { Put(req, resp, std::move(d)); });
  }
  absl::Status DeleteRange(const etcdserverpb::DeleteRangeRequest& req,
                           etcdserverpb::DeleteRangeResponse* resp) {
    return Wait([&](Done d) { DeleteRange(req, resp, std::move(d)); });
  }
  absl::Status Txn(const etcdserverpb::TxnRequest& req, etcdserverpb::TxnResponse* resp) {
    return Wait([&](Done d) { Txn(req, resp, std::move(d)); });
  }
  absl::Status Compact(const etcdserverpb::CompactionRequest& req,
                       etcdserverpb::CompactionResponse* resp) {
    return Wait([&](Done d) { Compact(req, resp, std::move(d)); });
  }

  // Leases.
  absl::Status LeaseGrant(const etcdserverpb::LeaseGrantRequest& req,
                          etcdserverpb::LeaseGrantResponse* resp);
  absl::Status LeaseRevoke(const etcdserverpb::LeaseRevokeRequest& req,
                           etcdserverpb::LeaseRevokeResponse* resp);
  absl::StatusOr<int64_t> LeaseRenew(int64_t id);
  absl::Status LeaseTimeToLive(const etcdserverpb::LeaseTimeToLiveRequest& req,
                               etcdserverpb::LeaseTimeToLiveResponse* resp);
  void LeaseLeases(etcdserverpb::LeaseLeasesResponse* resp);

  // Watches.
  void Watch(WatchSink* sink, const WatchSpec& spec);
  bool CancelWatch(WatchSink* sink, int64_t id) { return hub_->Remove(sink, id); }
  void CancelWatches(WatchSink* sink) { hub_->RemoveAll(sink); }
  void RequestProgress(WatchSink* sink) { hub_->RequestProgress(sink); }

  // Maintenance.
  int64_t Revision() const;
  int64_t CompactRevision() const;
  // Writes etcd's bbolt snapshot of the committed state to `path`
  // (snapshot.h); writes go on meanwhile.
  absl::Status Snapshot(const std::string& path) { return WriteEtcdSnapshot(*backend_, path); }
  absl::Status Defragment() { return backend_->Defragment(); }
  std::pair<int64_t, int64_t> DbSizes() { return backend_->Sizes(); }
  // etcd's HashKV at `rev` (0: the last committed revision); see hash.h.
  absl::Status HashKV(int64_t rev, etcdserverpb::HashKVResponse* resp) const;
  // OK while writes can be committed.
  absl::Status Healthy() const;

  // One pass of background work: revoke expired leases, compact, notify
  // progress, run on_idle. Called by the background thread, or by tests.
  void Tick();

 private:
  struct PendingWrite;

  Store(const StoreOptions& options, base::Clock& clock);
  void SubmitAsync(std::function<absl::Status()> apply, Done done);
  absl::Status Submit(std::function<absl::Status()> apply);
  static absl::Status Wait(const std::function<void(Done)>& start);
  void WriterLoop();
  void BackgroundLoop();
  void CommitBatch(std::vector<std::unique_ptr<PendingWrite>>& writes);
  void CheckIdle(base::Clock::TimePoint now);
  absl::Status RevokeLocked(int64_t id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status CompactLocked(int64_t rev) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const StoreOptions options_;
  base::Clock& clock_;
  std::unique_ptr<Backend> backend_;
  Lessor lessor_;
  std::unique_ptr<WatchHub> hub_;

  // The index and everything the writer accumulates for the next commit.
  mutable absl::Mutex mu_;
  MvccIndex index_ ABSL_GUARDED_BY(mu_);
  Applier applier_ ABSL_GUARDED_BY(mu_);
  Batch pending_ ABSL_GUARDED_BY(mu_);
  int64_t committed_rev_ ABSL_GUARDED_BY(mu_) = 1;
  std::mt19937_64 rng_ ABSL_GUARDED_BY(mu_);

  // The write queue and thread control.
  mutable absl::Mutex qmu_;
  std::deque<std::unique_ptr<PendingWrite>> queue_ ABSL_GUARDED_BY(qmu_);
  bool started_ ABSL_GUARDED_BY(qmu_) = false;
  bool stopping_ ABSL_GUARDED_BY(qmu_) = false;
  bool failed_ ABSL_GUARDED_BY(qmu_) = false;
  std::thread writer_;
  std::thread background_;
  base::Clock::TimePoint next_compaction_;
  base::Clock::TimePoint next_progress_;
  // Requests seen (reads and writes), for idle detection. Only Tick reads
  // the idle_* fields.
  std::atomic<uint64_t> requests_{0};
  uint64_t idle_seen_requests_ = 0;
  base::Clock::TimePoint idle_since_;
  bool idle_fired_ = true;  // Nothing to give back before the first request.
};

}  // namespace wisp::datastore
