// metav1.Time and MicroTime parsing and formatting, with Go's error texts.
#include "wisp/apimachinery/go_time.h"

#include <gtest/gtest.h>

namespace wisp::apimachinery {
namespace {

std::string Canonical(std::string_view v, bool micro) {
  auto t = ParseGoTime(v, micro);
  return t.ok() ? FormatGoTime(*t, micro) : std::string(t.status().message());
}

TEST(GoTime, TimeIsStoredInUtcToTheSecond) {
  EXPECT_EQ(Canonical("2024-05-01T10:00:00Z", false), "2024-05-01T10:00:00Z");
  EXPECT_EQ(Canonical("2024-05-01T10:00:00.5+01:00", false), "2024-05-01T09:00:00Z");
  EXPECT_EQ(Canonical("2024-03-01T00:30:00+01:00", false), "2024-02-29T23:30:00Z");
  EXPECT_EQ(Canonical("1969-12-31T23:59:59Z", false), "1969-12-31T23:59:59Z");
  EXPECT_EQ(Canonical("2024-05-01T10:00:00.999999999Z", false), "2024-05-01T10:00:00Z");
}

TEST(GoTime, MicroTimeNeedsSixFractionDigits) {
  EXPECT_EQ(Canonical("2024-05-01T10:00:00.123456Z", true), "2024-05-01T10:00:00.123456Z");
  EXPECT_EQ(Canonical("2024-05-01T10:00:00.000002-02:00", true), "2024-05-01T12:00:00.000002Z");
  EXPECT_EQ(Canonical("2024-01-01T00:00:10Z", true),
            "parsing time \"2024-01-01T00:00:10Z\" as \"2006-01-02T15:04:05.000000Z07:00\": "
            "cannot parse \"Z\" as \".000000\"");
  EXPECT_EQ(Canonical("2024-01-01T00:00:10.1234567Z", true),
            "parsing time \"2024-01-01T00:00:10.1234567Z\" as "
            "\"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"7Z\" as \"Z07:00\"");
}

TEST(GoTime, ErrorsNameTheElementAsGoDoes) {
  EXPECT_EQ(Canonical("not-a-time", false),
            "parsing time \"not-a-time\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
            "\"not-a-time\" as \"2006\"");
  EXPECT_EQ(Canonical("", false),
            "parsing time \"\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"2006\"");
  EXPECT_EQ(Canonical("2024-05-01", false),
            "parsing time \"2024-05-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as "
            "\"T\"");
  EXPECT_EQ(Canonical("2024-05-01 10:00:00Z", false),
            "parsing time \"2024-05-01 10:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot "
            "parse \" 10:00:00Z\" as \"T\"");
  EXPECT_EQ(Canonical("2024-13-01T10:00:00Z", false),
            "parsing time \"2024-13-01T10:00:00Z\": month out of range");
  EXPECT_EQ(Canonical("2023-02-29T10:00:00Z", false),
            "parsing time \"2023-02-29T10:00:00Z\": day out of range");
  EXPECT_EQ(Canonical("2024-05-01T10:00:00", false),
            "parsing time \"2024-05-01T10:00:00\" as \"2006-01-02T15:04:05Z07:00\": cannot "
            "parse \"\" as \"Z07:00\"");
  EXPECT_EQ(Canonical("2024-05-01T10:00:00Zjunk", false),
            "parsing time \"2024-05-01T10:00:00Zjunk\": extra text: \"junk\"");
}

}  // namespace
}  // namespace wisp::apimachinery
