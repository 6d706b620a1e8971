// Version conversion: Events between events.k8s.io/v1 and core v1, HPAs
// between autoscaling/v1 and v2, both ways and round trips.
#include "wisp/strategies/conversion.h"

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::J;

constexpr char kEventsV1[] = R"({"apiVersion":"events.k8s.io/v1","kind":"Event",
  "metadata":{"name":"e","namespace":"d"},"eventTime":"2026-01-02T03:04:05.000000Z",
  "regarding":{"kind":"Pod","name":"p","namespace":"d"},"note":"pulled","reason":"Pulled",
  "type":"Normal","action":"Pull","reportingController":"wisp/kubelet",
  "reportingInstance":"n1","deprecatedSource":{"component":"kubelet"},
  "deprecatedFirstTimestamp":"2026-01-02T03:04:05Z","deprecatedLastTimestamp":"2026-01-02T03:04:06Z",
  "deprecatedCount":2,"series":{"count":3,"lastObservedTime":"2026-01-02T03:04:07.000000Z"}})";

TEST(Conversion, EventsV1ToCoreRenamesEveryField) {
  Json e = J(kEventsV1);
  ConvertObject(e, "v1");
  EXPECT_EQ(e, J(R"({"apiVersion":"v1","kind":"Event",
  "metadata":{"name":"e","namespace":"d"},"eventTime":"2026-01-02T03:04:05.000000Z",
  "involvedObject":{"kind":"Pod","name":"p","namespace":"d"},"message":"pulled","reason":"Pulled",
  "type":"Normal","action":"Pull","reportingComponent":"wisp/kubelet",
  "reportingInstance":"n1","source":{"component":"kubelet"},
  "firstTimestamp":"2026-01-02T03:04:05Z","lastTimestamp":"2026-01-02T03:04:06Z",
  "count":2,"series":{"count":3,"lastObservedTime":"2026-01-02T03:04:07.000000Z"}})"));
  ConvertObject(e, "events.k8s.io/v1");
  EXPECT_EQ(e, J(kEventsV1));
}

TEST(Conversion, CoreEventsEmptyStringsAreOmittedInEventsV1) {
  Json e = J(R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"d"},
      "involvedObject":{"kind":"Pod","name":"p"},"message":"m","reason":"R","type":"Normal",
      "reportingComponent":"","reportingInstance":"","eventTime":null,"source":{},
      "firstTimestamp":null,"lastTimestamp":null})");
  ConvertObject(e, "events.k8s.io/v1");
  EXPECT_FALSE(e.contains("reportingController"));
  EXPECT_FALSE(e.contains("reportingInstance"));
  EXPECT_FALSE(e.contains("deprecatedCount"));
  EXPECT_EQ(e["note"], "m");
  EXPECT_TRUE(e["eventTime"].is_null());  // no omitempty in either version
}

TEST(Conversion, SameVersionAndUnknownKindsAreLeftAlone) {
  Json e = J(kEventsV1);
  ConvertObject(e, "events.k8s.io/v1");
  EXPECT_EQ(e, J(kEventsV1));
  Json cm = J(R"({"apiVersion":"v1","kind":"ConfigMap","note":"x"})");
  ConvertObject(cm, "events.k8s.io/v1");
  EXPECT_EQ(cm, J(R"({"apiVersion":"v1","kind":"ConfigMap","note":"x"})"));
  Json bad = J("[1]");
  ConvertObject(bad, "v1");
  EXPECT_EQ(bad, J("[1]"));
}

