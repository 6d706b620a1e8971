// Deployments: upstream defaults and rollout strategy validation.
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

Json Deployment() {
  return J(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"d"},
      "spec":{"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web"}},
          "spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}})");
}

TEST(DeploymentStrategy, MinimalDeploymentGetsUpstreamDefaults) {
  auto s = NewDeploymentStrategy();
  Json d = Deployment();
  s->Default(d);
  Json spec = d["spec"];
  spec.erase("template");
  spec.erase("selector");
  EXPECT_EQ(spec, J(R"({"replicas":1,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
      "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}})"));
  EXPECT_EQ(d["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"], "Always");
}

TEST(DeploymentStrategy, TemplateLimitsDoNotBecomeRequests) {
  auto s = NewDeploymentStrategy();
  Json d = Deployment();
  d["spec"]["template"]["spec"]["containers"][0]["resources"] =
      J(R"({"limits":{"cpu":"200m","memory":"128Mi"}})");
  s->Default(d);
  EXPECT_EQ(d["spec"]["template"]["spec"]["containers"][0]["resources"],
            J(R"({"limits":{"cpu":"200m","memory":"128Mi"}})"));
}

TEST(DeploymentStrategy, RecreateGetsNoRollingUpdateDefaults) {
  auto s = NewDeploymentStrategy();
  Json d = Deployment();
  d["spec"]["strategy"] = J(R"({"type":"Recreate"})");
  EXPECT_TRUE(testing::Create(*s, d).empty());
  EXPECT_FALSE(d["spec"]["strategy"].contains("rollingUpdate"));
  d["spec"]["strategy"]["rollingUpdate"] = J(R"({"maxSurge":1})");
  EXPECT_TRUE(HasCause(s->ValidateCreate(d), "spec.strategy.rollingUpdate", "FieldValueForbidden",
                       "may not be specified when strategy `type` is 'Recreate'"));
}

TEST(DeploymentStrategy, RejectsBadStrategies) {
  auto s = NewDeploymentStrategy();
  Json d = Deployment();
  d["spec"]["strategy"] = J(R"({"rollingUpdate":{"maxUnavailable":0,"maxSurge":"0%"}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, d), "spec.strategy.rollingUpdate.maxUnavailable",
                       "FieldValueInvalid", "may not be 0 when `maxSurge` is 0"));
  EXPECT_TRUE(HasCause(s->ValidateCreate(d), "spec.strategy.rollingUpdate.maxUnavailable",
                       "FieldValueInvalid",
                       "Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not "
                       "be 0 when `maxSurge` is 0"));
  // Upstream reports an unknown type on the whole strategy, printed with %#v.
  Json bad_type = Deployment();
  bad_type["spec"]["strategy"] = J(R"({"type":"BlueGreen"})");
  EXPECT_TRUE(HasCause(testing::Create(*s, bad_type), "spec.strategy", "FieldValueNotSupported",
                       "Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", "
                       "RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "
                       "\"Recreate\", \"RollingUpdate\""));
  Json deadline = Deployment();
  deadline["spec"]["minReadySeconds"] = 700;
  EXPECT_TRUE(HasCause(testing::Create(*s, deadline), "spec.progressDeadlineSeconds",
                       "FieldValueInvalid", "must be greater than minReadySeconds"));
}

TEST(DeploymentStrategy, EmptyStrategyTypeDefaultsToRollingUpdate) {
  auto s = NewDeploymentStrategy();
  Json d = Deployment();
  d["spec"]["strategy"] = J(R"({"type":""})");
  Causes causes = testing::Create(*s, d);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(
      d["spec"]["strategy"],
      J(R"({"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}})"));
}

TEST(DeploymentStrategy, RollingUpdateTakesIntegersOrPercents) {
  auto s = NewDeploymentStrategy();
  Json d = Deployment();
  d["spec"]["strategy"] = J(R"({"rollingUpdate":{"maxUnavailable":"abc","maxSurge":-1}})");
  Causes causes = testing::Create(*s, d);
  EXPECT_TRUE(HasCause(causes, "spec.strategy.rollingUpdate.maxUnavailable", "FieldValueInvalid",
                       "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a "
                       "valid percent string must be a numeric string followed by an ending '%' "
                       "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
  EXPECT_TRUE(HasCause(causes, "spec.strategy.rollingUpdate.maxSurge", "FieldValueInvalid",
                       "Invalid value: -1: must be greater than or equal to 0"));

  Json over = Deployment();
  over["spec"]["strategy"] = J(R"({"rollingUpdate":{"maxUnavailable":"150%","maxSurge":"200%"}})");
  causes = testing::Create(*s, over);
  EXPECT_THAT(Fields(causes), ElementsAre("spec.strategy.rollingUpdate.maxUnavailable"));
  EXPECT_TRUE(HasCause(causes, "spec.strategy.rollingUpdate.maxUnavailable", "FieldValueInvalid",
                       "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: "
                       "must not be greater than 100%"));

  Json fine = Deployment();
  fine["spec"]["strategy"] = J(R"({"rollingUpdate":{"maxUnavailable":"100%","maxSurge":0}})");
  causes = testing::Create(*s, fine);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(DeploymentStrategy, ErrorsComeInUpstreamsOrder) {
  auto s = NewDeploymentStrategy();
  Json d = Deployment();
  d["spec"]["replicas"] = -1;
  d["spec"]["minReadySeconds"] = -1;
  d["spec"]["revisionHistoryLimit"] = -1;
  d["spec"]["progressDeadlineSeconds"] = -5;
  d["spec"]["strategy"] = J(R"({"type":"Recreate","rollingUpdate":{}})");
  d["spec"]["template"]["spec"]["activeDeadlineSeconds"] = 30;
  Causes causes = testing::Create(*s, d);
  EXPECT_THAT(Fields(causes),
              ElementsAre("spec.replicas", "spec.template.spec.activeDeadlineSeconds",
                          "spec.strategy.rollingUpdate", "spec.minReadySeconds",
                          "spec.revisionHistoryLimit", "spec.progressDeadlineSeconds",
                          "spec.progressDeadlineSeconds"))
      << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.template.spec.activeDeadlineSeconds", "FieldValueForbidden",
                       "activeDeadlineSeconds in ReplicaSet is not Supported"));
}

TEST(DeploymentStrategy, MissingSelectorAlsoMismatchesTheTemplate) {
  auto s = NewDeploymentStrategy();
  Json d = Deployment();
  d["spec"].erase("selector");
  Causes causes = testing::Create(*s, d);
  EXPECT_THAT(Fields(causes), ElementsAre("spec.selector", "spec.template.metadata.labels"))
      << testing::Describe(causes);
}

}  // namespace
}  // namespace wisp::strategies
