#include "wisp/apimachinery/quantity.h"

#include <gtest/gtest.h>

#include "wisp/base/strings.h"

namespace wisp::apimachinery {
namespace {

TEST(QuantityTest, CpuInMillicores) {
  EXPECT_EQ(*ParseMilliQuantity("250m"), 250);
  EXPECT_EQ(*ParseMilliQuantity("1"), 1000);
  EXPECT_EQ(*ParseMilliQuantity("0.5"), 500);
  EXPECT_EQ(*ParseMilliQuantity("2"), 2000);
  EXPECT_EQ(*ParseMilliQuantity("100u"), 1);  // Rounded up.
}

TEST(QuantityTest, MemoryInBytes) {
  EXPECT_EQ(*ParseQuantity("64Mi"), 64 << 20);
  EXPECT_EQ(*ParseQuantity("1Gi"), 1LL << 30);
  EXPECT_EQ(*ParseQuantity("1G"), 1000000000);
  EXPECT_EQ(*ParseQuantity("128974848"), 128974848);
  EXPECT_EQ(*ParseQuantity("129e6"), 129000000);
  EXPECT_EQ(*ParseQuantity("1.5Ki"), 1536);
}

TEST(QuantityTest, RejectsGarbage) {
  EXPECT_FALSE(ParseQuantity("").ok());
  EXPECT_FALSE(ParseQuantity("abc").ok());
  EXPECT_FALSE(ParseQuantity("12Qi").ok());
  EXPECT_FALSE(ParseQuantity("-1").ok());
}

TEST(QuantityTest, ParsesExactlyAndRefusesWhatDoesNotFit) {
  EXPECT_EQ(*ParseMilliQuantity("1.07G"), int64_t{1070000000000});
  EXPECT_EQ(*ParseQuantity("2.2Gi"), int64_t{2362232013}) << "rounded up to whole bytes";
  EXPECT_EQ(*ParseQuantity("7Ei"), int64_t{7} << 60);
  EXPECT_FALSE(ParseQuantity("8Ei").ok()) << "2^63 does not fit";
  EXPECT_EQ(*ParseQuantity("1e3"), 1000);
  EXPECT_EQ(*ParseMilliQuantity("5E-2"), 50);
  EXPECT_EQ(*ParseQuantity("1E"), int64_t{1000000000000000000});
  EXPECT_EQ(*ParseMilliQuantity("0.05"), 50);
  EXPECT_EQ(*ParseMilliQuantity("1n"), 1);
  EXPECT_FALSE(ParseQuantity("10E").ok());
  EXPECT_FALSE(ParseMilliQuantity("1E").ok()) << "10^21 millis do not fit";
  EXPECT_FALSE(ParseQuantity("-1e3").ok());
  EXPECT_FALSE(ParseQuantity("1Qi").ok());
  EXPECT_FALSE(ParseQuantity("").ok());
}

TEST(QuantityTest, FormatsAsUpstreamPrintsCanonicalQuantities) {
  EXPECT_EQ(FormatMilliQuantity(0, false), "0");
  EXPECT_EQ(FormatMilliQuantity(1500, false), "1500m");
  EXPECT_EQ(FormatMilliQuantity(2000, false), "2");
  EXPECT_EQ(FormatMilliQuantity(3000000, false), "3k");
  EXPECT_EQ(FormatMilliQuantity(int64_t{500000000} * 1000, false), "500M");
  EXPECT_EQ(FormatMilliQuantity(int64_t{128} * 1024 * 1024 * 1000, true), "128Mi");
  EXPECT_EQ(FormatMilliQuantity(int64_t{1536} * 1024 * 1000, true), "1536Ki");
  EXPECT_EQ(FormatMilliQuantity(1000 * 1000, true), "1k") << "binary below 1024 prints decimal";
  EXPECT_EQ(FormatMilliQuantity(1500 * 1000, true), "1500");
  EXPECT_EQ(FormatMilliQuantity(500, true), "500m") << "a fraction prints in decimal";
  EXPECT_TRUE(IsBinaryQuantity("64Mi"));
  EXPECT_FALSE(IsBinaryQuantity("64M"));
  EXPECT_FALSE(IsBinaryQuantity("1"));
}

TEST(QuantityTest, SyntaxErrorsAreUpstreamsDecodingErrors) {
  for (const char* ok : {"1", "-1", "+2.5", "1.", ".5", "100m", "1e3", "1E-3", "5Gi", "1E", "0",
                         " 500m ", "Gi", "e5"}) {
    EXPECT_TRUE(CheckQuantitySyntax(ok).ok()) << ok;
  }
  const std::string format =
      "quantities must match the regular expression "
      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  for (const char* bad : {"", "abc", "1Kb", "1.5.5", "1 Gi", "12x"}) {
    EXPECT_EQ(base::ToStd(CheckQuantitySyntax(bad).message()), format) << bad;
  }
  EXPECT_EQ(base::ToStd(CheckQuantitySyntax("1KK").message()), "unable to parse quantity's suffix");
  EXPECT_EQ(base::ToStd(CheckQuantitySyntax("1e").message()), "unable to parse quantity's suffix");
}

TEST(QuantityTest, SignedParsingAndCanonicalText) {
  EXPECT_EQ(*ParseSignedMilliQuantity("-1"), -1000);
  EXPECT_EQ(*ParseSignedMilliQuantity("-250m"), -250);
  EXPECT_FALSE(ParseMilliQuantity("-1").ok());
  EXPECT_EQ(CanonicalQuantity("1000m"), "1");
  EXPECT_EQ(CanonicalQuantity("1024Mi"), "1Gi");
  EXPECT_EQ(CanonicalQuantity("-2"), "-2");
  EXPECT_EQ(CanonicalQuantity("1e3"), "1k");
  // Upstream trims the text, and a quantity without digits is zero.
  EXPECT_EQ(*ParseSignedMilliQuantity(" 500m "), 500);
  EXPECT_EQ(*ParseMilliQuantity("Gi"), 0);
  EXPECT_FALSE(ParseMilliQuantity("").ok());
}

}  // namespace
}  // namespace wisp::apimachinery
