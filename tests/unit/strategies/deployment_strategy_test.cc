// Deployments: upstream defaults and rollout strategy validation.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

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
  Json bad_type = Deployment();
  bad_type["spec"]["strategy"] = J(R"({"type":"BlueGreen"})");
  EXPECT_TRUE(
      HasCause(testing::Create(*s, bad_type), "spec.strategy.type", "FieldValueNotSupported"));
  Json deadline = Deployment();
  deadline["spec"]["minReadySeconds"] = 700;
  EXPECT_TRUE(HasCause(testing::Create(*s, deadline), "spec.progressDeadlineSeconds",
                       "FieldValueInvalid", "must be greater than minReadySeconds"));
}

}  // namespace
}  // namespace wisp::strategies
