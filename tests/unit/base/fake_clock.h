// File: tests/unit/base/fake_clock.h
//
// A Clock whose time moves only when SleepFor or Advance is called. For unit
// tests; not thread-safe.
#pragma once

#include "wisp/base/clock.h"

namespace wisp::testing {

class FakeClock final : public base::Clock {
 public:
  TimePoint Now() const override { return now_; }
  void SleepFor(Duration d) override { now_ += d; }
  void Advance(Duration d) { now_ += d; }

 private:
  TimePoint now_{};
};

}  // namespace wisp::testing
