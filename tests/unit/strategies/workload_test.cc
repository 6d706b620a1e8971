// The workload base (through ReplicaSets): selector and template rules,
// replicas, selector immutability, generation and status separation.
#include "strategies/workload.h"

#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

Json ReplicaSet() {
  return J(R"({"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs","namespace":"d"},
      "spec":{"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web"}},
          "spec":{"containers":[{"name":"c","image":"nginx"}]}}}})");
}

TEST(Workload, ValidObjectPasses) {
  auto s = NewReplicaSetStrategy();
  Json rs = ReplicaSet();
  Causes causes = testing::Create(*s, rs);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(rs["metadata"]["generation"], 1);
  EXPECT_EQ(rs["spec"]["template"]["spec"]["dnsPolicy"], "ClusterFirst");
}

TEST(Workload, CreatesStartWithUpstreamsZeroStatus) {
  Json rs = ReplicaSet();
  rs["status"] = J(R"({"replicas":7,"readyReplicas":7})");
  testing::Create(*NewReplicaSetStrategy(), rs);
  EXPECT_EQ(rs["status"], J(R"({"replicas":0})"));
  Json deployment = ReplicaSet();
  testing::Create(*NewDeploymentStrategy(), deployment);
  EXPECT_EQ(deployment["status"], Json::object());
  Json daemonset = ReplicaSet();
  testing::Create(*NewDaemonSetStrategy(), daemonset);
  EXPECT_EQ(daemonset["status"]["numberReady"], 0);
  EXPECT_EQ(daemonset["status"]["desiredNumberScheduled"], 0);
}

TEST(Workload, SelectorRequiredAndMustMatchTemplate) {
  auto s = NewReplicaSetStrategy();
  Json missing = ReplicaSet();
  missing["spec"].erase("selector");
  EXPECT_TRUE(HasCause(testing::Create(*s, missing), "spec.selector", "FieldValueRequired"));
  Json mismatch = ReplicaSet();
  mismatch["spec"]["template"]["metadata"]["labels"]["app"] = "db";
  EXPECT_TRUE(HasCause(testing::Create(*s, mismatch), "spec.template.metadata.labels",
                       "FieldValueInvalid",
                       "Invalid value: map[string]string{\"app\":\"db\"}: `selector` does not "
                       "match template `labels`"));
  Json unlabeled = ReplicaSet();
  unlabeled["spec"]["template"]["metadata"].erase("labels");
  EXPECT_TRUE(HasCause(testing::Create(*s, unlabeled), "spec.template.metadata.labels",
                       "FieldValueInvalid", "Invalid value: map[string]string(nil): `selector`"));
  Json empty = ReplicaSet();
  empty["spec"]["selector"] = Json::object();
  EXPECT_TRUE(HasCause(testing::Create(*s, empty), "spec.selector", "FieldValueInvalid",
                       "empty selector is invalid for deployment"));
}

TEST(Workload, ReplicasAndRestartPolicy) {
  auto s = NewReplicaSetStrategy();
  Json rs = ReplicaSet();
  rs["spec"]["replicas"] = -1;
  rs["spec"]["template"]["spec"]["restartPolicy"] = "Never";
  Causes causes = testing::Create(*s, rs);
  EXPECT_TRUE(
      HasCause(causes, "spec.replicas", "FieldValueInvalid", "must be greater than or equal to 0"));
  EXPECT_TRUE(
      HasCause(causes, "spec.template.spec.restartPolicy", "FieldValueNotSupported", "Always"));
}

TEST(Workload, SelectorIsImmutableAndGenerationTracksSpec) {
  auto s = NewReplicaSetStrategy();
  Json old = ReplicaSet();
  testing::Create(*s, old);
  old["status"] = J(R"({"replicas":1})");

  Json scaled = old;
  scaled["spec"]["replicas"] = 3;
  scaled.erase("status");
  EXPECT_TRUE(testing::Update(*s, scaled, old).empty());
  EXPECT_EQ(scaled["metadata"]["generation"], 2);
  EXPECT_EQ(scaled["status"], J(R"({"replicas":1})"));

  Json relabeled = old;
  relabeled["metadata"]["labels"] = J(R"({"x":"y"})");
  EXPECT_TRUE(testing::Update(*s, relabeled, old).empty());
  EXPECT_EQ(relabeled["metadata"]["generation"], 1);

  Json moved = old;
  moved["spec"]["selector"]["matchLabels"]["tier"] = "x";
  moved["spec"]["template"]["metadata"]["labels"]["tier"] = "x";
  // The new selector is printed as Go's %#v of a metav1.LabelSelector.
  EXPECT_TRUE(HasCause(testing::Update(*s, moved, old), "spec.selector", "FieldValueInvalid",
                       "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"
                       "\"app\":\"web\", \"tier\":\"x\"}, "
                       "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"));
  Json expr = old;
  expr["spec"]["selector"]["matchExpressions"] =
      J(R"([{"key":"k","operator":"In","values":["a","b"]},{"key":"j","operator":"Exists"}])");
  EXPECT_TRUE(HasCause(testing::Update(*s, expr, old), "spec.selector", "FieldValueInvalid",
                       "MatchExpressions:[]v1.LabelSelectorRequirement{"
                       "v1.LabelSelectorRequirement{Key:\"k\", Operator:\"In\", "
                       "Values:[]string{\"a\", \"b\"}}, v1.LabelSelectorRequirement{Key:\"j\", "
                       "Operator:\"Exists\", Values:[]string(nil)}}}: field is immutable"));
}

}  // namespace
}  // namespace wisp::strategies
