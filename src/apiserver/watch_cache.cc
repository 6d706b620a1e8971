// File: src/apiserver/watch_cache.cc
#include "apiserver/watch_cache.h"

#include <algorithm>

#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {

ResourceCache::ResourceCache(std::string prefix, FieldExtractor fields, size_t event_capacity)
    : prefix_(std::move(prefix)), fields_(std::move(fields)), event_capacity_(event_capacity) {}

absl::StatusOr<ObjectPtr> ResourceCache::Decode(const std::string& key, const std::string& value,
                                                int64_t mod_revision) const {
  nlohmann::json obj = nlohmann::json::parse(value, nullptr, false);
  if (obj.is_discarded() || !obj.is_object()) {
    return absl::DataLossError(base::StrCat("stored object at ", key, " is not a JSON object"));
  }
  auto out = std::make_shared<CachedObject>();
  out->key = key;
  out->resource_version = mod_revision;
  nlohmann::json& meta = obj["metadata"];
  if (!meta.is_object()) meta = nlohmann::json::object();
  meta["resourceVersion"] = std::to_string(mod_revision);
  if (auto it = meta.find("namespace"); it != meta.end() && it->is_string()) {
    out->namespace_ = it->get<std::string>();
  }
  if (auto it = meta.find("name"); it != meta.end() && it->is_string()) {
    out->name = it->get<std::string>();
  }
  if (auto it = meta.find("labels"); it != meta.end()) out->labels = *it;
  if (fields_) out->fields = fields_(obj);
  out->json = obj.dump();
  return ObjectPtr(std::move(out));
}

ResourceCache::Snapshot ResourceCache::List(const std::string& key_prefix) const {
  std::lock_guard<std::mutex> lock(mu_);
  Snapshot snap;
  snap.resource_version = revision_;
  for (auto it = objects_.lower_bound(key_prefix);
       it != objects_.end() && it->first.compare(0, key_prefix.size(), key_prefix) == 0; ++it) {
    snap.objects.push_back(it->second);
  }
  return snap;
}

ObjectPtr ResourceCache::Get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(key);
  return it == objects_.end() ? nullptr : it->second;
}

size_t ResourceCache::Size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return objects_.size();
}

int64_t ResourceCache::ResourceVersion() const {
  std::lock_guard<std::mutex> lock(mu_);
  return revision_;
}

absl::Status ResourceCache::AddWatcher(std::shared_ptr<Watcher> watcher, int64_t from_rv) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string& kp = watcher->KeyPrefix();
  bool alive = true;
  if (from_rv == 0) {
    for (auto it = objects_.lower_bound(kp);
         alive && it != objects_.end() && it->first.compare(0, kp.size(), kp) == 0; ++it) {
      CacheEvent ev;
      ev.type = CacheEvent::Type::kAdded;
      ev.resource_version = it->second->resource_version;
      ev.object = it->second;
      alive = watcher->Deliver(ev);
    }
  } else {
    if (from_rv < oldest_replayable_) {
      return absl::OutOfRangeError(
          base::StrCat("too old resource version: ", from_rv, " (", oldest_replayable_, ")"));
    }
    for (const CacheEvent& ev : events_) {
      if (!alive) break;
      if (ev.resource_version > from_rv && ev.object->key.compare(0, kp.size(), kp) == 0) {
        alive = watcher->Deliver(ev);
      }
    }
  }
  if (!alive) return absl::OkStatus();
  watcher->InitialEventsDone(revision_);
  watchers_.push_back(std::move(watcher));
  return absl::OkStatus();
}

void ResourceCache::RemoveWatcher(const Watcher* watcher) {
  std::lock_guard<std::mutex> lock(mu_);
  watchers_.erase(std::remove_if(watchers_.begin(), watchers_.end(),
                                 [&](const auto& w) { return w.get() == watcher; }),
                  watchers_.end());
}

void ResourceCache::Load(std::vector<ObjectPtr> objects, int64_t revision) {
  std::lock_guard<std::mutex> lock(mu_);
  objects_.clear();
  for (auto& o : objects) objects_[o->key] = std::move(o);
  events_.clear();
  revision_ = revision;
  oldest_replayable_ = revision;
}

void ResourceCache::Apply(std::vector<CacheEvent> events, int64_t revision) {
  std::lock_guard<std::mutex> lock(mu_);
  for (CacheEvent& ev : events) {
    if (ev.type == CacheEvent::Type::kDeleted) {
      objects_.erase(ev.object->key);
    } else {
      objects_[ev.object->key] = ev.object;
    }
    DeliverLocked(ev);
    events_.push_back(std::move(ev));
    if (events_.size() > event_capacity_) {
      oldest_replayable_ = events_.front().resource_version;
      events_.pop_front();
    }
  }
  revision_ = std::max(revision_, revision);
}

void ResourceCache::Progress(int64_t revision) {
  std::lock_guard<std::mutex> lock(mu_);
  revision_ = std::max(revision_, revision);
  for (auto it = watchers_.begin(); it != watchers_.end();) {
    if ((*it)->Progress(revision_)) {
      ++it;
    } else {
      it = watchers_.erase(it);
    }
  }
}

