#include <deque>
#include <set>

#include "absl/synchronization/mutex.h"
#include "datastore/errors.h"
#include "datastore/services.h"

namespace wisp::datastore {
namespace {

using etcdserverpb::WatchRequest;
using etcdserverpb::WatchResponse;

WatchSpec SpecFrom(const etcdserverpb::WatchCreateRequest& c, int64_t id) {
  WatchSpec spec;
  spec.id = id;
  spec.key = c.key();
  spec.end = c.range_end();
  spec.start_rev = c.start_revision();
  spec.prev_kv = c.prev_kv();
  spec.progress_notify = c.progress_notify();
  spec.fragment = c.fragment();
  for (int f : c.filters()) {
    if (f == etcdserverpb::WatchCreateRequest::NOPUT) spec.no_put = true;
    if (f == etcdserverpb::WatchCreateRequest::NODELETE) spec.no_delete = true;
  }
  return spec;
}

// One Watch stream. Requests are handled as they are read; responses (from
// the request handler and from the hub, on any thread) queue up and are
// written one at a time. The stream finishes once the client stopped
// sending and the queue drained; the reactor deletes itself in OnDone.
//
//   reading ──(read fails: client gone, or Stop)──► draining ──► Finish ──► OnDone
class WatchReactor final : public grpc::ServerBidiReactor<WatchRequest, WatchResponse>,
                           public WatchSink {
 public:
  WatchReactor(Store& store, const Identity& id, StreamRegistry& streams,
               grpc::CallbackServerContext* ctx)
      : store_(store), id_(id), streams_(streams), ctx_(ctx) {
    if (!streams_.Add(ctx_)) {
      Finish(ToGrpc(ErrStopped()));
      return;
    }
    registered_ = true;
    StartRead(&req_);
  }

  void Send(WatchResponse resp) override {
    auto* h = resp.mutable_header();
    h->set_cluster_id(id_.cluster_id);
    h->set_member_id(id_.member_id);
    h->set_raft_term(2);
    const WatchResponse* to_write = nullptr;
    {
      absl::MutexLock lock(&mu_);
      if (reading_done_ || broken_) return;
      queue_.push_back(std::move(resp));
      if (!writing_) {
        writing_ = true;
        to_write = &queue_.front();  // Deque elements stay put on push_back.
      }
    }
    if (to_write) StartWrite(to_write);
  }

  // A fan-out queues many responses at once: all but the last are written
  // with buffer_hint, so gRPC coalesces them into few frames and syscalls
  // instead of flushing each one.
  void WriteNext(const WatchResponse* next, bool more) {
    if (more) {
      StartWrite(next, grpc::WriteOptions().set_buffer_hint());
    } else {
      StartWrite(next);
    }
  }

  void OnWriteDone(bool ok) override {
    const WatchResponse* next = nullptr;
    bool more = false;
    bool finish = false;
    {
      absl::MutexLock lock(&mu_);
      queue_.pop_front();
      if (!ok) {
        broken_ = true;  // The stream is gone; the pending read fails too.
        queue_.clear();
      }
      if (!queue_.empty()) {
        next = &queue_.front();
        more = queue_.size() > 1;
      } else {
        writing_ = false;
        finish = ShouldFinishLocked();
      }
    }
    if (next) WriteNext(next, more);
    if (finish) Finish(grpc::Status::OK);
  }

  void OnReadDone(bool ok) override {
    if (ok) {
      Handle();
      StartRead(&req_);
      return;
    }
    store_.CancelWatches(this);  // From here on the hub never calls Send.
    bool finish;
    {
      absl::MutexLock lock(&mu_);
      reading_done_ = true;
      finish = ShouldFinishLocked();
    }
    if (finish) Finish(grpc::Status::OK);
  }

  void OnDone() override {
    store_.CancelWatches(this);
    if (registered_) streams_.Remove(ctx_);
    delete this;
  }

 private:
  bool ShouldFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!reading_done_ || writing_ || finish_called_) return false;
    finish_called_ = true;
    return true;
  }

  void Handle() {
    if (req_.has_create_request()) {
      Create(req_.create_request());
    } else if (req_.has_cancel_request()) {
      int64_t id = req_.cancel_request().watch_id();
      ids_.erase(id);
      if (store_.CancelWatch(this, id)) {
        WatchResponse canceled;
        canceled.mutable_header()->set_revision(store_.Revision());
        canceled.set_watch_id(id);
        canceled.set_canceled(true);
        Send(std::move(canceled));
      }
    } else if (req_.has_progress_request()) {
      store_.RequestProgress(this);
    }
  }

  void Create(const etcdserverpb::WatchCreateRequest& c) {
    int64_t id = c.watch_id();
    WatchResponse created;
    created.mutable_header()->set_revision(store_.Revision());
    created.set_created(true);
    if (id == 0) {
      while (ids_.count(next_id_)) ++next_id_;
      id = next_id_++;
    } else if (ids_.count(id)) {
      created.set_watch_id(-1);
      created.set_canceled(true);
      created.set_cancel_reason("mvcc: duplicate watch ID provided on the WatchStream");
      Send(std::move(created));
      return;
    }
    ids_.insert(id);
    created.set_watch_id(id);
    Send(std::move(created));  // Before any event of this watch.
    store_.Watch(this, SpecFrom(c, id));
  }

  Store& store_;
  const Identity& id_;
  StreamRegistry& streams_;
  grpc::CallbackServerContext* ctx_;
  bool registered_ = false;
  // Touched only by the read chain (one read at a time).
  WatchRequest req_;
  std::set<int64_t> ids_;
  int64_t next_id_ = 0;

  absl::Mutex mu_;
  std::deque<WatchResponse> queue_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool broken_ ABSL_GUARDED_BY(mu_) = false;
  bool reading_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finish_called_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

grpc::ServerBidiReactor<WatchRequest, WatchResponse>* WatchService::Watch(
    grpc::CallbackServerContext* ctx) {
  return new WatchReactor(store_, id_, streams_, ctx);
}

}  // namespace wisp::datastore
