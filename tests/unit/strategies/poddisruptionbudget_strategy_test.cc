// PodDisruptionBudgets: minAvailable xor maxUnavailable, percentages and the
// unhealthy pod eviction policy.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(PodDisruptionBudgetStrategy, Rules) {
  auto s = NewPodDisruptionBudgetStrategy();
  Json ok = J(R"({"metadata":{"name":"p","namespace":"d"},"spec":{"minAvailable":"50%",
      "selector":{"matchLabels":{"app":"web"}}}})");
  Causes causes = testing::Create(*s, ok);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  Json both = J(R"({"metadata":{"name":"p","namespace":"d"},"spec":{"minAvailable":1,
      "maxUnavailable":"150%"}})");
  causes = testing::Create(*s, both);
  EXPECT_TRUE(HasCause(causes, "spec", "FieldValueInvalid",
                       "minAvailable and maxUnavailable cannot be both set"));
  EXPECT_TRUE(HasCause(causes, "spec.maxUnavailable", "FieldValueInvalid"));
}

TEST(PodDisruptionBudgetStrategy, PercentsPrintTheIntOrString) {
  auto s = NewPodDisruptionBudgetStrategy();
  Json over = J(R"({"metadata":{"name":"p","namespace":"d"},"spec":{"maxUnavailable":"150%"}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, over), "spec.maxUnavailable", "FieldValueInvalid",
                       R"(Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: )"
                       "must not be greater than 100%"));
  Json word = J(R"({"metadata":{"name":"p","namespace":"d"},"spec":{"minAvailable":"half"}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, word), "spec.minAvailable", "FieldValueInvalid",
                       R"(Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: )"
                       "a valid percent string must be a numeric string followed by an ending "
                       "'%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
  Json negative = J(R"({"metadata":{"name":"p","namespace":"d"},"spec":{"minAvailable":-1}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, negative), "spec.minAvailable", "FieldValueInvalid",
                       "Invalid value: -1: must be greater than or equal to 0"));
  Json full = J(R"({"metadata":{"name":"p","namespace":"d"},"spec":{"maxUnavailable":"0100%"}})");
  Causes causes = testing::Create(*s, full);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(PodDisruptionBudgetStrategy, UnhealthyPodEvictionPolicyIsAnEnum) {
  auto s = NewPodDisruptionBudgetStrategy();
  for (const char* policy : {"Never", ""}) {
    Json pdb = J(R"({"metadata":{"name":"p","namespace":"d"},"spec":{"minAvailable":1}})");
    pdb["spec"]["unhealthyPodEvictionPolicy"] = policy;
    EXPECT_TRUE(HasCause(testing::Create(*s, pdb), "spec.unhealthyPodEvictionPolicy",
                         "FieldValueNotSupported",
                         R"(supported values: "AlwaysAllow", "IfHealthyBudget")"))
        << policy;
  }
  Json ok = J(R"({"metadata":{"name":"p","namespace":"d"},"spec":{"minAvailable":1,
      "unhealthyPodEvictionPolicy":"AlwaysAllow"}})");
  Causes causes = testing::Create(*s, ok);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

}  // namespace
}  // namespace wisp::strategies