void ResourceCache::DeliverLocked(const CacheEvent& event) {
  for (auto it = watchers_.begin(); it != watchers_.end();) {
    const std::string& kp = (*it)->KeyPrefix();
    if (event.object->key.compare(0, kp.size(), kp) != 0 || (*it)->Deliver(event)) {
      ++it;
    } else {
      it = watchers_.erase(it);
    }
  }
}

void ResourceCache::TerminateAll(const absl::Status& why) {
  std::vector<std::shared_ptr<Watcher>> gone;
  {
    std::lock_guard<std::mutex> lock(mu_);
    gone.swap(watchers_);
  }
  for (auto& w : gone) w->Terminate(why);
}

WatchCacheSet::WatchCacheSet(EtcdClient& etcd, std::string root_prefix)
    : etcd_(etcd), root_(std::move(root_prefix)) {}

WatchCacheSet::~WatchCacheSet() { Stop(); }

ResourceCache& WatchCacheSet::Register(const std::string& prefix, FieldExtractor fields) {
  auto& slot = caches_[prefix];
  if (!slot) slot = std::make_unique<ResourceCache>(prefix, std::move(fields), 1000);
  return *slot;
}

ResourceCache* WatchCacheSet::Find(const std::string& prefix) const {
  auto it = caches_.find(prefix);
  return it == caches_.end() ? nullptr : it->second.get();
}

ResourceCache* WatchCacheSet::CacheForKey(const std::string& key) const {
  // Storage prefixes have one or two segments after the root
  // ("/registry/pods/", "/registry/services/specs/"): try the longer first.
  size_t first = key.find('/', root_.size());
  if (first == std::string::npos) return nullptr;
  size_t second = key.find('/', first + 1);
  if (second != std::string::npos) {
    if (auto* c = Find(key.substr(0, second + 1))) return c;
  }
  return Find(key.substr(0, first + 1));
}

absl::Status WatchCacheSet::Start() {
  // Read everything at one revision, page by page.
  std::map<ResourceCache*, std::vector<ObjectPtr>> loaded;
  const std::string end = PrefixEnd(root_);
  std::string from = root_;
  int64_t revision = 0;
  while (true) {
    auto page = etcd_.Range(from, end, revision, 1000);
    if (!page.ok()) return page.status();
    if (revision == 0) revision = page->revision;
    for (const KeyValue& kv : page->kvs) {
      ResourceCache* cache = CacheForKey(kv.key);
      if (!cache) continue;
      auto obj = cache->Decode(kv.key, kv.value, kv.mod_revision);
      if (!obj.ok()) {
        base::LogWarn("apiserver", base::ToStd(obj.status().message()));
        continue;
      }
      loaded[cache].push_back(*std::move(obj));
    }
    if (!page->more || page->kvs.empty()) break;
    from = page->kvs.back().key + std::string(1, '\0');
  }
  for (auto& [prefix, cache] : caches_) {
    cache->Load(std::move(loaded[cache.get()]), revision);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    revision_ = revision;
  }
  return WatchFrom(revision + 1);
}

absl::Status WatchCacheSet::WatchFrom(int64_t revision) {
  {
    // Before the watch exists: its stream may fail (OnClosed) at once.
    std::lock_guard<std::mutex> lock(mu_);
    status_ = absl::OkStatus();
    asked_at_.reset();
  }
  auto watch = etcd_.Watch(root_, revision, *this);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!watch.ok()) {
      status_ = watch.status();
      return watch.status();
    }
    watch_ = *std::move(watch);
    if (!restarter_.joinable()) restarter_ = std::thread([this] { RestartLoop(); });
  }
  cv_.notify_all();
  return absl::OkStatus();
}

void WatchCacheSet::RestartLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  auto last_attempt = std::chrono::steady_clock::time_point();
  while (!stopping_) {
    cv_.wait(lock, [&] { return stopping_ || (!status_.ok() && watch_ != nullptr); });
    if (stopping_) break;
    // A stream that keeps failing (etcd still away) is retried once a second.
    cv_.wait_until(lock, last_attempt + std::chrono::seconds(1), [&] { return stopping_; });
    if (stopping_) break;
    absl::Status why = status_;
    std::unique_ptr<EtcdWatch> old = std::move(watch_);
    const int64_t from = revision_ + 1;
    lock.unlock();
    old.reset();  // joins the finished watch thread
    last_attempt = std::chrono::steady_clock::now();
    absl::Status s;
    if (!absl::IsOutOfRange(why)) {
      base::LogWarn("apiserver", base::StrCat("etcd watch lost (", base::ToStd(why.message()),
                                              "); resuming at revision ", from));
      s = WatchFrom(from);
    }
    const bool relist = absl::IsOutOfRange(why);
    if (relist) {
      base::LogWarn("apiserver",
                    base::StrCat("etcd watch lost (", base::ToStd(why.message()), "); relisting"));
      // The client watches end without an ERROR event (upstream's
      // terminateAllWatchers); their re-watch learns of the expiry.
      for (auto& [prefix, cache] : caches_) {
        cache->TerminateAll(absl::UnavailableError("watch cache relisting"));
      }
      s = Start();
    }
    lock.lock();
    while (!s.ok() && !stopping_) {
      status_ = s;
      cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
      if (stopping_) break;
      lock.unlock();
      s = relist ? Start() : WatchFrom(from);
      lock.lock();
    }
  }
}

