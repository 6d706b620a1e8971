// DaemonSets: upstream defaults and update strategy validation.
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

Json DaemonSet() {
  return J(R"({"metadata":{"name":"agent","namespace":"kube-system"},"spec":{
      "selector":{"matchLabels":{"app":"agent"}},
      "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}})");
}

TEST(DaemonSetStrategy, DefaultsRollingUpdate) {
  auto s = NewDaemonSetStrategy();
  Json ds = DaemonSet();
  EXPECT_TRUE(testing::Create(*s, ds).empty());
  EXPECT_EQ(ds["spec"]["updateStrategy"],
            J(R"({"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}})"));
  EXPECT_EQ(ds["spec"]["revisionHistoryLimit"], 10);
  EXPECT_FALSE(ds["spec"].contains("replicas"));
}

TEST(DaemonSetStrategy, RejectsUnknownUpdateStrategy) {
  auto s = NewDaemonSetStrategy();
  Json ds = DaemonSet();
  ds["spec"]["updateStrategy"] = J(R"({"type":"Canary"})");
  // Upstream reports it on the whole strategy, printed with %#v.
  EXPECT_TRUE(HasCause(testing::Create(*s, ds), "spec.updateStrategy", "FieldValueNotSupported",
                       "Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Canary\", "
                       "RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "
                       "\"RollingUpdate\", \"OnDelete\""));
}

TEST(DaemonSetStrategy, EmptyUpdateStrategyTypeDefaultsToRollingUpdate) {
  auto s = NewDaemonSetStrategy();
  Json ds = DaemonSet();
  ds["spec"]["updateStrategy"] = J(R"({"type":""})");
  Causes causes = testing::Create(*s, ds);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(ds["spec"]["updateStrategy"]["type"], "RollingUpdate");
}

TEST(DaemonSetStrategy, ExactlyOneOfMaxUnavailableAndMaxSurgeIsNonZero) {
  auto s = NewDaemonSetStrategy();
  Json none = DaemonSet();
  none["spec"]["updateStrategy"] = J(R"({"rollingUpdate":{"maxUnavailable":"0%","maxSurge":0}})");
  Causes causes = testing::Create(*s, none);
  EXPECT_THAT(Fields(causes), ElementsAre("spec.updateStrategy.rollingUpdate.maxUnavailable"));
  EXPECT_TRUE(HasCause(causes, "spec.updateStrategy.rollingUpdate.maxUnavailable",
                       "FieldValueRequired", "Required value: cannot be 0 when maxSurge is 0"));

  Json both = DaemonSet();
  both["spec"]["updateStrategy"] = J(R"({"rollingUpdate":{"maxUnavailable":1,"maxSurge":1}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, both), "spec.updateStrategy.rollingUpdate.maxSurge",
                       "FieldValueInvalid",
                       "Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may "
                       "not be set when maxUnavailable is non-zero"));

  Json surge = DaemonSet();
  surge["spec"]["updateStrategy"] = J(R"({"rollingUpdate":{"maxUnavailable":0,"maxSurge":"20%"}})");
  causes = testing::Create(*s, surge);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);

  // OnDelete leaves its rollingUpdate unchecked.
  Json on_delete = DaemonSet();
  on_delete["spec"]["updateStrategy"] =
      J(R"({"type":"OnDelete","rollingUpdate":{"maxUnavailable":0,"maxSurge":0}})");
  causes = testing::Create(*s, on_delete);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(DaemonSetStrategy, RollingUpdateTakesIntegersOrPercentsUpTo100) {
  auto s = NewDaemonSetStrategy();
  Json ds = DaemonSet();
  ds["spec"]["updateStrategy"] =
      J(R"({"rollingUpdate":{"maxUnavailable":"1x","maxSurge":"101%"}})");
  Causes causes = testing::Create(*s, ds);
  EXPECT_THAT(Fields(causes), ElementsAre("spec.updateStrategy.rollingUpdate.maxUnavailable",
                                          "spec.updateStrategy.rollingUpdate.maxSurge"))
      << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.updateStrategy.rollingUpdate.maxUnavailable",
                       "FieldValueInvalid",
                       "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"1x\"}: a valid percent "
                       "string must be a numeric string followed by an ending '%'"));
  EXPECT_TRUE(HasCause(causes, "spec.updateStrategy.rollingUpdate.maxSurge", "FieldValueInvalid",
                       "StrVal:\"101%\"}: must not be greater than 100%"));

  Json negative = DaemonSet();
  negative["spec"]["updateStrategy"] = J(R"({"rollingUpdate":{"maxUnavailable":-2}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, negative),
                       "spec.updateStrategy.rollingUpdate.maxUnavailable", "FieldValueInvalid",
                       "Invalid value: -2: must be greater than or equal to 0"));
}

TEST(DaemonSetStrategy, ErrorsComeInUpstreamsOrder) {
  auto s = NewDaemonSetStrategy();
  Json ds = DaemonSet();
  ds["spec"]["minReadySeconds"] = -1;
  ds["spec"]["revisionHistoryLimit"] = -1;
  ds["spec"]["updateStrategy"] = J(R"({"type":"Canary"})");
  ds["spec"]["template"]["spec"]["activeDeadlineSeconds"] = 30;
  Causes causes = testing::Create(*s, ds);
  EXPECT_THAT(Fields(causes),
              ElementsAre("spec.template.spec.activeDeadlineSeconds", "spec.minReadySeconds",
                          "spec.updateStrategy", "spec.revisionHistoryLimit"))
      << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.template.spec.activeDeadlineSeconds", "FieldValueForbidden",
                       "activeDeadlineSeconds in DaemonSet is not Supported"));
}

TEST(DaemonSetStrategy, MissingSelectorSelectsNothing) {
  // Upstream's DaemonSet validation has no Required check for the selector.
  auto s = NewDaemonSetStrategy();
  Json ds = DaemonSet();
  ds["spec"].erase("selector");
  Causes causes = testing::Create(*s, ds);
  EXPECT_THAT(Fields(causes), ElementsAre("spec.template.metadata.labels"))
      << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.template.metadata.labels", "FieldValueInvalid",
                       "Invalid value: map[string]string{\"app\":\"agent\"}: `selector` does "
                       "not match template `labels`"));
}

}  // namespace
}  // namespace wisp::strategies
