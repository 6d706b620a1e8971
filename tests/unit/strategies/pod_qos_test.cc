// QoS classes and quantity parsing.
#include "strategies/pod_qos.h"

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::J;

TEST(PodQos, ParsesQuantities) {
  EXPECT_EQ(ParseQuantity("1"), 1.0L);
  EXPECT_NEAR(static_cast<double>(*ParseQuantity("100m")), 0.1, 1e-12);
  EXPECT_EQ(ParseQuantity("1Ki"), 1024.0L);
  EXPECT_EQ(ParseQuantity("2Gi"), 2.0L * 1073741824.0L);
  EXPECT_EQ(ParseQuantity("1k"), 1000.0L);
  EXPECT_EQ(ParseQuantity("1e3"), 1000.0L);
  EXPECT_EQ(ParseQuantity("0.5"), 0.5L);
  EXPECT_FALSE(ParseQuantity("").has_value());
  EXPECT_FALSE(ParseQuantity("abc").has_value());
  EXPECT_FALSE(ParseQuantity("1Xi").has_value());
}

TEST(PodQos, NoResourcesIsBestEffort) {
  EXPECT_EQ(PodQosClass(J(R"({"containers":[{"name":"a"}]})")), "BestEffort");
  EXPECT_EQ(PodQosClass(J(R"({"containers":[{"name":"a","resources":{"requests":{"cpu":"0"}}}]})")),
            "BestEffort");
}

TEST(PodQos, EqualCpuAndMemoryEverywhereIsGuaranteed) {
  Json spec = J(R"({"containers":[
      {"resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1000m","memory":"1024Mi"}}},
      {"resources":{"limits":{"cpu":"200m","memory":"64Mi"},"requests":{"cpu":"200m","memory":"64Mi"}}}]})");
  EXPECT_EQ(PodQosClass(spec), "Guaranteed");
}

TEST(PodQos, MissingLimitOrDifferentRequestIsBurstable) {
  EXPECT_EQ(PodQosClass(J(R"({"containers":[{"resources":{"requests":{"cpu":"100m"}}}]})")),
            "Burstable");
  EXPECT_EQ(PodQosClass(J(R"({"containers":[
      {"resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m","memory":"1Gi"}}}]})")),
            "Burstable");
  // One container without limits spoils the pod.
  EXPECT_EQ(PodQosClass(J(R"({"containers":[
      {"resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}}},
      {"name":"b"}]})")),
            "Burstable");
}

}  // namespace
}  // namespace wisp::strategies
