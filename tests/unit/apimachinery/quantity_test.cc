#include "wisp/apimachinery/quantity.h"

#include <gtest/gtest.h>

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

TEST(QuantityTest, FormatsAsUpstreamPrintsCanonicalQuantities) {
  EXPECT_EQ(FormatMilliQuantity(0, false), "0");
  EXPECT_EQ(FormatMilliQuantity(1500, false), "1500m");
  EXPECT_EQ(FormatMilliQuantity(2000, false), "2");
  EXPECT_EQ(FormatMilliQuantity(3000000, false), "3k");
  EXPECT_EQ(FormatMilliQuantity(int64_t{500000000} * 1000, false), "500M");
  EXPECT_EQ(FormatMilliQuantity(int64_t{128} * 1024 * 1024 * 1000, true), "128Mi");
  EXPECT_EQ(FormatMilliQuantity(int64_t{1536} * 1024 * 1000, true), "1536Ki");
  EXPECT_EQ(FormatMilliQuantity(1000 * 1000, true), "1000");
  EXPECT_EQ(FormatMilliQuantity(500, true), "500m") << "a fraction prints in decimal";
  EXPECT_TRUE(IsBinaryQuantity("64Mi"));
  EXPECT_FALSE(IsBinaryQuantity("64M"));
  EXPECT_FALSE(IsBinaryQuantity("1"));
}

}  // namespace
}  // namespace wisp::apimachinery
