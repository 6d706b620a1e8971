// NetworkPolicies: policyTypes and port defaults, validation of ports, peers,
// ipBlocks and policy types.
#include <string>
#include <string_view>

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

// A NetworkPolicy in namespace d whose spec is `spec` (JSON text).
Json Policy(std::string_view spec) {
  Json np = J(R"({"metadata":{"name":"n","namespace":"d"}})");
  np["spec"] = J(spec);
  return np;
}

TEST(NetworkPolicyStrategy, ValidatesPorts) {
  auto s = NewNetworkPolicyStrategy();
  Json np = Policy(R"({"podSelector":{},"ingress":[{"ports":[
      {"protocol":"ICMP","port":0},
      {"port":100,"endPort":50},
      {"port":"http","endPort":90},
      {"endPort":70000},
      {"port":"Web_Port"},
      {"protocol":"SCTP","port":80,"endPort":80}]}]})");
  Causes causes = testing::Create(*s, np);
  const std::string p = "spec.ingress[0].ports";
  EXPECT_TRUE(HasCause(causes, p + "[0].protocol", "FieldValueNotSupported",
                       R"(Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP")"));
  EXPECT_TRUE(HasCause(causes, p + "[0].port", "FieldValueInvalid",
                       "Invalid value: 0: must be between 1 and 65535, inclusive"));
  // Upstream shows the port, not endPort, as the bad value.
  EXPECT_TRUE(HasCause(causes, p + "[1].endPort", "FieldValueInvalid",
                       "Invalid value: 100: must be greater than or equal to `port`"));
  EXPECT_TRUE(HasCause(causes, p + "[2].endPort", "FieldValueInvalid",
                       "Invalid value: 90: may not be specified when `port` is non-numeric"));
  EXPECT_TRUE(HasCause(causes, p + "[3].endPort", "FieldValueInvalid",
                       "Invalid value: 70000: may not be specified when `port` is not specified"));
  EXPECT_TRUE(
      HasCause(causes, p + "[4].port", "FieldValueInvalid", R"(Invalid value: "Web_Port")"));
  for (const auto& c : causes) EXPECT_EQ(c.field.find(p + "[5]"), std::string::npos) << c.field;
}

TEST(NetworkPolicyStrategy, ValidatesEgressPortRange) {
  auto s = NewNetworkPolicyStrategy();
  Json np = Policy(R"({"podSelector":{},"egress":[{"ports":[{"port":80,"endPort":70000}]}]})");
  EXPECT_TRUE(HasCause(testing::Create(*s, np), "spec.egress[0].ports[0].endPort",
                       "FieldValueInvalid",
                       "Invalid value: 70000: must be between 1 and 65535, inclusive"));
}

TEST(NetworkPolicyStrategy, ValidatesPeers) {
  auto s = NewNetworkPolicyStrategy();
  Json np = Policy(R"({"podSelector":{},"ingress":[{"from":[
      {},
      {"ipBlock":{"cidr":"10.0.0.0/8"},"podSelector":{}},
      {"podSelector":{},"namespaceSelector":{"matchLabels":{"a":"b"}}},
      {"namespaceSelector":{"matchLabels":{"bad key!":"x"}}}]}]})");
  Causes causes = testing::Create(*s, np);
  EXPECT_TRUE(HasCause(causes, "spec.ingress[0].from[0]", "FieldValueRequired",
                       "Required value: must specify a peer"));
  EXPECT_TRUE(HasCause(causes, "spec.ingress[0].from[1]", "FieldValueForbidden",
                       "Forbidden: may not specify both ipBlock and another peer"));
  EXPECT_TRUE(HasCause(causes, "spec.ingress[0].from[3].namespaceSelector.matchLabels",
                       "FieldValueInvalid"));
  for (const auto& c : causes) {
    EXPECT_EQ(c.field.find("from[2]"), std::string::npos) << testing::Describe(causes);
  }
}

TEST(NetworkPolicyStrategy, ValidatesIpBlocks) {
  auto s = NewNetworkPolicyStrategy();
  Json np = Policy(R"({"podSelector":{},"egress":[{"to":[
      {"ipBlock":{"cidr":""}},
      {"ipBlock":{"cidr":"10.0.0.0/33","except":["nonsense"]}},
      {"ipBlock":{"cidr":"10.0.0.0/16","except":["10.0.1.0/24","10.1.0.0/24","10.0.0.0/16",
                                                  "10.0.0.0/8","bad","::ffff:10.0.2.0/120"]}},
      {"ipBlock":{"cidr":"2001:db8::/32","except":["2001:db8:1::/48","10.0.0.0/8"]}},
      {"ipBlock":{"cidr":"010.000.0.0/8","except":["10.2.0.0/16"]}}]}]})");
  Causes causes = testing::Create(*s, np);
  const std::string p = "spec.egress[0].to";
  EXPECT_TRUE(HasCause(causes, p + "[0].ipBlock.cidr", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(
      causes, p + "[1].ipBlock.cidr", "FieldValueInvalid",
      R"(Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64))"));
  // A bad cidr stops the block's validation.
  EXPECT_FALSE(HasCause(causes, p + "[1].ipBlock.except[0]", "FieldValueInvalid"));
  const std::string except = p + "[2].ipBlock.except";
  EXPECT_FALSE(HasCause(causes, except + "[0]", "FieldValueInvalid"));
  for (int i : {1, 2, 3}) {
    EXPECT_TRUE(HasCause(causes, except + "[" + std::to_string(i) + "]", "FieldValueInvalid",
                         "must be a strict subset of `cidr`"))
        << i;
  }
  EXPECT_TRUE(HasCause(causes, except + "[4]", "FieldValueInvalid",
                       R"(Invalid value: "bad": must be a valid CIDR value)"));
  // An IPv4-mapped IPv6 except is compared as IPv4, as Go does.
  EXPECT_FALSE(HasCause(causes, except + "[5]", "FieldValueInvalid"));
  EXPECT_FALSE(HasCause(causes, p + "[3].ipBlock.except[0]", "FieldValueInvalid"));
  EXPECT_TRUE(HasCause(causes, p + "[3].ipBlock.except[1]", "FieldValueInvalid",
                       "must be a strict subset of `cidr`"));
  // Leading zeros are accepted (upstream's sloppy parser).
  EXPECT_FALSE(HasCause(causes, p + "[4].ipBlock.cidr", "FieldValueInvalid"));
  EXPECT_FALSE(HasCause(causes, p + "[4].ipBlock.except[0]", "FieldValueInvalid"));
}

TEST(NetworkPolicyStrategy, TooManyPolicyTypesPrintsTheList) {
  auto s = NewNetworkPolicyStrategy();
  Json np = Policy(R"({"podSelector":{},"policyTypes":["Ingress","Egress","Sideways"]})");
  Causes causes = testing::Create(*s, np);
  EXPECT_TRUE(
      HasCause(causes, "spec.policyTypes", "FieldValueInvalid",
               R"(Invalid value: []networking.PolicyType{"Ingress", "Egress", "Sideways"}: )"
               "may not specify more than two policyTypes"));
  // Upstream stops there.
  EXPECT_FALSE(HasCause(causes, "spec.policyTypes[2]", "FieldValueNotSupported"));
}

}  // namespace
}  // namespace wisp::strategies
