// The workload base (through ReplicaSets): selector and template rules,
// replicas, selector immutability, generation and status separation.
#include "strategies/workload.h"

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

TEST(Workload, ReplicaSetErrorsComeInUpstreamsOrder) {
  // ValidateReplicaSetSpec: replicas, minReadySeconds, selector, template; a
  // missing selector selects nothing, so the template's labels mismatch too.
  auto s = NewReplicaSetStrategy();
  Json rs = ReplicaSet();
  rs["spec"]["replicas"] = -1;
  rs["spec"]["minReadySeconds"] = -1;
  rs["spec"].erase("selector");
  rs["spec"]["template"]["spec"]["activeDeadlineSeconds"] = 10;
  Causes causes = testing::Create(*s, rs);
  EXPECT_THAT(Fields(causes), ElementsAre("spec.replicas", "spec.minReadySeconds", "spec.selector",
                                          "spec.template.metadata.labels",
                                          "spec.template.spec.activeDeadlineSeconds"))
      << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.template.spec.activeDeadlineSeconds", "FieldValueForbidden",
                       "Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"));
}

TEST(Workload, IntOrStringPrintsAsGo) {
  EXPECT_EQ(GoIntOrString(Json("0%")), "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}");
  EXPECT_EQ(GoIntOrString(Json(3)), "intstr.IntOrString{Type:0, IntVal:3, StrVal:\"\"}");
  EXPECT_EQ(GoIntOrString(Json()), "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}");
  EXPECT_EQ(GoQuoted("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(GoPointer("apps.X", false), "(*apps.X)(nil)");
  EXPECT_EQ(FieldNotSupportedGo("spec.s", "apps.S{}", {"A", "B"}).message,
            "Unsupported value: apps.S{}: supported values: \"A\", \"B\"");
}

TEST(Workload, IntOrPercentZeroAsGetIntOrPercentValue) {
  for (const char* zero : {"0", "+0", "-00", "0%", "000%", "abc", "5x", "", "-"}) {
    EXPECT_TRUE(IntOrPercentIsZero(Json(zero))) << zero;
  }
  EXPECT_TRUE(IntOrPercentIsZero(Json(0)));
  EXPECT_TRUE(IntOrPercentIsZero(Json()));
  for (const char* nonzero : {"1", "-3", "10%", "007%", "99999999999999999999999"}) {
    EXPECT_FALSE(IntOrPercentIsZero(Json(nonzero))) << nonzero;
  }
  EXPECT_FALSE(IntOrPercentIsZero(Json(-1)));
}

TEST(Workload, PercentsUpTo100) {
  for (const char* ok : {"100%", "0100%", "0%", "5", "abc%", "1000"}) {
    Causes causes;
    ValidateNotMoreThan100Percent(Json(ok), "f", causes);
    EXPECT_TRUE(causes.empty()) << ok;
  }
  for (const char* over : {"101%", "00101%", "1000%", "99999999999999999999999%"}) {
    Causes causes;
    ValidateNotMoreThan100Percent(Json(over), "f", causes);
    EXPECT_EQ(causes.size(), 1u) << over;
  }
  Causes causes;
  ValidatePositiveIntOrPercent(Json("5 %"), "f", causes);
  ValidatePositiveIntOrPercent(Json("%"), "f", causes);
  ValidatePositiveIntOrPercent(Json("12%"), "f", causes);
  ValidatePositiveIntOrPercent(Json(0), "f", causes);
  EXPECT_THAT(Fields(causes), ElementsAre("f", "f"));
}

TEST(Workload, TemplateSecurityAnnotationsAreValidated) {
  auto s = NewReplicaSetStrategy();
  Json rs = ReplicaSet();
  rs["spec"]["template"]["metadata"]["annotations"] =
      J(R"({"container.apparmor.security.beta.kubernetes.io/ghost":"runtime/default"})");
  EXPECT_TRUE(
      HasCause(testing::Create(*s, rs),
               "spec.template.annotations[container.apparmor.security.beta.kubernetes.io/ghost]",
               "FieldValueInvalid", "Invalid value: \"ghost\": container not found"));
}

TEST(Workload, StatefulSetTemplateAnnotationsAreValidated) {
  // StatefulSets leave the template's spec unchecked, not its annotations.
  auto s = NewStatefulSetStrategy();
  Json ss = J(R"({"apiVersion":"apps/v1","kind":"StatefulSet",
      "metadata":{"name":"db","namespace":"d"},"spec":{"serviceName":"db",
        "selector":{"matchLabels":{"app":"db"}},
        "template":{"metadata":{"labels":{"app":"db"},"annotations":{
            "container.apparmor.security.beta.kubernetes.io/c":"bogus",
            "seccomp.security.alpha.kubernetes.io/pod":"localhost/../x"}},
          "spec":{"containers":[{"name":"c","image":"x:1"}]}}}})");
  Causes causes = testing::Create(*s, ss);
  EXPECT_TRUE(HasCause(
      causes, "spec.template.annotations[container.apparmor.security.beta.kubernetes.io/c]",
      "FieldValueInvalid",
      "Invalid value: \"bogus\": invalid AppArmor profile "
      "name: \"bogus\""));
  EXPECT_TRUE(HasCause(causes, "spec.template.annotations.seccomp.security.alpha.kubernetes.io/pod",
                       "FieldValueInvalid", "must not contain '..'"));
}

}  // namespace
}  // namespace wisp::strategies