TEST(Conversion, StorageVersionsAndFieldLabels) {
  auto registry = api::NewBuiltInRegistry();
  const api::ResourceInfo* events = registry->Find("events.k8s.io", "v1", "events");
  const api::ResourceInfo* core = registry->Find("", "v1", "events");
  const api::ResourceInfo* hpa1 = registry->Find("autoscaling", "v1", "horizontalpodautoscalers");
  const api::ResourceInfo* pods = registry->Find("", "v1", "pods");
  ASSERT_TRUE(events && core && hpa1 && pods);
  EXPECT_EQ(StorageVersion(*events), "v1");
  EXPECT_EQ(StorageVersion(*core), "v1");
  EXPECT_EQ(StorageVersion(*hpa1), "autoscaling/v2");
  EXPECT_EQ(StorageVersion(*pods), "");
  EXPECT_EQ(StorageFieldLabel(*events, "regarding.name"), "involvedObject.name");
  EXPECT_EQ(StorageFieldLabel(*events, "reportingController"), "reportingComponent");
  EXPECT_EQ(StorageFieldLabel(*events, "reason"), "reason");
  EXPECT_EQ(StorageFieldLabel(*core, "involvedObject.name"), "involvedObject.name");
}

constexpr char kHpaV2[] = R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
  "metadata":{"name":"h","namespace":"d"},
  "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
    "minReplicas":1,"maxReplicas":10,
    "metrics":[
      {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}},
      {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}},
      {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"10"}}},
      {"type":"External","external":{"metric":{"name":"queue","selector":{"matchLabels":{"q":"a"}}},
        "target":{"type":"Value","value":"30"}}}],
    "behavior":{"scaleDown":{"stabilizationWindowSeconds":60,"selectPolicy":"Max",
      "policies":[{"type":"Percent","value":50,"periodSeconds":15}]}}},
  "status":{"currentReplicas":2,"desiredReplicas":3,
    "currentMetrics":[
      {"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":70,"averageValue":"140m"}}},
      {"type":"Pods","pods":{"metric":{"name":"qps"},"current":{"averageValue":"12"}}}],
    "conditions":[{"type":"AbleToScale","status":"True","reason":"ReadyForNewScale",
      "lastTransitionTime":"2026-01-02T03:04:05Z"}]}})";

TEST(Conversion, HpaV2ToV1KeepsWhatV1CannotSayInAnnotations) {
  Json h = J(kHpaV2);
  ConvertObject(h, "autoscaling/v1");
  EXPECT_EQ(h["apiVersion"], "autoscaling/v1");
  EXPECT_EQ(h["spec"]["targetCPUUtilizationPercentage"], 60);
  EXPECT_FALSE(h["spec"].contains("metrics"));
  EXPECT_FALSE(h["spec"].contains("behavior"));
  EXPECT_EQ(h["status"]["currentCPUUtilizationPercentage"], 70);
  EXPECT_FALSE(h["status"].contains("currentMetrics"));
  EXPECT_FALSE(h["status"].contains("conditions"));
  const Json& a = h["metadata"]["annotations"];
  EXPECT_EQ(Json::parse(a["autoscaling.alpha.kubernetes.io/metrics"].get<std::string>()),
            J(R"([{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}},
                  {"type":"Pods","pods":{"metricName":"qps","targetAverageValue":"10"}},
                  {"type":"External","external":{"metricName":"queue",
                    "metricSelector":{"matchLabels":{"q":"a"}},"targetValue":"30"}}])"));
  EXPECT_EQ(Json::parse(a["autoscaling.alpha.kubernetes.io/current-metrics"].get<std::string>()),
            J(R"([{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":70,
                    "currentAverageValue":"140m"}},
                  {"type":"Pods","pods":{"metricName":"qps","currentAverageValue":"12"}}])"));
  EXPECT_EQ(Json::parse(a["autoscaling.alpha.kubernetes.io/conditions"].get<std::string>()),
            J(kHpaV2)["status"]["conditions"]);
  // Upstream marshals its untagged internal type: Go field names, nulls.
  EXPECT_EQ(Json::parse(a["autoscaling.alpha.kubernetes.io/behavior"].get<std::string>()),
            J(R"({"ScaleUp":null,"ScaleDown":{"StabilizationWindowSeconds":60,"SelectPolicy":"Max",
                  "Policies":[{"Type":"Percent","Value":50,"PeriodSeconds":15}]}})"));
}

