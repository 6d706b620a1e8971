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
// by the next pass. Passes run on the collector's thread: right after a
// deletion (Notify), else once a second when the caches changed or work is
// outstanding; a pass waits four times as long as the last one took, so the
// collector uses at most a fifth of a core however often deletions come.
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
  GarbageCollector(Rest& rest, WatchCacheSet& caches);
  ~GarbageCollector();  // Stop()

  void Start();
  void Stop();
  // A deletion or deletion mark was written at `revision`. Never blocks.
  void Notify(int64_t revision);

  struct PassResult {
    int writes = 0;        // objects deleted, marked or updated
    bool waiting = false;  // a write lost a race, or an owner waits on a dependent
  };
  // One pass over the caches as they are now.
  absl::StatusOr<PassResult> Pass();

 private:
  void Loop();

  Rest& rest_;
  WatchCacheSet& caches_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  int64_t notified_ = 0;  // highest revision Notify reported
  int64_t handled_ = 0;   // highest notified revision a pass has covered
  std::thread thread_;
};

}  // namespace wisp::apiserver
