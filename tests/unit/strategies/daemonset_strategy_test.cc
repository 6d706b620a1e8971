// DaemonSets: upstream defaults and update strategy validation.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

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
  EXPECT_TRUE(
      HasCause(testing::Create(*s, ds), "spec.updateStrategy.type", "FieldValueNotSupported"));
}

}  // namespace
}  // namespace wisp::strategies
