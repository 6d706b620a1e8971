#include "datastore/lessor.h"

#include <algorithm>
#include <chrono>

#include "datastore/errors.h"

namespace wisp::datastore {

bool Lessor::LeaseExists(int64_t id) const {
  absl::MutexLock lock(&mu_);
  return leases_.count(id) > 0;
}

void Lessor::AttachKey(int64_t id, const std::string& key) {
  absl::MutexLock lock(&mu_);
  auto it = leases_.find(id);
  if (it != leases_.end()) it->second.keys.insert(key);
}

void Lessor::DetachKey(int64_t id, const std::string& key) {
  absl::MutexLock lock(&mu_);
  auto it = leases_.find(id);
  if (it != leases_.end()) it->second.keys.erase(key);
}

int64_t Lessor::Grant(int64_t id, int64_t ttl) {
  ttl = std::max(ttl, kMinLeaseTTL);
  absl::MutexLock lock(&mu_);
  Lease& lease = leases_[id];
  lease.ttl = ttl;
  lease.deadline = clock_.Now() + std::chrono::seconds(ttl);
  return ttl;
}

absl::StatusOr<std::vector<std::string>> Lessor::Revoke(int64_t id) {
  absl::MutexLock lock(&mu_);
  auto it = leases_.find(id);
  if (it == leases_.end()) return ErrLeaseNotFound();
  std::vector<std::string> keys(it->second.keys.begin(), it->second.keys.end());
  leases_.erase(it);
  return keys;
}

absl::StatusOr<int64_t> Lessor::Renew(int64_t id) {
  absl::MutexLock lock(&mu_);
  auto it = leases_.find(id);
  // An expired lease is as good as revoked even before the revocation commits.
  if (it == leases_.end() || it->second.deadline <= clock_.Now()) return ErrLeaseNotFound();
  it->second.deadline = clock_.Now() + std::chrono::seconds(it->second.ttl);
  return it->second.ttl;
}

absl::StatusOr<LeaseInfo> Lessor::TimeToLive(int64_t id, bool with_keys) const {
  absl::MutexLock lock(&mu_);
  auto it = leases_.find(id);
  if (it == leases_.end()) return ErrLeaseNotFound();
  LeaseInfo info;
  info.id = id;
  info.granted_ttl = it->second.ttl;
  auto left = std::chrono::duration_cast<std::chrono::seconds>(it->second.deadline - clock_.Now());
  info.remaining_ttl = std::max<int64_t>(left.count(), 0);
  if (with_keys) info.keys.assign(it->second.keys.begin(), it->second.keys.end());
  return info;
}

std::vector<int64_t> Lessor::Leases() const {
  absl::MutexLock lock(&mu_);
  std::vector<int64_t> ids;
  for (const auto& [id, lease] : leases_) ids.push_back(id);
  return ids;
}

std::vector<int64_t> Lessor::Expired() const {
  absl::MutexLock lock(&mu_);
  const auto now = clock_.Now();
  std::vector<std::pair<base::Clock::TimePoint, int64_t>> due;
  for (const auto& [id, lease] : leases_) {
    if (lease.deadline <= now) due.emplace_back(lease.deadline, id);
  }
  std::sort(due.begin(), due.end());
  std::vector<int64_t> ids;
  for (const auto& [deadline, id] : due) ids.push_back(id);
  return ids;
}

base::Clock::Duration Lessor::NextDeadlineIn() const {
  absl::MutexLock lock(&mu_);
  base::Clock::Duration next = std::chrono::hours(1);
  const auto now = clock_.Now();
  for (const auto& [id, lease] : leases_) next = std::min(next, lease.deadline - now);
  return std::max(next, base::Clock::Duration::zero());
}

}  // namespace wisp::datastore
