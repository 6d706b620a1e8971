// Cron schedule syntax.
#include "strategies/cron_schedule.h"

#include <gtest/gtest.h>

namespace wisp::strategies {
namespace {

TEST(CronSchedule, AcceptsStandardSchedules) {
  for (const char* s :
       {"* * * * *", "*/5 * * * *", "0 0 * * 0", "0 9-17 * * mon-fri", "15,45 */2 1 jan,JUL *",
        "@hourly", "@daily", "@every 1h30m", "0 0 ? * *"}) {
    EXPECT_EQ(CronScheduleError(s), std::nullopt) << s;
  }
}

TEST(CronSchedule, RejectsWithParserMessages) {
  EXPECT_EQ(CronScheduleError("* * *"), "expected exactly 5 fields, found 3: [* * *]");
  EXPECT_EQ(CronScheduleError("60 * * * *"), "end of range (60) above maximum (59): 60");
  EXPECT_EQ(CronScheduleError("* * 0 * *"), "beginning of range (0) below minimum (1): 0");
  EXPECT_EQ(CronScheduleError("5-1 * * * *"),
            "beginning of range (5) beyond end of range (1): 5-1");
  EXPECT_EQ(CronScheduleError("*/0 * * * *"), "step of range should be a positive number: */0");
  EXPECT_EQ(CronScheduleError("@sometimes"), "unrecognized descriptor: @sometimes");
  EXPECT_NE(CronScheduleError("x * * * *"), std::nullopt);
  EXPECT_NE(CronScheduleError(""), std::nullopt);
}

}  // namespace
}  // namespace wisp::strategies
