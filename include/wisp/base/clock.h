// File: wisp/base/clock.h
//
// Time as a dependency. Code that waits or measures durations takes a Clock&
// so that unit tests can drive time by hand (see tests/unit/base/fake_clock.h).
#pragma once

#include <chrono>

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

}  // namespace wisp::base
