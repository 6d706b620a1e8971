// File: src/apiserver/current_revision.cc
#include "apiserver/current_revision.h"

namespace wisp::apiserver {

absl::StatusOr<int64_t> CurrentRevision::Get() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!inflight_) {
    auto round = std::make_shared<Round>();
    inflight_ = round;
    RunLocked(lock, round);
    return round->result;
  }
  // A read started before this call: its answer may be too old.
  if (!next_) next_ = std::make_shared<Round>();
  std::shared_ptr<Round> round = next_;
  cv_.wait(lock, [&] { return round->done || !inflight_; });
  if (!round->done) {  // the earlier read finished; this round starts now
    next_.reset();
    inflight_ = round;
    RunLocked(lock, round);
  }
  return round->result;
}

void CurrentRevision::RunLocked(std::unique_lock<std::mutex>& lock,
                                const std::shared_ptr<Round>& round) {
  lock.unlock();
  absl::StatusOr<int64_t> result = fetch_();
  lock.lock();
  round->result = std::move(result);
  round->done = true;
  inflight_.reset();
  cv_.notify_all();
}

}  // namespace wisp::apiserver
