// CrashLoopBackOff timing: 10 s doubling to 5 min, reset after 10 min.
#include "kubelet/backoff.h"

#include <gtest/gtest.h>

namespace wisp::kubelet {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using Time = CrashBackOff::Time;

TEST(CrashBackOffTest, FirstRestartIsImmediateThenDoublesToFiveMinutes) {
  CrashBackOff b;
  Time t{};
  EXPECT_FALSE(b.InBackOff("p/c", t, t, nullptr));
  b.Next("p/c", t);
  EXPECT_EQ(b.Delay("p/c"), seconds(10));
  std::chrono::milliseconds expected = seconds(10);
  for (int i = 0; i < 8; ++i) {
    t += seconds(1);  // The restarted container crashed again after 1 s.
    CrashBackOff::Duration remaining{};
    EXPECT_TRUE(b.InBackOff("p/c", t, t + seconds(1), &remaining));
    EXPECT_EQ(remaining, expected - seconds(1));
    EXPECT_FALSE(b.InBackOff("p/c", t, t + expected, nullptr));
    b.Next("p/c", t);
    expected = std::min<std::chrono::milliseconds>(expected * 2, minutes(5));
    EXPECT_EQ(b.Delay("p/c"), expected);
    t += expected;
  }
  EXPECT_EQ(b.Delay("p/c"), minutes(5));
}

TEST(CrashBackOffTest, ResetsAfterTenMinutesWithoutCrash) {
  CrashBackOff b;
  Time t{};
  b.Next("p/c", t);
  b.Next("p/c", t + seconds(20));
  EXPECT_EQ(b.Delay("p/c"), seconds(20));
  Time later = t + seconds(20) + minutes(10) + seconds(1);
  EXPECT_FALSE(b.InBackOff("p/c", later, later, nullptr));
  b.Next("p/c", later);
  EXPECT_EQ(b.Delay("p/c"), seconds(10));
}

TEST(CrashBackOffTest, KeysAreIndependent) {
  CrashBackOff b;
  Time t{};
  b.Next("p/a", t);
  b.Next("p/a", t);
  EXPECT_EQ(b.Delay("p/a"), seconds(20));
  EXPECT_EQ(b.Delay("p/b"), seconds(0));
  EXPECT_FALSE(b.InBackOff("p/b", t, t, nullptr));
}

}  // namespace
}  // namespace wisp::kubelet
