// File: src/datastore/lessor.h
//
// The lease table: granted leases, their deadlines on an injected clock and
// the keys attached to each. Durable state (id, TTL) is persisted by Store;
// deadlines are not, so after a restart every lease gets its full TTL again
// (as etcd does).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "datastore/applier.h"
#include "wisp/base/clock.h"

namespace wisp::datastore {

// etcd's bounds: TTLs below the minimum are raised to it; above the maximum
// is an error.
inline constexpr int64_t kMinLeaseTTL = 2;
inline constexpr int64_t kMaxLeaseTTL = 9000000000;

struct LeaseInfo {
  int64_t id = 0;
  int64_t granted_ttl = 0;
  int64_t remaining_ttl = 0;  // Whole seconds left, -1 if unknown.
  std::vector<std::string> keys;
};

class Lessor final : public LeaseIndex {
 public:
  explicit Lessor(base::Clock& clock) : clock_(clock) {}

  // LeaseIndex.
  bool LeaseExists(int64_t id) const override;
  void AttachKey(int64_t id, const std::string& key) override;
  void DetachKey(int64_t id, const std::string& key) override;

  // Adds a lease (also used to restore persisted leases). Returns the TTL
  // actually granted. The caller checked that `id` is free and nonzero.
  int64_t Grant(int64_t id, int64_t ttl);
  // Removes the lease and returns its attached keys; NotFound if unknown.
  absl::StatusOr<std::vector<std::string>> Revoke(int64_t id);
  // Restarts the lease's countdown; returns its TTL; NotFound if unknown.
  absl::StatusOr<int64_t> Renew(int64_t id);
  absl::StatusOr<LeaseInfo> TimeToLive(int64_t id, bool with_keys) const;
  std::vector<int64_t> Leases() const;
  // Leases whose deadline has passed, oldest first.
  std::vector<int64_t> Expired() const;
  // Time until the next deadline (for the expiry loop); a large value if none.
  base::Clock::Duration NextDeadlineIn() const;

 private:
  struct Lease {
    int64_t ttl = 0;
    base::Clock::TimePoint deadline;
    std::set<std::string> keys;
  };

  base::Clock& clock_;
  mutable absl::Mutex mu_;
  std::map<int64_t, Lease> leases_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wisp::datastore
