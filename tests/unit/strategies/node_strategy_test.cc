// Nodes: status kept on create, allocatable default, podCIDR rules.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(NodeStrategy, RegistrationKeepsStatus) {
  auto s = NewNodeStrategy();
  Json node = J(R"({"metadata":{"name":"worker-1"},"spec":{"podCIDR":"10.244.1.0/24"},
      "status":{"capacity":{"cpu":"4","memory":"8Gi"}}})");
  Causes causes = testing::Create(*s, node);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(node["status"]["allocatable"], J(R"({"cpu":"4","memory":"8Gi"})"));
  EXPECT_EQ(node["spec"]["podCIDRs"], J(R"(["10.244.1.0/24"])"));
}

TEST(NodeStrategy, UpdateKeepsStatusAndPodCidr) {
  auto s = NewNodeStrategy();
  Json old = J(R"({"metadata":{"name":"n"},"spec":{"podCIDR":"10.244.1.0/24"},
      "status":{"capacity":{"cpu":"4"}}})");
  testing::Create(*s, old);
  Json update = old;
  update["status"]["capacity"]["cpu"] = "8";
  update["spec"]["unschedulable"] = true;
  EXPECT_TRUE(testing::Update(*s, update, old).empty());
  EXPECT_EQ(update["status"]["capacity"]["cpu"], "4");
  Json moved = old;
  moved["spec"]["podCIDR"] = "10.244.2.0/24";
  moved["spec"]["podCIDRs"] = J(R"(["10.244.2.0/24"])");
  EXPECT_TRUE(HasCause(testing::Update(*s, moved, old), "spec.podCIDRs", "FieldValueForbidden"));
}

}  // namespace
}  // namespace wisp::strategies
