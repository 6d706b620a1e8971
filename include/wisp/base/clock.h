// File: wisp/base/clock.h
//
// Time as a dependency. Code that waits or measures durations takes a Clock&
// so that unit tests can drive time by hand (see tests/unit/base/fake_clock.h).
#pragma once

#include <chrono>
#include <string>

namespace wisp::base {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Duration = std::chrono::steady_clock::duration;

  virtual ~Clock() = default;
  // Monotonic time.
  virtual TimePoint Now() const = 0;
  // Blocks the calling thread for `d` (a fake clock just advances).
  virtual void SleepFor(Duration d) = 0;
};

// The steady system clock. Thread-safe.
Clock& SystemClock();

// Wall time `t` in UTC with strftime's `format`, to whole seconds.
std::string FormatUtc(std::chrono::system_clock::time_point t, const char* format);
// RFC 3339 in UTC, as Kubernetes writes timestamps: 2026-11-29T05:00:00Z.
inline std::string FormatRfc3339(std::chrono::system_clock::time_point t) {
  return FormatUtc(t, "%Y-%m-%dT%H:%M:%SZ");
}

}  // namespace wisp::base
