// LimitRanges: upstream's defaults for Container limits.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::J;

TEST(LimitRangeStrategy, ContainerItemsGetDefaultsFromMaxDefaultAndMin) {
  auto s = NewLimitRangeStrategy();
  Json lr = J(R"({"metadata":{"name":"l","namespace":"d"},"spec":{"limits":[
      {"type":"Container","max":{"cpu":"2"},"min":{"memory":"64Mi"},"default":{"memory":"1Gi"}},
      {"type":"Pod","max":{"cpu":"4"}}]}})");
  Causes causes = testing::Create(*s, lr);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(lr["spec"]["limits"][0]["default"], J(R"({"cpu":"2","memory":"1Gi"})"));
  // The default limit wins over the min for the default request.
  EXPECT_EQ(lr["spec"]["limits"][0]["defaultRequest"], J(R"({"cpu":"2","memory":"1Gi"})"));
  EXPECT_FALSE(lr["spec"]["limits"][1].contains("default"));
}

}  // namespace
}  // namespace wisp::strategies
