#include "datastore/store.h"

#include <malloc.h>

#include <utility>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "datastore/errors.h"
#include "datastore/hash.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::datastore {

struct Store::PendingWrite {
  std::function<absl::Status()> apply;
  Done done;
  absl::Status status;
};

Store::Store(const StoreOptions& options, base::Clock& clock)
    : options_(options),
      clock_(clock),
      lessor_(clock),
      applier_(index_, lessor_),
      rng_(std::random_device{}()) {}

Store::~Store() { Stop(); }

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options,
                                                   base::Clock& clock) {
  auto backend = Backend::Open(options.db_path);
  if (!backend.ok()) return backend.status();
  std::unique_ptr<Store> store(new Store(options, clock));
  store->backend_ = std::move(*backend);
  std::vector<std::pair<int64_t, int64_t>> leases;
  absl::MutexLock lock(&store->mu_);
  if (auto s = store->backend_->Load(store->index_, leases); !s.ok()) return s;
  for (auto [id, ttl] : leases) store->lessor_.Grant(id, ttl);
  // Reattach keys to their leases.
  store->index_.ForEach(std::string(1, '\0'), std::string(1, '\0'), store->index_.current_rev(),
                        [&store](const std::string& key, const KeyVersion& kv) {
                          if (kv.lease != 0) store->lessor_.AttachKey(kv.lease, key);
                          return true;
                        });
  store->committed_rev_ = store->index_.current_rev();
  Store* raw = store.get();
  store->hub_ = std::make_unique<WatchHub>(
      store->committed_rev_, [raw](const std::string& key, const std::string& end, int64_t from,
                                   int64_t to, int64_t* compact_rev) {
        absl::ReaderMutexLock l(&raw->mu_);
        *compact_rev = raw->index_.compact_rev();
        if (from < *compact_rev) return std::vector<mvccpb::Event>{};
        return raw->index_.History(key, end, from, to, true);
      });
  return store;
}

void Store::Start() {
  absl::MutexLock lock(&qmu_);
  if (started_) return;
  started_ = true;
  next_compaction_ = clock_.Now() + options_.compaction_interval;
  next_progress_ = clock_.Now() + options_.progress_notify_interval;
  writer_ = std::thread([this] { WriterLoop(); });
  if (options_.background) background_ = std::thread([this] { BackgroundLoop(); });
}

void Store::Stop() {
  {
    absl::MutexLock lock(&qmu_);
    stopping_ = true;
  }
  if (background_.joinable()) background_.join();
  if (writer_.joinable()) writer_.join();
}

absl::Status Store::Healthy() const {
  absl::MutexLock lock(&qmu_);
  if (failed_) return absl::UnavailableError("datastore: a commit failed; restart required");
  if (stopping_) return ErrStopped();
  return absl::OkStatus();
}

void Store::SubmitAsync(std::function<absl::Status()> apply, Done done) {
  requests_.fetch_add(1, std::memory_order_relaxed);
  absl::Status refused;
  {
    absl::MutexLock lock(&qmu_);
    if (!started_ || stopping_) {
      refused = ErrStopped();
    } else if (failed_) {
      refused = absl::UnavailableError("datastore: a commit failed; restart required");
    } else {
      queue_.push_back(
          std::make_unique<PendingWrite>(PendingWrite{std::move(apply), std::move(done), {}}));
      return;
    }
  }
  done(refused);
}

absl::Status Store::Submit(std::function<absl::Status()> apply) {
  absl::Notification finished;
  absl::Status result;
  SubmitAsync(std::move(apply), [&](absl::Status s) {
    result = std::move(s);
    finished.Notify();
  });
  finished.WaitForNotification();
  return result;
}

absl::Status Store::Wait(const std::function<void(Done)>& start) {
  absl::Notification finished;
  absl::Status result;
  start([&](absl::Status s) {
    result = std::move(s);
    finished.Notify();
  });
  finished.WaitForNotification();
  return result;
}