void WatchCacheSet::Stop() {
  std::unique_ptr<EtcdWatch> watch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    watch = std::move(watch_);
  }
  cv_.notify_all();
  if (restarter_.joinable()) restarter_.join();
  watch.reset();
  for (auto& [prefix, cache] : caches_) {
    cache->TerminateAll(absl::UnavailableError("apiserver is shutting down"));
  }
}

absl::Status WatchCacheSet::Healthy() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (status_.ok() && asked_at_ && std::chrono::steady_clock::now() - *asked_at_ > stall_timeout_) {
    return absl::UnavailableError(base::StrCat("etcd has not answered the watch for ",
                                               std::chrono::duration_cast<std::chrono::seconds>(
                                                   std::chrono::steady_clock::now() - *asked_at_)
                                                   .count(),
                                               "s"));
  }
  return status_;
}

void WatchCacheSet::SetStallTimeout(std::chrono::milliseconds timeout) {
  std::lock_guard<std::mutex> lock(mu_);
  stall_timeout_ = timeout;
}

int64_t WatchCacheSet::Revision() const {
  std::lock_guard<std::mutex> lock(mu_);
  return revision_;
}

absl::Status WatchCacheSet::WaitFor(int64_t revision, std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (revision_ >= revision) return absl::OkStatus();
  }
  // Outside the lock: the answer may be delivered on this very thread.
  RequestProgress();
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_for(lock, timeout, [&] { return revision_ >= revision || stopping_; }) ||
      revision_ < revision) {
    return absl::DeadlineExceededError(
        base::StrCat("Too large resource version: ", revision, ", current: ", revision_));
  }
  return absl::OkStatus();
}

void WatchCacheSet::RequestProgress() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!watch_) return;
  if (!asked_at_) asked_at_ = std::chrono::steady_clock::now();
  watch_->RequestProgress();
}

void WatchCacheSet::OnEvents(std::vector<WatchEvent> events, int64_t revision) {
  std::map<ResourceCache*, std::vector<CacheEvent>> by_cache;
  for (WatchEvent& ev : events) {
    ResourceCache* cache = CacheForKey(ev.kv.key);
    if (!cache) continue;
    CacheEvent out;
    out.resource_version = ev.kv.mod_revision;
    if (ev.prev_kv) {
      auto prev = cache->Decode(ev.prev_kv->key, ev.prev_kv->value, ev.prev_kv->mod_revision);
      if (prev.ok()) out.previous = *prev;
    }
    if (ev.type == WatchEvent::Type::kDelete) {
      if (!out.previous) continue;  // nothing known about it
      out.type = CacheEvent::Type::kDeleted;
      // The deleted object as last seen, carrying the deletion's revision.
      auto last = std::make_shared<CachedObject>(*out.previous);
      nlohmann::json obj = nlohmann::json::parse(last->json, nullptr, false);
      if (!obj.is_discarded()) {
        obj["metadata"]["resourceVersion"] = std::to_string(ev.kv.mod_revision);
        last->json = obj.dump();
      }
      last->resource_version = ev.kv.mod_revision;
      out.object = std::move(last);
    } else {
      auto obj = cache->Decode(ev.kv.key, ev.kv.value, ev.kv.mod_revision);
      if (!obj.ok()) {
        base::LogWarn("apiserver", base::ToStd(obj.status().message()));
        continue;
      }
      out.object = *obj;
      out.type = ev.kv.create_revision == ev.kv.mod_revision ? CacheEvent::Type::kAdded
                                                             : CacheEvent::Type::kModified;
    }
    by_cache[cache].push_back(std::move(out));
  }
  std::function<void(const CacheEvent&)> observer;
  {
    std::lock_guard<std::mutex> lock(mu_);
    observer = observer_;
  }
  if (observer) {
    for (const auto& [cache, list] : by_cache) {
      for (const CacheEvent& e : list) observer(e);
    }
  }
  for (auto& [cache, list] : by_cache) cache->Apply(std::move(list), revision);
  for (auto& [prefix, cache] : caches_) {
    if (!by_cache.count(cache.get())) cache->Progress(revision);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    revision_ = std::max(revision_, revision);
    asked_at_.reset();
  }
  cv_.notify_all();
}

void WatchCacheSet::SetEventObserver(std::function<void(const CacheEvent&)> observer) {
  std::lock_guard<std::mutex> lock(mu_);
  observer_ = std::move(observer);
}

void WatchCacheSet::OnClosed(absl::Status status) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    status_ = status.ok() ? absl::UnavailableError("etcd watch ended") : status;
  }
  cv_.notify_all();
}

}  // namespace wisp::apiserver
