#include "kubelet/quantity.h"

#include <gtest/gtest.h>

namespace wisp::kubelet {
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

}  // namespace
}  // namespace wisp::kubelet
