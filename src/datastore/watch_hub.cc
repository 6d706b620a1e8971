#include "datastore/watch_hub.h"

namespace wisp::datastore {

bool WatchHub::Matches(const WatchSpec& spec, const mvccpb::Event& e) const {
  if (e.type() == mvccpb::Event::PUT && spec.no_put) return false;
  if (e.type() == mvccpb::Event::DELETE && spec.no_delete) return false;
  const std::string& k = e.kv().key();
  if (spec.end.empty()) return k == spec.key;
  if (spec.end == std::string(1, '\0')) return k >= spec.key;
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
  for (auto& [where, w] : watchers_) {
    size_t i = 0;
    while (i < events.size()) {
      // One response per revision in the batch.
      int64_t r = events[i].kv().mod_revision();
      std::vector<mvccpb::Event> matched;
      for (; i < events.size() && events[i].kv().mod_revision() == r; ++i) {
        if (r >= w.next_rev && Matches(w.spec, events[i])) matched.push_back(events[i]);
      }
      if (!matched.empty()) Deliver(where.first, w, std::move(matched), r);
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