void Store::WriterLoop() {
  while (true) {
    std::vector<std::unique_ptr<PendingWrite>> writes;
    {
      absl::MutexLock lock(&qmu_);
      qmu_.Await(absl::Condition(
          +[](Store* s)
               ABSL_NO_THREAD_SAFETY_ANALYSIS { return s->stopping_ || !s->queue_.empty(); },
          this));
      if (queue_.empty()) return;  // Stopping with nothing left to do.
      while (!queue_.empty() && writes.size() < options_.max_batch) {
        writes.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(writes);
  }
}

void Store::CommitBatch(std::vector<std::unique_ptr<PendingWrite>>& writes) {
  Batch batch;
  std::vector<mvccpb::Event> events;
  {
    absl::MutexLock lock(&mu_);
    for (auto& w : writes) w->status = w->apply();
    batch = std::exchange(pending_, {});
    batch.changes = applier_.TakeChanges();
    events = applier_.TakeEvents();
    batch.current_rev = index_.current_rev();
    batch.compact_rev = index_.compact_rev();
  }
  const bool dirty = !batch.changes.empty() || !batch.removed.empty() || !batch.granted.empty() ||
                     !batch.revoked.empty();
  absl::Status s = dirty ? backend_->Commit(batch) : absl::OkStatus();
  if (!s.ok()) {
    base::LogError("datastore", base::StrCat("commit failed, refusing further writes: ",
                                             base::ToStd(s.message())));
    absl::MutexLock lock(&qmu_);
    failed_ = true;
    for (auto& w : writes) w->status = absl::UnavailableError("datastore: commit failed");
  } else {
    {
      absl::MutexLock lock(&mu_);
      committed_rev_ = batch.current_rev;
    }
    hub_->Publish(events, batch.current_rev);
    // Hand a compacted history's memory back to the OS.
    if (!batch.removed.empty()) malloc_trim(0);
  }
  for (auto& w : writes) w->done(std::move(w->status));
}

void Store::BackgroundLoop() {
  while (true) {
    auto wait = std::min<base::Clock::Duration>(lessor_.NextDeadlineIn(), std::chrono::seconds(1));
    // Notice the end of a burst of requests soon (a tick is a few
    // microseconds of work).
    if (options_.on_idle) wait = std::min(wait, options_.idle_after);
    {
      absl::MutexLock lock(&qmu_);
      if (qmu_.AwaitWithTimeout(absl::Condition(&stopping_),
                                absl::FromChrono(wait) + absl::Milliseconds(1))) {
        return;
      }
    }
    Tick();
  }
}

void Store::Tick() {
  for (int64_t id : lessor_.Expired()) {
    // NotFound: revoked meanwhile.
    (void)Submit([this, id]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return RevokeLocked(id); });
  }
  const auto now = clock_.Now();
  const int64_t retention = options_.compaction_retention;
  const bool periodic = now >= next_compaction_;
  // The history is held in memory (mvcc.h): a burst of writes is compacted
  // as soon as it has doubled the window, not only at the next interval.
  const bool overgrown = retention > 0 && Revision() - CompactRevision() >= 2 * retention;
  if (periodic) next_compaction_ = now + options_.compaction_interval;
  if ((periodic || overgrown) && retention > 0) {
    int64_t rev = Revision() - retention;
    if (rev > CompactRevision()) {
      absl::Status s =
          Submit([this, rev]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return CompactLocked(rev); });
      // Truncating the WAL waits for readers: once per interval is enough.
      if (s.ok() && periodic) s = backend_->Checkpoint();
      if (!s.ok()) {
        base::LogWarn("datastore", base::StrCat("auto-compaction: ", base::ToStd(s.message())));
      }
    }
  }
  if (now >= next_progress_) {
    next_progress_ = now + options_.progress_notify_interval;
    hub_->NotifyProgress();
  }
  CheckIdle(now);
}

void Store::CheckIdle(base::Clock::TimePoint now) {
  const uint64_t requests = requests_.load(std::memory_order_relaxed);
  if (requests != idle_seen_requests_) {
    idle_seen_requests_ = requests;
    idle_since_ = now;
    idle_fired_ = false;
    return;
  }
  if (idle_fired_ || now - idle_since_ < options_.idle_after) return;
  idle_fired_ = true;
  if (options_.on_idle) options_.on_idle();
}

int64_t Store::Revision() const {
  absl::ReaderMutexLock lock(&mu_);
  return committed_rev_;
}

int64_t Store::CompactRevision() const {
  absl::ReaderMutexLock lock(&mu_);
  return index_.compact_rev();
}

absl::Status Store::Range(const etcdserverpb::RangeRequest& req,
                          etcdserverpb::RangeResponse* resp) {
  requests_.fetch_add(1, std::memory_order_relaxed);
  if (auto s = CheckRange(req); !s.ok()) return s;
  absl::ReaderMutexLock lock(&mu_);
  return RangeAt(index_, req, committed_rev_, resp);
}

absl::Status Store::HashKV(int64_t rev, etcdserverpb::HashKVResponse* resp) const {
  absl::ReaderMutexLock lock(&mu_);
  // etcd's HashByRev: the compacted revision itself is already refused.
  if (rev > 0 && rev <= index_.compact_rev()) return ErrCompacted();
  if (rev > committed_rev_) return ErrFutureRev();
  if (rev <= 0) rev = committed_rev_;
  resp->mutable_header()->set_revision(committed_rev_);
  resp->set_hash(datastore::HashKV(index_, rev));
  resp->set_compact_revision(index_.compact_rev());
  return absl::OkStatus();
}

