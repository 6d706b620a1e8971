// NetworkPolicies: policyTypes and port defaults, validation.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(NetworkPolicyStrategy, PolicyTypesFollowTheRules) {
  auto s = NewNetworkPolicyStrategy();
  Json ingress_only = J(R"({"metadata":{"name":"n","namespace":"d"},"spec":{"podSelector":{},
      "ingress":[{"ports":[{"port":80}]}]}})");
  EXPECT_TRUE(testing::Create(*s, ingress_only).empty());
  EXPECT_EQ(ingress_only["spec"]["policyTypes"], J(R"(["Ingress"])"));
  EXPECT_EQ(ingress_only["spec"]["ingress"][0]["ports"][0]["protocol"], "TCP");
  Json with_egress = J(R"({"metadata":{"name":"n","namespace":"d"},"spec":{"podSelector":{},
      "egress":[{}]}})");
  s->Default(with_egress);
  EXPECT_EQ(with_egress["spec"]["policyTypes"], J(R"(["Ingress","Egress"])"));
}

TEST(NetworkPolicyStrategy, RejectsUnknownPolicyTypes) {
  auto s = NewNetworkPolicyStrategy();
  Json np = J(R"({"metadata":{"name":"n","namespace":"d"},"spec":{"podSelector":{},
      "policyTypes":["Sideways"]}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, np), "spec.policyTypes[0]", "FieldValueNotSupported"));
}

}  // namespace
}  // namespace wisp::strategies
