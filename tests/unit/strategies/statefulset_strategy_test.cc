// StatefulSets: upstream defaults and policy validation.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using ::testing::ElementsAre;
using testing::HasCause;
using testing::J;

std::vector<std::string> Fields(const Causes& causes) {
  std::vector<std::string> fields;
  for (const auto& c : causes) fields.push_back(c.field);
  return fields;
}

Json StatefulSet() {
  return J(R"({"metadata":{"name":"db","namespace":"d"},"spec":{"serviceName":"db",
      "selector":{"matchLabels":{"app":"db"}},
      "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"c","image":"x:1"}]}}}})");
}

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
  EXPECT_THAT(Fields(causes), ElementsAre("spec.podManagementPolicy", "spec.updateStrategy",
                                          "spec.persistentVolumeClaimRetentionPolicy.whenDeleted"))
      << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.podManagementPolicy", "FieldValueInvalid",
                       "Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"));
  EXPECT_TRUE(HasCause(causes, "spec.updateStrategy", "FieldValueInvalid",
                       "Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Sometimes\", "
                       "RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be "
                       "'RollingUpdate' or 'OnDelete'"));
  EXPECT_TRUE(HasCause(causes, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
                       "FieldValueNotSupported",
                       "Unsupported value: \"Shred\": supported values: \"Retain\", \"Delete\""));
}

TEST(StatefulSetStrategy, EmptyPoliciesAreDefaulted) {
  auto s = NewStatefulSetStrategy();
  Json sts = StatefulSet();
  sts["spec"]["podManagementPolicy"] = "";
  sts["spec"]["updateStrategy"] = J(R"({"type":""})");
  sts["spec"]["persistentVolumeClaimRetentionPolicy"] = J(R"({"whenDeleted":"","whenScaled":""})");
  Causes causes = testing::Create(*s, sts);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(sts["spec"]["podManagementPolicy"], "OrderedReady");
  EXPECT_EQ(sts["spec"]["updateStrategy"],
            J(R"({"type":"RollingUpdate","rollingUpdate":{"partition":0}})"));
  EXPECT_EQ(sts["spec"]["persistentVolumeClaimRetentionPolicy"],
            J(R"({"whenDeleted":"Retain","whenScaled":"Retain"})"));
  // Only a defaulted type brings a rollingUpdate along.
  Json explicit_type = StatefulSet();
  explicit_type["spec"]["updateStrategy"] = J(R"({"type":"RollingUpdate"})");
  s->Default(explicit_type);
  EXPECT_EQ(explicit_type["spec"]["updateStrategy"], J(R"({"type":"RollingUpdate"})"));
}

TEST(StatefulSetStrategy, RollingUpdateOnlyForRollingUpdates) {
  auto s = NewStatefulSetStrategy();
  Json sts = StatefulSet();
  sts["spec"]["updateStrategy"] = J(R"({"type":"OnDelete","rollingUpdate":{"partition":2}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, sts), "spec.updateStrategy.rollingUpdate",
                       "FieldValueInvalid",
                       "Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:2, "
                       "MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for "
                       "updateStrategy 'RollingUpdate'"));
  Json negative = StatefulSet();
  negative["spec"]["updateStrategy"] = J(R"({"rollingUpdate":{"partition":-1}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, negative), "spec.updateStrategy.rollingUpdate.partition",
                       "FieldValueInvalid",
                       "Invalid value: -1: must be greater than or equal to 0"));
}

TEST(StatefulSetStrategy, MaxUnavailableIsDroppedWhileItsGateIsOff) {
  auto s = NewStatefulSetStrategy();
  Json sts = StatefulSet();
  sts["spec"]["updateStrategy"] = J(R"({"rollingUpdate":{"maxUnavailable":0}})");
  Causes causes = testing::Create(*s, sts);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(sts["spec"]["updateStrategy"]["rollingUpdate"], J(R"({"partition":0})"));

  // An update keeps (and checks) it only when the stored object has it.
  Json added = sts;
  added["spec"]["updateStrategy"]["rollingUpdate"]["maxUnavailable"] = 2;
  causes = testing::Update(*s, added, sts);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_FALSE(added["spec"]["updateStrategy"]["rollingUpdate"].contains("maxUnavailable"));
  EXPECT_EQ(added["metadata"]["generation"], 1);

  Json stored = sts;
  stored["spec"]["updateStrategy"]["rollingUpdate"]["maxUnavailable"] = 2;
  Json zero = stored;
  zero["spec"]["updateStrategy"]["rollingUpdate"]["maxUnavailable"] = "0%";
  causes = testing::Update(*s, zero, stored);
  EXPECT_THAT(Fields(causes), ElementsAre("spec.updateStrategy.rollingUpdate.maxUnavailable"))
      << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.updateStrategy.rollingUpdate.maxUnavailable",
                       "FieldValueInvalid",
                       "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: "
                       "cannot be 0"));
  Json over = stored;
  over["spec"]["updateStrategy"]["rollingUpdate"]["maxUnavailable"] = "120%";
  EXPECT_TRUE(HasCause(testing::Update(*s, over, stored),
                       "spec.updateStrategy.rollingUpdate.maxUnavailable", "FieldValueInvalid",
                       "must not be greater than 100%"));
}

TEST(StatefulSetStrategy, ErrorsComeInUpstreamsOrder) {
  auto s = NewStatefulSetStrategy();
  Json sts = StatefulSet();
  sts["spec"]["podManagementPolicy"] = "Sometimes";
  sts["spec"]["updateStrategy"] = J(R"({"rollingUpdate":{"partition":-1}})");
  sts["spec"]["persistentVolumeClaimRetentionPolicy"] = J(R"({"whenScaled":"Keep"})");
  sts["spec"]["replicas"] = -1;
  sts["spec"]["minReadySeconds"] = -1;
  sts["spec"]["ordinals"] = J(R"({"start":-1})");
  sts["spec"]["selector"] = Json::object();
  sts["spec"]["template"]["spec"]["activeDeadlineSeconds"] = 5;
  Causes causes = testing::Create(*s, sts);
  EXPECT_THAT(Fields(causes),
              ElementsAre("spec.podManagementPolicy", "spec.updateStrategy.rollingUpdate.partition",
                          "spec.persistentVolumeClaimRetentionPolicy.whenScaled", "spec.replicas",
                          "spec.minReadySeconds", "spec.ordinals.start", "spec.selector",
                          "spec.template.spec.activeDeadlineSeconds"))
      << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.ordinals.start", "FieldValueInvalid",
                       "Invalid value: -1: must be greater than or equal to 0"));
  EXPECT_TRUE(HasCause(causes, "spec.selector", "FieldValueInvalid",
                       "empty selector is invalid for statefulset"));
}

TEST(StatefulSetStrategy, NegativeRevisionHistoryLimitIsAccepted) {
  // v1.32 does not check it for StatefulSets (later releases do).
  auto s = NewStatefulSetStrategy();
  Json sts = StatefulSet();
  sts["spec"]["revisionHistoryLimit"] = -1;
  Causes causes = testing::Create(*s, sts);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
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