void Store::Put(const etcdserverpb::PutRequest& req, etcdserverpb::PutResponse* resp, Done done) {
  if (auto s = CheckPut(req); !s.ok()) return done(s);
  SubmitAsync([&req, resp, this]()
                  ABSL_NO_THREAD_SAFETY_ANALYSIS { return applier_.Put(req, resp); },
              std::move(done));
}

void Store::DeleteRange(const etcdserverpb::DeleteRangeRequest& req,
                        etcdserverpb::DeleteRangeResponse* resp, Done done) {
  if (auto s = CheckDeleteRange(req); !s.ok()) return done(s);
  SubmitAsync([&req, resp, this]()
                  ABSL_NO_THREAD_SAFETY_ANALYSIS { return applier_.DeleteRange(req, resp); },
              std::move(done));
}

void Store::Txn(const etcdserverpb::TxnRequest& req, etcdserverpb::TxnResponse* resp, Done done) {
  if (auto s = CheckTxn(req, options_.max_txn_ops); !s.ok()) return done(s);
  SubmitAsync([&req, resp, this]()
                  ABSL_NO_THREAD_SAFETY_ANALYSIS { return applier_.Txn(req, resp); },
              std::move(done));
}

absl::Status Store::CompactLocked(int64_t rev) {
  if (rev <= index_.compact_rev()) return ErrCompacted();
  if (rev > index_.current_rev()) return ErrFutureRev();
  auto removed = index_.Compact(rev);
  pending_.removed.insert(pending_.removed.end(), std::make_move_iterator(removed.begin()),
                          std::make_move_iterator(removed.end()));
  return absl::OkStatus();
}

void Store::Compact(const etcdserverpb::CompactionRequest& req,
                    etcdserverpb::CompactionResponse* resp, Done done) {
  SubmitAsync(
      [&req, resp, this]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
        absl::Status s = CompactLocked(req.revision());
        resp->mutable_header()->set_revision(index_.current_rev());
        return s;
      },
      std::move(done));
}

absl::Status Store::LeaseGrant(const etcdserverpb::LeaseGrantRequest& req,
                               etcdserverpb::LeaseGrantResponse* resp) {
  if (req.ttl() > kMaxLeaseTTL) return ErrLeaseTTLTooLarge();
  return Submit([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    int64_t id = req.id();
    while (id == 0) {
      // etcd's generated ids are positive 63-bit numbers.
      int64_t candidate = static_cast<int64_t>(rng_() >> 1);
      if (!lessor_.LeaseExists(candidate)) id = candidate;
    }
    if (lessor_.LeaseExists(id)) return ErrLeaseExist();
    int64_t ttl = lessor_.Grant(id, req.ttl());
    pending_.granted.emplace_back(id, ttl);
    resp->mutable_header()->set_revision(index_.current_rev());
    resp->set_id(id);
    resp->set_ttl(ttl);
    return absl::OkStatus();
  });
}

absl::Status Store::RevokeLocked(int64_t id) {
  auto keys = lessor_.Revoke(id);
  if (!keys.ok()) return keys.status();
  if (!keys->empty()) applier_.DeleteKeys(*keys);
  pending_.revoked.push_back(id);
  return absl::OkStatus();
}

absl::Status Store::LeaseRevoke(const etcdserverpb::LeaseRevokeRequest& req,
                                etcdserverpb::LeaseRevokeResponse* resp) {
  return Submit([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    absl::Status s = RevokeLocked(req.id());
    resp->mutable_header()->set_revision(index_.current_rev());
    return s;
  });
}

absl::StatusOr<int64_t> Store::LeaseRenew(int64_t id) { return lessor_.Renew(id); }

absl::Status Store::LeaseTimeToLive(const etcdserverpb::LeaseTimeToLiveRequest& req,
                                    etcdserverpb::LeaseTimeToLiveResponse* resp) {
  resp->mutable_header()->set_revision(Revision());
  resp->set_id(req.id());
  auto info = lessor_.TimeToLive(req.id(), req.keys());
  if (!info.ok()) {
    resp->set_ttl(-1);  // etcd answers an unknown lease with TTL -1, not an error.
    return absl::OkStatus();
  }
  resp->set_ttl(info->remaining_ttl);
  resp->set_grantedttl(info->granted_ttl);
  for (std::string& k : info->keys) resp->add_keys(std::move(k));
  return absl::OkStatus();
}

void Store::LeaseLeases(etcdserverpb::LeaseLeasesResponse* resp) {
  resp->mutable_header()->set_revision(Revision());
  for (int64_t id : lessor_.Leases()) resp->add_leases()->set_id(id);
}

void Store::Watch(WatchSink* sink, const WatchSpec& spec) { hub_->Add(sink, spec); }

}  // namespace wisp::datastore
