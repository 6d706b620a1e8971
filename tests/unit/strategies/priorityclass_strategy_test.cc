// PriorityClasses: defaults, reserved names, immutable value.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(PriorityClassStrategy, Rules) {
  auto s = NewPriorityClassStrategy();
  Json pc = J(R"({"metadata":{"name":"high"},"value":1000})");
  Causes causes = testing::Create(*s, pc);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(pc["preemptionPolicy"], "PreemptLowerPriority");
  Json reserved = J(R"({"metadata":{"name":"system-mine"},"value":2000000000})");
  causes = testing::Create(*s, reserved);
  EXPECT_TRUE(HasCause(causes, "metadata.name", "FieldValueInvalid",
                       "priority class names with 'system-' prefix are reserved"));
  EXPECT_TRUE(HasCause(causes, "value", "FieldValueForbidden"));
  Json changed = pc;
  changed["value"] = 5;
  EXPECT_TRUE(HasCause(testing::Update(*s, changed, pc), "value", "FieldValueForbidden",
                       "may not be changed in an update."));
}

}  // namespace
}  // namespace wisp::strategies
