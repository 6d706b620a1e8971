#include "wisp/apimachinery/human_duration.h"

#include <gtest/gtest.h>

namespace wisp::apimachinery {
namespace {

using std::chrono::seconds;
constexpr int64_t kMin = 60, kHour = 3600, kDay = 86400, kYear = 365 * kDay;

TEST(HumanDurationTest, UpstreamTable) {
  // Cases from upstream's duration_test.go.
  struct Case {
    int64_t d;
    const char* want;
  } cases[] = {
      {1, "1s"},
      {70, "70s"},
      {190, "3m10s"},
      {70 * kMin, "70m"},
      {47 * kMin, "47m"},
      {8 * kHour, "8h"},
      {8 * kHour + 59 * kMin, "8h"},
      {2 * kDay, "2d"},
      {2 * kDay + 4 * kHour, "2d4h"},
      {3 * kYear, "3y"},
      {4 * kYear + 32 * kDay, "4y32d"},
      {9 * kYear, "9y"},
      {5 * kMin, "5m"},
      {5 * kHour, "5h"},
      {3 * kHour + 10 * kMin, "3h10m"},
      {119, "119s"},
      {120, "2m"},
      {10 * kMin, "10m"},
      {179 * kMin, "179m"},
      {180 * kMin, "3h"},
      {47 * kHour, "47h"},
      {8 * kDay, "8d"},
      {7 * kDay + 23 * kHour, "7d23h"},
      {729 * kDay, "729d"},
      {730 * kDay, "2y"},
      {-1, "0s"},
      {-2, "<invalid>"},
  };
  for (const auto& c : cases) EXPECT_EQ(HumanDuration(seconds(c.d)), c.want) << c.d;
}

TEST(HumanDurationTest, ShortHumanDuration) {
  EXPECT_EQ(ShortHumanDuration(seconds(59)), "59s");
  EXPECT_EQ(ShortHumanDuration(seconds(90)), "1m");
  EXPECT_EQ(ShortHumanDuration(seconds(3 * kHour + 10 * kMin)), "3h");
  EXPECT_EQ(ShortHumanDuration(seconds(3 * kDay)), "3d");
  EXPECT_EQ(ShortHumanDuration(seconds(2 * kYear)), "2y");
  EXPECT_EQ(ShortHumanDuration(seconds(-1)), "0s");
  EXPECT_EQ(ShortHumanDuration(seconds(-5)), "<invalid>");
}

}  // namespace
}  // namespace wisp::apimachinery
