// Cron schedule syntax.
#include "strategies/cron_schedule.h"

#include <filesystem>
#include <fstream>
#include <string>

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

// A tz database holding one zone, Test/Zone, and a non-zone file.
class TimeZoneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_ / "Test");
    std::ofstream(dir_ / "Test" / "Zone", std::ios::binary) << "TZif2 and the rest";
    std::ofstream(dir_ / "zone.tab") << "# not a zone\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F(TimeZoneTest, FindsZonesAsLoadLocationDoes) {
  std::string dir = dir_.string();
  for (const char* zone : {"Test/Zone", "UTC", "Local", ""}) {
    EXPECT_EQ(TimeZoneError(zone, dir), std::nullopt) << zone;
  }
  EXPECT_EQ(TimeZoneError("Test/Other", dir), "unknown time zone Test/Other");
  EXPECT_EQ(TimeZoneError("Test", dir), "unknown time zone Test");
  EXPECT_EQ(TimeZoneError("zone.tab", dir), "unknown time zone zone.tab");
  EXPECT_EQ(TimeZoneError("Test/../Test/Zone", dir), "time: invalid location name");
}

TEST_F(TimeZoneTest, ScheduleMayStartWithAZone) {
  std::string dir = dir_.string();
  EXPECT_EQ(CronScheduleError("TZ=Test/Zone 0 * * * *", dir), std::nullopt);
  EXPECT_EQ(CronScheduleError("CRON_TZ=UTC  @hourly", dir), std::nullopt);
  EXPECT_EQ(CronScheduleError("CRON_TZ=UTC 61 * * * *", dir),
            "end of range (61) above maximum (59): 61");
  EXPECT_EQ(CronScheduleError("TZ=Mars/Base 0 * * * *", dir),
            "provided bad location Mars/Base: unknown time zone Mars/Base");
}

}  // namespace
}  // namespace wisp::strategies