// A v1 client that sends back what it read keeps nothing stale: annotations
// from a previous conversion are replaced by the object's own state.
TEST(Conversion, HpaV1StatusAlwaysCarriesBothReplicaCounts) {
  Json h = J(R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
      "metadata":{"name":"h"},"spec":{"maxReplicas":3},"status":{"desiredReplicas":0}})");
  ConvertObject(h, "autoscaling/v1");
  EXPECT_EQ(h["status"], J(R"({"currentReplicas":0,"desiredReplicas":0})"));
}

TEST(Conversion, HpaV2ToV1DropsStaleRoundTripAnnotations) {
  Json h = J(kHpaV2);
  h["metadata"]["annotations"] = {{"autoscaling.alpha.kubernetes.io/metrics", "[]"},
                                  {"other", "kept"}};
  h["spec"]["metrics"] = Json::array({h["spec"]["metrics"][0]});
  ConvertObject(h, "autoscaling/v1");
  EXPECT_FALSE(h["metadata"]["annotations"].contains("autoscaling.alpha.kubernetes.io/metrics"));
  EXPECT_EQ(h["metadata"]["annotations"]["other"], "kept");
}

TEST(Conversion, HpaRoundTripThroughV1LosesNothing) {
  Json h = J(kHpaV2);
  ConvertObject(h, "autoscaling/v1");
  ConvertObject(h, "autoscaling/v2");
  Json want = J(kHpaV2);
  // v1 carries the CPU utilization metric last, after the annotation's.
  Json& metrics = want["spec"]["metrics"];
  metrics.push_back(metrics[0]);
  metrics.erase(metrics.begin());
  EXPECT_EQ(h, want);
}

TEST(Conversion, HpaV1ToV2MakesTheCpuTargetAMetric) {
  Json h = J(R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler",
    "metadata":{"name":"h","annotations":{"keep":"me"}},
    "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":4,
      "targetCPUUtilizationPercentage":50}})");
  ConvertObject(h, "autoscaling/v2");
  EXPECT_EQ(h, J(R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
    "metadata":{"name":"h","annotations":{"keep":"me"}},
    "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":4,
      "metrics":[{"type":"Resource","resource":{"name":"cpu",
        "target":{"type":"Utilization","averageUtilization":50}}}]}})"));
}

// autoscaling/v1 formerly had an implicit 80% CPU target; upstream makes it
// explicit when a v1 object without a target is converted.
TEST(Conversion, HpaV1WithoutATargetGetsTheImplicitCpuTarget) {
  Json h = J(R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler",
    "metadata":{"name":"h"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},
    "maxReplicas":4},"status":{"currentReplicas":1,"currentCPUUtilizationPercentage":20}})");
  ConvertObject(h, "autoscaling/v2");
  EXPECT_EQ(h["spec"]["metrics"], J(R"([{"type":"Resource","resource":{"name":"cpu",
        "target":{"type":"Utilization","averageUtilization":80}}}])"));
  EXPECT_EQ(h["status"], J(R"({"currentReplicas":1,"currentMetrics":[{"type":"Resource",
        "resource":{"name":"cpu","current":{"averageUtilization":20}}}]})"));
  ConvertObject(h, "autoscaling/v1");
  EXPECT_EQ(h["spec"]["targetCPUUtilizationPercentage"], 80);
  EXPECT_EQ(h["status"]["currentCPUUtilizationPercentage"], 20);
  // Every current metric also travels in the annotation, the CPU one included.
  EXPECT_EQ(h["metadata"]["annotations"].size(), 1u);
  EXPECT_TRUE(
      h["metadata"]["annotations"].contains("autoscaling.alpha.kubernetes.io/current-metrics"));
}

}  // namespace
}  // namespace wisp::strategies
