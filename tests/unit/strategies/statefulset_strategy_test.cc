// StatefulSets: upstream defaults and policy validation.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(StatefulSetStrategy, MinimalStatefulSetGetsUpstreamDefaults) {
  auto s = NewStatefulSetStrategy();
  Json sts = J(R"({"metadata":{"name":"db","namespace":"d"},"spec":{"serviceName":"db",
      "selector":{"matchLabels":{"app":"db"}},
      "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"c","image":"x:1"}]}},
      "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"]}}]}})");
  Causes causes = testing::Create(*s, sts);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  Json spec = sts["spec"];
  EXPECT_EQ(spec["replicas"], 1);
  EXPECT_EQ(spec["podManagementPolicy"], "OrderedReady");
  EXPECT_EQ(spec["updateStrategy"],
            J(R"({"type":"RollingUpdate","rollingUpdate":{"partition":0}})"));
  EXPECT_EQ(spec["revisionHistoryLimit"], 10);
  EXPECT_EQ(spec["persistentVolumeClaimRetentionPolicy"],
            J(R"({"whenDeleted":"Retain","whenScaled":"Retain"})"));
  EXPECT_EQ(spec["volumeClaimTemplates"][0]["spec"]["volumeMode"], "Filesystem");
}

TEST(StatefulSetStrategy, MountsMayNameClaimTemplates) {
  // The documented example: the container mounts a claim template, which
  // is not a pod volume; upstream does not validate the template's pod spec.
  auto s = NewStatefulSetStrategy();
  Json sts = J(R"({"metadata":{"name":"db","namespace":"d"},"spec":{"serviceName":"db",
      "selector":{"matchLabels":{"app":"db"}},
      "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"c",
        "image":"x:1","volumeMounts":[{"name":"data","mountPath":"/data"}]}]}},
      "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"]},
        "status":{}}]}})");
  Causes causes = testing::Create(*s, sts);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(sts["spec"]["volumeClaimTemplates"][0]["status"], J(R"({"phase":"Pending"})"));
  Json deadline = sts;
  deadline["spec"]["template"]["spec"]["activeDeadlineSeconds"] = 5;
  EXPECT_TRUE(HasCause(testing::Create(*s, deadline), "spec.template.spec.activeDeadlineSeconds",
                       "FieldValueForbidden", "not Supported"));
}

TEST(StatefulSetStrategy, RejectsUnknownPolicies) {
  auto s = NewStatefulSetStrategy();
  Json sts = J(R"({"metadata":{"name":"db","namespace":"d"},"spec":{
      "podManagementPolicy":"Random","updateStrategy":{"type":"Sometimes"},
      "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Shred"},
      "selector":{"matchLabels":{"app":"db"}},
      "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}})");
  Causes causes = testing::Create(*s, sts);
  EXPECT_TRUE(HasCause(causes, "spec.podManagementPolicy", "FieldValueNotSupported"));
  EXPECT_TRUE(HasCause(causes, "spec.updateStrategy.type", "FieldValueNotSupported"));
  EXPECT_TRUE(HasCause(causes, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
                       "FieldValueNotSupported"));
}

TEST(StatefulSetStrategy, OnlyUpstreamsMutableSpecFieldsMayChange) {
  auto s = NewStatefulSetStrategy();
  Json sts = J(R"({"metadata":{"name":"db","namespace":"d"},"spec":{"serviceName":"db",
      "selector":{"matchLabels":{"app":"db"}},
      "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"c","image":"x:1"}]}}}})");
  ASSERT_TRUE(testing::Create(*s, sts).empty());
  Json scaled = sts;
  scaled["spec"]["replicas"] = 3;
  scaled["spec"]["template"]["spec"]["containers"][0]["image"] = "x:2";
  scaled["spec"]["minReadySeconds"] = 5;
  EXPECT_TRUE(testing::Update(*s, scaled, sts).empty());
  for (const char* field : {"serviceName", "podManagementPolicy", "selector"}) {
    Json changed = sts;
    changed["spec"][field] = std::string(field) == "selector"
                                 ? J(R"({"matchLabels":{"app":"other"}})")
                                 : Json(std::string(field) == "serviceName" ? "other" : "Parallel");
    Causes causes = testing::Update(*s, changed, sts);
    EXPECT_TRUE(HasCause(causes, "spec", "FieldValueForbidden"))
        << field << testing::Describe(causes);
  }
}

}  // namespace
}  // namespace wisp::strategies
