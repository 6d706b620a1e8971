// HorizontalPodAutoscalers: v1/v2 defaults and replica bounds.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(HorizontalPodAutoscalerStrategy, V2DefaultsCpuMetric) {
  auto s = NewHorizontalPodAutoscalerStrategy();
  Json hpa = J(R"({"apiVersion":"autoscaling/v2","metadata":{"name":"h","namespace":"d"},
      "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},
      "maxReplicas":5}})");
  Causes causes = testing::Create(*s, hpa);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(hpa["spec"]["minReplicas"], 1);
  EXPECT_EQ(hpa["spec"]["metrics"], J(R"([{"type":"Resource","resource":{"name":"cpu",
      "target":{"type":"Utilization","averageUtilization":80}}}])"));
  EXPECT_EQ(hpa["status"], J(R"({"currentMetrics":null,"desiredReplicas":0})"));
  Json v1 = J(R"({"apiVersion":"autoscaling/v1","spec":{"maxReplicas":5}})");
  s->Default(v1);
  EXPECT_FALSE(v1["spec"].contains("metrics"));
}

TEST(HorizontalPodAutoscalerStrategy, BehaviorGetsBothDirectionsDefaults) {
  auto s = NewHorizontalPodAutoscalerStrategy();
  Json hpa = J(R"({"apiVersion":"autoscaling/v2","spec":{"maxReplicas":5,
      "behavior":{"scaleDown":{"stabilizationWindowSeconds":30}}}})");
  s->Default(hpa);
  EXPECT_EQ(hpa["spec"]["behavior"], J(R"({
      "scaleUp":{"stabilizationWindowSeconds":0,"selectPolicy":"Max",
        "policies":[{"type":"Pods","value":4,"periodSeconds":15},
                    {"type":"Percent","value":100,"periodSeconds":15}]},
      "scaleDown":{"stabilizationWindowSeconds":30,"selectPolicy":"Max",
        "policies":[{"type":"Percent","value":100,"periodSeconds":15}]}})"));
}

TEST(HorizontalPodAutoscalerStrategy, ReplicaBounds) {
  auto s = NewHorizontalPodAutoscalerStrategy();
  Json hpa = J(R"({"metadata":{"name":"h","namespace":"d"},
      "spec":{"scaleTargetRef":{"name":"web"},"minReplicas":4,"maxReplicas":2}})");
  Causes causes = testing::Create(*s, hpa);
  EXPECT_TRUE(HasCause(causes, "spec.scaleTargetRef.kind", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.maxReplicas", "FieldValueInvalid",
                       "must be greater than or equal to `minReplicas`"));
}

}  // namespace
}  // namespace wisp::strategies
