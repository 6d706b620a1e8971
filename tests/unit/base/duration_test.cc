#include "wisp/base/duration.h"

#include <gtest/gtest.h>

#include <string>

#include "wisp/base/strings.h"

namespace wisp::base {
namespace {

std::string MessageOf(const absl::Status& status) {
  return std::string(base::ToStd(status.message()));
}

TEST(ParseDurationTest, ReadsUnitsAndCompounds) {
  EXPECT_EQ(*ParseDurationSeconds("30s"), 30);
  EXPECT_EQ(*ParseDurationSeconds("5m"), 300);
  EXPECT_EQ(*ParseDurationSeconds("1h"), 3600);
  EXPECT_EQ(*ParseDurationSeconds("1h30m"), 5400);
  EXPECT_EQ(*ParseDurationSeconds("2m5s"), 125);
  EXPECT_EQ(*ParseDurationSeconds("0s"), 0);
}

TEST(ParseDurationTest, BareNumberSuggestsSeconds) {
  absl::StatusOr<int> d = ParseDurationSeconds("30");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(MessageOf(d.status()), "invalid duration \"30\": missing unit; did you mean \"30s\"?");
}

TEST(ParseDurationTest, RejectsMalformedText) {
  for (const char* bad : {"", "s", "5x", "1.5s", "-5s", "+5s", "5 s", "5ms", "1h30", "h1"}) {
    absl::StatusOr<int> d = ParseDurationSeconds(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_NE(MessageOf(d.status()).find("invalid duration"), std::string::npos) << bad;
  }
}

TEST(ParseDurationTest, RejectsOverflow) {
  EXPECT_FALSE(ParseDurationSeconds("9999999999h").ok());
  EXPECT_FALSE(ParseDurationSeconds("99999999999999999999s").ok());
  EXPECT_FALSE(ParseDurationSeconds("596524h").ok());
}

TEST(FormatDurationTest, UsesTheShortestSpelling) {
  EXPECT_EQ(FormatDurationSeconds(60), "1m");
  EXPECT_EQ(FormatDurationSeconds(90), "1m30s");
  EXPECT_EQ(FormatDurationSeconds(3600), "1h");
  EXPECT_EQ(FormatDurationSeconds(3661), "1h1m1s");
  EXPECT_EQ(FormatDurationSeconds(7200 + 5), "2h5s");
  EXPECT_EQ(FormatDurationSeconds(1), "1s");
  EXPECT_EQ(FormatDurationSeconds(0), "0s");
}

TEST(FormatDurationTest, RoundTripsThroughParse) {
  for (int s : {0, 1, 59, 60, 61, 3599, 3600, 3601, 86400, 2147483647}) {
    absl::StatusOr<int> parsed = ParseDurationSeconds(FormatDurationSeconds(s));
    ASSERT_TRUE(parsed.ok()) << s;
    EXPECT_EQ(*parsed, s);
  }
}

}  // namespace
}  // namespace wisp::base
