// File: src/apiserver/current_revision.h (private to the apiserver)
//
// etcd's current revision for consistent reads, shared between concurrent
// readers. A consistent read must see every write acknowledged before it
// began, so it needs a revision read from etcd AFTER its own arrival; any
// such read will do. Callers that arrive while a read is in flight therefore
// wait for the NEXT read, which one of them starts as soon as the current one
// returns, and all of them take its answer: under load, etcd sees at most
// one revision read in flight and one queued, however many requests wait.
//
//   caller A ──┬─ fetch #1 ─────────┐
//   caller B ──┼─ (waits) ──────────┴─ fetch #2 ─┐   B, C: result of #2
//   caller C ──┘                                 ┘
//
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "absl/status/statusor.h"

namespace wisp::apiserver {

class CurrentRevision {
 public:
  using Fetch = std::function<absl::StatusOr<int64_t>()>;
  explicit CurrentRevision(Fetch fetch) : fetch_(std::move(fetch)) {}

  // A revision read from etcd after this call began (or the read's error).
  absl::StatusOr<int64_t> Get();

 private:
  struct Round {
    bool done = false;
    absl::StatusOr<int64_t> result = absl::UnknownError("not read");
  };
  // Runs `round`'s fetch with mu_ released, then publishes it.
  void RunLocked(std::unique_lock<std::mutex>& lock, const std::shared_ptr<Round>& round);

  const Fetch fetch_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<Round> inflight_;  // the read under way
  std::shared_ptr<Round> next_;      // callers waiting for the read after it
};

}  // namespace wisp::apiserver
