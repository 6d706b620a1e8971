#include "datastore/watch_hub.h"

#include <optional>

namespace wisp::datastore {

bool WatchHub::Matches(const WatchSpec& spec, const mvccpb::Event& e) const {
  if (e.type() == mvccpb::Event::PUT && spec.no_put) return false;
  if (e.type() == mvccpb::Event::DELETE && spec.no_delete) return false;
  const std::string& k = e.kv().key();
  if (spec.end.empty()) return k == spec.key;
  if (spec.end.size() == 1 && spec.end[0] == '\0') return k >= spec.key;
  return k >= spec.key && k < spec.end;
}

void WatchHub::Deliver(WatchSink* sink, const Watcher& w, std::vector<mvccpb::Event> events,
                       int64_t rev) {
  etcdserverpb::WatchResponse resp;
  resp.mutable_header()->set_revision(rev);
  resp.set_watch_id(w.spec.id);
  size_t bytes = 0;
  for (mvccpb::Event& e : events) {
    if (!w.spec.prev_kv) e.clear_prev_kv();
    size_t size = e.ByteSizeLong();
    if (w.spec.fragment && bytes > 0 && bytes + size >= kMaxResponseBytes) {
      resp.set_fragment(true);
      sink->Send(resp);
      resp.clear_events();
      bytes = 0;
    }
    bytes += size;
    *resp.add_events() = std::move(e);
  }
  resp.set_fragment(false);
  sink->Send(std::move(resp));
}

void WatchHub::Add(WatchSink* sink, const WatchSpec& spec) {
  absl::MutexLock lock(&mu_);
  Watcher w{spec, spec.start_rev > 0 ? spec.start_rev : published_rev_ + 1};
  if (w.next_rev <= published_rev_) {
    int64_t compact_rev = 0;
    std::vector<mvccpb::Event> history =
        history_(spec.key, spec.end, w.next_rev, published_rev_, &compact_rev);
    if (w.next_rev < compact_rev) {
      etcdserverpb::WatchResponse resp;
      resp.mutable_header();
      resp.set_watch_id(spec.id);
      resp.set_compact_revision(compact_rev);
      resp.set_canceled(true);
      sink->Send(std::move(resp));
      return;
    }
    // Like etcd's catch-up: all past events in one response (at most
    // kMaxReplayRevisions revisions each), stamped with the current revision.
    std::vector<mvccpb::Event> batch;
    int64_t revisions = 0, last_rev = 0;
    for (mvccpb::Event& e : history) {
      if (!Matches(spec, e)) continue;
      if (e.kv().mod_revision() != last_rev && ++revisions > kMaxReplayRevisions) {
        Deliver(sink, w, std::move(batch), published_rev_);
        batch.clear();
        revisions = 1;
      }
      last_rev = e.kv().mod_revision();
      batch.push_back(std::move(e));
    }
    if (!batch.empty()) Deliver(sink, w, std::move(batch), published_rev_);
    w.next_rev = published_rev_ + 1;
  }
  watchers_[{sink, spec.id}] = std::move(w);
}

bool WatchHub::Remove(WatchSink* sink, int64_t id) {
  absl::MutexLock lock(&mu_);
  return watchers_.erase({sink, id}) > 0;
}

void WatchHub::RemoveAll(WatchSink* sink) {
  absl::MutexLock lock(&mu_);
  auto it = watchers_.lower_bound({sink, INT64_MIN});
  while (it != watchers_.end() && it->first.first == sink) it = watchers_.erase(it);
}

void WatchHub::Publish(const std::vector<mvccpb::Event>& events, int64_t rev) {
  absl::MutexLock lock(&mu_);
  // One response per revision of the batch. It is built once per prev_kv
  // variant and copied for every watcher that takes all of that revision's
  // events (one key, or a prefix: the common case), instead of being
  // assembled and sized per watcher.
  struct Revision {
    size_t begin, end;
    int64_t rev;
    std::optional<etcdserverpb::WatchResponse> shared[2];  // Without, with prev_kv.
  };
  std::vector<Revision> revisions;
  for (size_t i = 0; i < events.size();) {
    Revision r{i, i, events[i].kv().mod_revision(), {}};
    while (r.end < events.size() && events[r.end].kv().mod_revision() == r.rev) ++r.end;
    i = r.end;
    revisions.push_back(std::move(r));
  }
  for (auto& [where, w] : watchers_) {
    for (Revision& r : revisions) {
      if (r.rev < w.next_rev) continue;
      size_t matched = 0;
      for (size_t i = r.begin; i < r.end; ++i) matched += Matches(w.spec, events[i]) ? 1 : 0;
      if (matched == 0) continue;
      if (matched == r.end - r.begin && !w.spec.fragment) {
        std::optional<etcdserverpb::WatchResponse>& shared = r.shared[w.spec.prev_kv ? 1 : 0];
        if (!shared) {
          shared.emplace();
          shared->mutable_header()->set_revision(r.rev);
          for (size_t i = r.begin; i < r.end; ++i) {
            mvccpb::Event* e = shared->add_events();
            *e = events[i];
            if (!w.spec.prev_kv) e->clear_prev_kv();
          }
        }
        etcdserverpb::WatchResponse resp = *shared;
        resp.set_watch_id(w.spec.id);
        where.first->Send(std::move(resp));
        continue;
      }
      std::vector<mvccpb::Event> some;
      for (size_t i = r.begin; i < r.end; ++i) {
        if (Matches(w.spec, events[i])) some.push_back(events[i]);
      }
      Deliver(where.first, w, std::move(some), r.rev);
    }
    w.next_rev = std::max(w.next_rev, rev + 1);
  }
  published_rev_ = std::max(published_rev_, rev);
}

void WatchHub::RequestProgress(WatchSink* sink) {
  absl::MutexLock lock(&mu_);
  etcdserverpb::WatchResponse resp;
  resp.mutable_header()->set_revision(published_rev_);
  resp.set_watch_id(-1);
  sink->Send(std::move(resp));
}

void WatchHub::NotifyProgress() {
  absl::MutexLock lock(&mu_);
  for (auto& [where, w] : watchers_) {
    if (!w.spec.progress_notify) continue;
    etcdserverpb::WatchResponse resp;
    resp.mutable_header()->set_revision(published_rev_);
    resp.set_watch_id(w.spec.id);
    where.first->Send(std::move(resp));
  }
}

int64_t WatchHub::published_rev() const {
  absl::MutexLock lock(&mu_);
  return published_rev_;
}

size_t WatchHub::size() const {
  absl::MutexLock lock(&mu_);
  return watchers_.size();
}

}  // namespace wisp::datastore
