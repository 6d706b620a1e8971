// File: src/apiserver/watch_cache.h (private to the apiserver)
//
// The API server's in-memory view of etcd (design.md §4 "Watch cache").
//
// ONE etcd watch on "/registry/" feeds every resource's cache: at Start the
// whole prefix is read at one revision R, then watched from R+1. Each stored
// resource (storage prefix such as "/registry/pods/") has a ResourceCache
// holding the current objects and a bounded ring of recent events. Caches
// serve `resourceVersion=0` lists, consistent lists (after catching up with
// etcd's current revision) and every client watch:
//
//   etcd ──watch──► WatchCacheSet::OnEvents ──► ResourceCache::Apply
//                                                  ├─ objects_ (key → object)
//                                                  ├─ events_ (ring, replay)
//                                                  └─ watchers_ ──► Watcher::Deliver
//
// Objects are kept as serialized JSON (with metadata.resourceVersion set)
// plus the few parsed fields selectors need, shared immutably between the
// cache, events and readers.
//
// Thread-safe: every public method may be called from any thread. Watcher
// callbacks run on the etcd watch thread and must not block.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "apiserver/etcd_client.h"

namespace wisp::apiserver {

// One stored object, immutable once built.
struct CachedObject {
  std::string key;  // full etcd key
  std::string namespace_;
  std::string name;
  int64_t resource_version = 0;
  std::string json;       // serialized object, resourceVersion set
  nlohmann::json labels;  // metadata.labels (object or null)
  std::vector<std::pair<std::string, std::string>> fields;  // selectable field values
};
using ObjectPtr = std::shared_ptr<const CachedObject>;

struct CacheEvent {
  enum class Type { kAdded, kModified, kDeleted };
  Type type = Type::kAdded;
  int64_t resource_version = 0;  // the etcd revision of the change
  ObjectPtr object;              // new state (for deletes: the last state, rv = delete rev)
  ObjectPtr previous;            // state before the change, if any
};

// A client watch registered with a ResourceCache. Deliver runs on the cache's
// thread, in revision order, and must not block.
class Watcher {
 public:
  virtual ~Watcher() = default;
  // Returns false when the watcher is finished (client gone); it is then dropped.
  virtual bool Deliver(const CacheEvent& event) = 0;
  // Called on progress (no events up to `resource_version`); for bookmarks.
  virtual bool Progress(int64_t resource_version) = 0;
  // Called once if the cache stops (server shutdown, etcd watch lost).
  virtual void Terminate(const absl::Status& why) = 0;
  // Key prefix this watcher cares about ("/registry/pods/ns/" or the whole resource).
  virtual const std::string& KeyPrefix() const = 0;
  // Called after the initial events (replay or synthetic ADDED) were delivered.
  virtual void InitialEventsDone(int64_t resource_version) {}
};

// Extracts the selectable fields of an object for its resource.
using FieldExtractor =
    std::function<std::vector<std::pair<std::string, std::string>>(const nlohmann::json&)>;

class ResourceCache {
 public:
  ResourceCache(std::string prefix, FieldExtractor fields, size_t event_capacity);

  const std::string& prefix() const { return prefix_; }

  struct Snapshot {
    std::vector<ObjectPtr> objects;  // sorted by key
    int64_t resource_version = 0;
  };
  // Objects whose key starts with `key_prefix`, at the cache's current revision.
  Snapshot List(const std::string& key_prefix) const;
  // One object, or nullptr.
  ObjectPtr Get(const std::string& key) const;

  // Registers `watcher` for events after `from_rv`, first delivering (under
  // the cache lock, so nothing overtakes them) the buffered events after
  // from_rv, or for from_rv == 0 the current state as ADDED events in key
  // order. Returns OUT_OF_RANGE ("too old resource version: X (Y)") when
  // events after from_rv are no longer buffered.
  absl::Status AddWatcher(std::shared_ptr<Watcher> watcher, int64_t from_rv);
  void RemoveWatcher(const Watcher* watcher);

  int64_t ResourceVersion() const;
  // How many objects the cache holds.
  size_t Size() const;

  // Called by WatchCacheSet on its thread.
  void Load(std::vector<ObjectPtr> objects, int64_t revision);
  void Apply(std::vector<CacheEvent> events, int64_t revision);
  void Progress(int64_t revision);
  void TerminateAll(const absl::Status& why);

  // Builds a CachedObject from an etcd value (parse, set resourceVersion).
  absl::StatusOr<ObjectPtr> Decode(const std::string& key, const std::string& value,
                                   int64_t mod_revision) const;

 private:
  void DeliverLocked(const CacheEvent& event);

  const std::string prefix_;
  const FieldExtractor fields_;
  const size_t event_capacity_;
  mutable std::mutex mu_;
  std::map<std::string, ObjectPtr> objects_;
  std::deque<CacheEvent> events_;
  int64_t revision_ = 0;
  int64_t oldest_replayable_ = 0;  // events after this revision are all buffered
  std::vector<std::shared_ptr<Watcher>> watchers_;
};

class WatchCacheSet : private WatchSink {
 public:
  WatchCacheSet(EtcdClient& etcd, std::string root_prefix = "/registry/");
  ~WatchCacheSet() override;

  // Registers a cache for a storage prefix ("/registry/pods/"). Before Start.
  ResourceCache& Register(const std::string& prefix, FieldExtractor fields);
  ResourceCache* Find(const std::string& prefix) const;

  // Lists everything at one revision, then watches from the next.
  absl::Status Start();
  void Stop();
  // OK while the etcd watch runs and answers: a progress request unanswered
  // (no event, no notification) for the stall timeout means etcd hangs.
  absl::Status Healthy() const;
  void SetStallTimeout(std::chrono::milliseconds timeout);

  // Waits until every cache has seen etcd revision >= `revision`.
  absl::Status WaitFor(int64_t revision, std::chrono::milliseconds timeout);
  int64_t Revision() const;
  // Sees every change (not the initial load) as the caches apply it, on
  // the watch thread: it must be quick and must not block.
  void SetEventObserver(std::function<void(const CacheEvent&)> observer);
  // Asks etcd for a progress notification (advances idle caches).
  void RequestProgress();

 private:
  void OnEvents(std::vector<WatchEvent> events, int64_t revision) override;
  void OnClosed(absl::Status status) override;
  ResourceCache* CacheForKey(const std::string& key) const;
  // Opens the etcd watch from `revision` (watchers keep their streams).
  absl::Status WatchFrom(int64_t revision);
  // After the etcd watch broke: resumes it where it stopped (etcd
  // restarted, connection lost), relisting and ending the client watches
  // only when that revision has been compacted.
  void RestartLoop();

  EtcdClient& etcd_;
  const std::string root_;
  std::map<std::string, std::unique_ptr<ResourceCache>> caches_;
  std::unique_ptr<EtcdWatch> watch_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int64_t revision_ = 0;
  std::function<void(const CacheEvent&)> observer_;
  absl::Status status_ = absl::UnavailableError("watch cache not started");
  // When the oldest unanswered progress request went out (none: heard since).
  std::optional<std::chrono::steady_clock::time_point> asked_at_;
  std::chrono::milliseconds stall_timeout_{std::chrono::seconds(5)};
  bool stopping_ = false;
  std::thread restarter_;
};

}  // namespace wisp::apiserver
