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
  EXPECT_TRUE(HasCause(causes, "metadata.name", "FieldValueForbidden",
                       "priority class names with 'system-' prefix are reserved for system use "
                       "only. error: system-mine is not a known system priority class"));
  EXPECT_EQ(causes.size(), 1u) << testing::Describe(causes);  // the value is not checked then
  Json critical = J(R"({"metadata":{"name":"system-node-critical"},"value":5})");
  EXPECT_TRUE(HasCause(testing::Create(*s, critical), "metadata.name", "FieldValueForbidden",
                       "error: value of system-node-critical PriorityClass must be 2000001000"));
  Json user = J(R"({"metadata":{"name":"mine"},"value":2000000000})");
  EXPECT_TRUE(HasCause(testing::Create(*s, user), "value", "FieldValueForbidden"));
  Json changed = pc;
  changed["value"] = 5;
  EXPECT_TRUE(HasCause(testing::Update(*s, changed, pc), "value", "FieldValueForbidden",
                       "may not be changed in an update."));
}

}  // namespace
}  // namespace wisp::strategies
