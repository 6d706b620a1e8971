// Periodic compaction of an external etcd (see compactor.h).
#include "apiserver/compactor.h"

#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {

Compactor::~Compactor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Compactor::Start() {
  thread_ = std::thread([this] { Run(); });
}

int64_t Compactor::compacted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return compacted_;
}

void Compactor::Run() {
  int64_t previous = 0;  // the revision seen one interval ago
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
    lock.unlock();
    // Any read answers with the current revision in its header.
    auto head = etcd_.Range("compact_rev_key", "", 0, 1, /*count_only=*/true);
    if (head.ok()) {
      if (previous > compacted_ && previous <= head->revision) {
        absl::Status s = etcd_.Compact(previous);
        // Already compacted further (by another client) is not a failure.
        if (s.ok() || absl::IsOutOfRange(s)) {
          lock.lock();
          compacted_ = previous;
          lock.unlock();
        } else {
          base::LogWarn("apiserver", base::StrCat("etcd compaction to ", previous, ": ",
                                                  base::ToStd(s.message())));
        }
      }
      previous = head->revision;
    }
    lock.lock();
  }
}

}  // namespace wisp::apiserver
