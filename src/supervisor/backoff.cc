#include "wisp/supervisor/backoff.h"

#include <algorithm>
#include <cstdint>

namespace wisp::supervisor {

std::chrono::milliseconds Backoff::NextDelay(std::chrono::milliseconds uptime) {
  if (uptime >= policy_.reset_after) Reset();
  const double cap = static_cast<double>(std::max<int64_t>(policy_.max.count(), 0));
  const double initial =
      std::min(static_cast<double>(std::max<int64_t>(policy_.initial.count(), 0)), cap);
  // Grows from the previous delay rather than computing factor^n, so a long
  // crash loop can never overflow.
  double delay = consecutive_exits_ == 0
                     ? initial
                     : std::min(last_delay_ms_ * std::max(policy_.factor, 1.0), cap);
  last_delay_ms_ = delay;
  ++consecutive_exits_;
  return std::chrono::milliseconds(static_cast<int64_t>(delay));
}

}  // namespace wisp::supervisor
