#include "apimachinery/go_format.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace wisp::apimachinery::internal {
namespace {

TEST(GoFormatTest, QuoteMatchesStrconvQuote) {
  EXPECT_EQ(GoQuote("abc"), "\"abc\"");
  EXPECT_EQ(GoQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(GoQuote("\n\t\r"), "\"\\n\\t\\r\"");
  EXPECT_EQ(GoQuote(std::string("\x01\x7f", 2)), "\"\\x01\\x7f\"");
  EXPECT_EQ(GoQuote("h\xc3\xa9"), "\"h\xc3\xa9\"");  // valid UTF-8 kept
  EXPECT_EQ(GoQuote("\xff"), "\"\\xff\"");           // invalid byte escaped
}

TEST(GoFormatTest, NumbersAsGoPrintsThem) {
  EXPECT_EQ(GoNumber(nlohmann::json(42)), "42");
  EXPECT_EQ(GoNumber(nlohmann::json(-7)), "-7");
  EXPECT_EQ(GoNumber(nlohmann::json(1.5)), "1.5");
  EXPECT_EQ(GoNumber(nlohmann::json(0.1)), "0.1");
}

}  // namespace
}  // namespace wisp::apimachinery::internal
