// ReplicaSets: defaults.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::J;

TEST(ReplicaSetStrategy, DefaultsReplicasOnly) {
  auto s = NewReplicaSetStrategy();
  Json rs = J(R"({"spec":{"template":{"spec":{"containers":[]}}}})");
  s->Default(rs);
  EXPECT_EQ(rs["spec"]["replicas"], 1);
  EXPECT_FALSE(rs["spec"].contains("revisionHistoryLimit"));
  EXPECT_FALSE(rs["spec"].contains("strategy"));
  Json zero = J(R"({"spec":{"replicas":0}})");
  s->Default(zero);
  EXPECT_EQ(zero["spec"]["replicas"], 0);
}

}  // namespace
}  // namespace wisp::strategies
