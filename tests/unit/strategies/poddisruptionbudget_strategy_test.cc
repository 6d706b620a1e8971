// PodDisruptionBudgets: minAvailable xor maxUnavailable, percentages.
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

}  // namespace
}  // namespace wisp::strategies
