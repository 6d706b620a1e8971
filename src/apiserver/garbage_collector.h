// File: src/apiserver/garbage_collector.h (private to the apiserver)
//
// Upstream's garbage collector (a kube-controller-manager controller), run
// by the API server until a controller-manager exists. It reads
// metadata.ownerReferences from the watch caches; an owner is looked up by
// the reference's kind and name (in the dependent's namespace when the kind
// is namespaced) and counts only with the referenced uid, its absence
// confirmed by a read from etcd (the cache may not have seen a new owner).
//
//   dependent, not being deleted:
//     a live owner ──► kept; references to owners that are gone or being
//                      deleted in the foreground are removed
//     no live owner ─► deleted (Foreground if an owner waits for it and it
//                      has dependents itself; else as its own "orphan" /
//                      "foregroundDeletion" finalizer asks; else Background)
//   owner being deleted with the "orphan" finalizer (propagationPolicy
//     Orphan) ──► its references are removed from its dependents, then the
//     finalizer
//   owner being deleted with "foregroundDeletion" (Foreground) ──► waits
//     while a dependent with blockOwnerDeletion exists, then the finalizer
//
// Every write is pinned to the revision it examined; a lost race is retried
// by the next pass. Passes run on the collector's thread when the watch
// caches show a change that may matter (a deletion, an object with owners
// or garbage-collection finalizers), right after a deletion this server
// made (Notify), and every 30 s; a pass waits four times as long as the
// last one took, so the collector uses at most a fifth of a core however
// often things change.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "apiserver/rest.h"
#include "apiserver/watch_cache.h"

namespace wisp::apiserver {

class GarbageCollector {
 public:
  // Observes the caches' events from construction; outlives neither.
  GarbageCollector(Rest& rest, WatchCacheSet& caches);
  ~GarbageCollector();  // Stop()

  void Start();
  void Stop();
  // A deletion or deletion mark was written at `revision`. Never blocks.
  void Notify(int64_t revision);

  struct PassResult {
    int writes = 0;      // objects deleted, marked or updated
    bool retry = false;  // a write lost a race: the next pass tries again
    absl::Status error;  // the first failure (the other objects were still tried)
  };
  // One pass over the caches as they are now.
  PassResult Pass();

 private:
  void Loop();
  // From the watch caches' thread: a change that may matter (a deletion, or
  // an object with owners or garbage-collection finalizers).
  void Observe(const CacheEvent& event);

  Rest& rest_;
  WatchCacheSet& caches_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool dirty_ = false;    // something changed since the last pass began
  int64_t notified_ = 0;  // highest revision Notify reported
  std::thread thread_;
};

}  // namespace wisp::apiserver
