// File: src/kubelet/backoff.cc
#include "kubelet/backoff.h"

#include <algorithm>

namespace wisp::kubelet {

bool CrashBackOff::InBackOff(const std::string& key, Time finished, Time now,
                             Duration* remaining) const {
  auto it = entries_.find(key);
  if (it == entries_.end() || Expired(it->second, finished)) return false;
  auto waited = std::chrono::duration_cast<Duration>(now - finished);
  if (waited >= it->second.delay) return false;
  if (remaining != nullptr) *remaining = it->second.delay - waited;
  return true;
}

void CrashBackOff::Next(const std::string& key, Time finished) {
  auto it = entries_.find(key);
  if (it == entries_.end() || Expired(it->second, finished)) {
    entries_[key] = Entry{initial_, finished};
    return;
  }
  it->second.delay = std::min(it->second.delay * 2, max_);
  it->second.last_update = finished;
}

CrashBackOff::Duration CrashBackOff::Delay(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? Duration(0) : it->second.delay;
}

}  // namespace wisp::kubelet
