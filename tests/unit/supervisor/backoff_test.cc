#include "wisp/supervisor/backoff.h"

#include <gtest/gtest.h>

namespace wisp::supervisor {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kCrash{0};  // Uptime of a child that died at once.

BackoffPolicy Policy() {
  return {.initial = milliseconds(100),
          .max = milliseconds(1000),
          .factor = 2.0,
          .reset_after = milliseconds(5000)};
}

TEST(BackoffTest, FirstDelayIsInitial) {
  Backoff backoff(Policy());
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(100));
  EXPECT_EQ(backoff.consecutive_exits(), 1);
}

TEST(BackoffTest, GrowsByFactorPerConsecutiveExit) {
  Backoff backoff(Policy());
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(100));
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(200));
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(400));
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(800));
}

TEST(BackoffTest, IsCappedAtMax) {
  Backoff backoff(Policy());
  for (int i = 0; i < 4; ++i) backoff.NextDelay(kCrash);
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(1000));
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(1000));
}

TEST(BackoffTest, LongCrashLoopStaysAtCapWithoutOverflow) {
  Backoff backoff(Policy());
  for (int i = 0; i < 10000; ++i) backoff.NextDelay(kCrash);
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(1000));
}

TEST(BackoffTest, StableRunResetsToInitial) {
  Backoff backoff(Policy());
  for (int i = 0; i < 3; ++i) backoff.NextDelay(kCrash);
  EXPECT_EQ(backoff.NextDelay(milliseconds(5000)), milliseconds(100));
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(200));
}

TEST(BackoffTest, ShortRunDoesNotReset) {
  Backoff backoff(Policy());
  backoff.NextDelay(kCrash);
  EXPECT_EQ(backoff.NextDelay(milliseconds(4999)), milliseconds(200));
}

TEST(BackoffTest, ExplicitResetStartsOver) {
  Backoff backoff(Policy());
  backoff.NextDelay(kCrash);
  backoff.NextDelay(kCrash);
  backoff.Reset();
  EXPECT_EQ(backoff.consecutive_exits(), 0);
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(100));
}

TEST(BackoffTest, FactorBelowOneKeepsDelayConstant) {
  BackoffPolicy policy = Policy();
  policy.factor = 0.5;
  Backoff backoff(policy);
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(100));
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(100));
}

TEST(BackoffTest, InitialAboveMaxIsCapped) {
  BackoffPolicy policy = Policy();
  policy.initial = milliseconds(5000);
  Backoff backoff(policy);
  EXPECT_EQ(backoff.NextDelay(kCrash), milliseconds(1000));
}

}  // namespace
}  // namespace wisp::supervisor
