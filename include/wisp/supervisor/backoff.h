// File: wisp/supervisor/backoff.h
//
// Restart delays for a crashing child. Pure arithmetic, no clock: the caller
// reports how long the child ran and gets the delay before the next start.
//
//   delay(n) = min(initial * factor^n, max)   for the n-th consecutive exit
//   a run of at least `reset_after` sets n back to 0.
#pragma once

#include <chrono>

namespace wisp::supervisor {

struct BackoffPolicy {
  std::chrono::milliseconds initial{std::chrono::seconds(1)};  // Delay after the first exit.
  std::chrono::milliseconds max{std::chrono::seconds(60)};     // Cap on any delay.
  double factor = 2.0;  // Growth per consecutive exit; values below 1 act as 1.
  // A child that ran at least this long resets the delay to `initial`.
  std::chrono::milliseconds reset_after{std::chrono::seconds(120)};
};

// Not thread-safe; owned by one supervisor's monitor thread.
class Backoff {
 public:
  explicit Backoff(BackoffPolicy policy) : policy_(policy) {}

  // The delay before restarting a child that exited after running `uptime`.
  std::chrono::milliseconds NextDelay(std::chrono::milliseconds uptime);

  // Forgets earlier exits: the next delay is `initial` again.
  void Reset() { consecutive_exits_ = 0; }

  // Exits counted since the last reset.
  int consecutive_exits() const { return consecutive_exits_; }

 private:
  BackoffPolicy policy_;
  int consecutive_exits_ = 0;
  double last_delay_ms_ = 0;
};

}  // namespace wisp::supervisor
