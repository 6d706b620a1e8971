// Services: upstream defaults, type/port validation, allocated values kept
// on update and the clusterIP rule.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

Json Service() {
  return J(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"d"},
      "spec":{"selector":{"app":"web"},"ports":[{"port":80}]}})");
}

TEST(ServiceStrategy, MinimalServiceGetsUpstreamDefaults) {
  auto s = NewServiceStrategy();
  Json svc = Service();
  Causes causes = testing::Create(*s, svc);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(svc["spec"], J(R"({"selector":{"app":"web"},
      "ports":[{"port":80,"protocol":"TCP","targetPort":80}],
      "type":"ClusterIP","sessionAffinity":"None","internalTrafficPolicy":"Cluster",
      "ipFamilyPolicy":"SingleStack","ipFamilies":["IPv4"]})"));
  EXPECT_EQ(svc["status"], J(R"({"loadBalancer":{}})"));
}

TEST(ServiceStrategy, SessionAffinityConfigFollowsTheAffinity) {
  auto s = NewServiceStrategy();
  Json client = Service();
  client["spec"]["sessionAffinity"] = "ClientIP";
  client["spec"]["sessionAffinityConfig"] = J(R"({"clientIP":{}})");
  EXPECT_TRUE(testing::Create(*s, client).empty());
  EXPECT_EQ(client["spec"]["sessionAffinityConfig"], J(R"({"clientIP":{"timeoutSeconds":10800}})"));
  Json none = Service();
  none["spec"]["sessionAffinityConfig"] = J(R"({"clientIP":{"timeoutSeconds":60}})");
  EXPECT_TRUE(testing::Create(*s, none).empty());
  EXPECT_FALSE(none["spec"].contains("sessionAffinityConfig"));
  Json zero = Service();
  zero["spec"]["sessionAffinity"] = "ClientIP";
  zero["spec"]["sessionAffinityConfig"] = J(R"({"clientIP":{"timeoutSeconds":0}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, zero),
                       "spec.sessionAffinityConfig.clientIP.timeoutSeconds", "FieldValueInvalid",
                       "must be greater than 0 and less than 86400"));
}

TEST(ServiceStrategy, AnExternalNameMayBeFullyQualified) {
  auto s = NewServiceStrategy();
  Json svc = J(R"({"metadata":{"name":"db","namespace":"d"},
      "spec":{"type":"ExternalName","externalName":"db.example.com."}})");
  Causes causes = testing::Create(*s, svc);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(svc["spec"]["externalName"], "db.example.com.");
}

TEST(ServiceStrategy, BecomingExternalNameDropsTheVirtualIp) {
  auto s = NewServiceStrategy();
  Json old = Service();
  ASSERT_TRUE(testing::Create(*s, old).empty());
  old["spec"]["clusterIP"] = "10.96.0.10";
  old["spec"]["clusterIPs"] = J(R"(["10.96.0.10"])");
  old["metadata"]["resourceVersion"] = "3";
  Json next = old;
  next["spec"]["type"] = "ExternalName";
  next["spec"]["externalName"] = "db.example.com";
  Causes causes = testing::Update(*s, next, old);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  for (const char* gone :
       {"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy"}) {
    EXPECT_FALSE(next["spec"].contains(gone)) << gone;
  }
}

TEST(ServiceStrategy, NodePortAndLoadBalancerDefaults) {
  auto s = NewServiceStrategy();
  Json svc = Service();
  svc["spec"]["type"] = "LoadBalancer";
  svc["spec"]["sessionAffinity"] = "ClientIP";
  svc["spec"]["ports"][0]["targetPort"] = "http";
  s->Default(svc);
  EXPECT_EQ(svc["spec"]["externalTrafficPolicy"], "Cluster");
  EXPECT_EQ(svc["spec"]["allocateLoadBalancerNodePorts"], true);
  EXPECT_EQ(svc["spec"]["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"], 10800);
  EXPECT_EQ(svc["spec"]["ports"][0]["targetPort"], "http");
}

TEST(ServiceStrategy, ExternalNameHasNoClusterDefaults) {
  auto s = NewServiceStrategy();
  Json svc = J(R"({"metadata":{"name":"ext","namespace":"d"},
      "spec":{"type":"ExternalName","externalName":"example.com"}})");
  Causes causes = testing::Create(*s, svc);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_FALSE(svc["spec"].contains("internalTrafficPolicy"));
  EXPECT_FALSE(svc["spec"].contains("ipFamilyPolicy"));
  svc["spec"].erase("externalName");
  EXPECT_TRUE(HasCause(s->ValidateCreate(svc), "spec.externalName", "FieldValueRequired"));
}

TEST(ServiceStrategy, PortsRules) {
  auto s = NewServiceStrategy();
  Json none = Service();
  none["spec"]["ports"] = Json::array();
  EXPECT_TRUE(HasCause(testing::Create(*s, none), "spec.ports", "FieldValueRequired"));
  Json headless = none;
  headless["spec"]["clusterIP"] = "None";
  EXPECT_FALSE(HasCause(testing::Create(*s, headless), "spec.ports", "FieldValueRequired"));
  for (const char* type : {"NodePort", "LoadBalancer"}) {
    Json exposed = Service();
    exposed["spec"]["clusterIP"] = "None";
    exposed["spec"]["type"] = type;
    EXPECT_TRUE(HasCause(testing::Create(*s, exposed), "spec.clusterIPs[0]", "FieldValueInvalid",
                         std::string("may not be set to 'None' for ") + type + " services"));
  }

  Json multi = Service();
  multi["spec"]["ports"] = J(R"([{"port":80},{"name":"b","port":0},{"name":"b","port":443,
      "protocol":"ICMP"},{"name":"c","port":80,"protocol":"TCP","nodePort":30000}])");
  Causes causes = testing::Create(*s, multi);
  EXPECT_TRUE(HasCause(causes, "spec.ports[0].name", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.ports[1].port", "FieldValueInvalid"));
  EXPECT_TRUE(HasCause(causes, "spec.ports[2].name", "FieldValueDuplicate"));
  EXPECT_TRUE(HasCause(causes, "spec.ports[2].protocol", "FieldValueNotSupported"));
  EXPECT_TRUE(HasCause(causes, "spec.ports[3].nodePort", "FieldValueForbidden"));
  EXPECT_TRUE(HasCause(causes, "spec.ports[3]", "FieldValueDuplicate"));
}

TEST(ServiceStrategy, TypeAndNameRules) {
  auto s = NewServiceStrategy();
  Json svc = Service();
  svc["spec"]["type"] = "Magic";
  EXPECT_TRUE(HasCause(testing::Create(*s, svc), "spec.type", "FieldValueNotSupported",
                       "\"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
  Json bad_name = Service();
  bad_name["metadata"]["name"] = "1web";  // DNS-1035 labels start with a letter
  EXPECT_TRUE(HasCause(testing::Create(*s, bad_name), "metadata.name", "FieldValueInvalid"));
}

TEST(ServiceStrategy, UpdateKeepsAllocatedValuesAndClusterIpIsImmutable) {
  auto s = NewServiceStrategy();
  Json old = Service();
  old["spec"]["type"] = "NodePort";
  testing::Create(*s, old);
  old["spec"]["clusterIP"] = "10.96.0.10";
  old["spec"]["clusterIPs"] = J(R"(["10.96.0.10"])");
  old["spec"]["ports"][0]["nodePort"] = 30080;

  Json replace = Service();  // a client that never saw the allocated values
  replace["spec"]["type"] = "NodePort";
  Causes causes = testing::Update(*s, replace, old);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(replace["spec"]["clusterIP"], "10.96.0.10");
  EXPECT_EQ(replace["spec"]["clusterIPs"], J(R"(["10.96.0.10"])"));
  EXPECT_EQ(replace["spec"]["ports"][0]["nodePort"], 30080);

  Json moved = old;
  moved["spec"]["clusterIP"] = "10.96.0.11";
  moved["spec"]["clusterIPs"] = J(R"(["10.96.0.11"])");
  EXPECT_TRUE(HasCause(testing::Update(*s, moved, old), "spec.clusterIPs[0]", "FieldValueInvalid",
                       "may not change once set"));
  // An older client that changes only clusterIP is refused the same way,
  // not left with clusterIP and clusterIPs disagreeing.
  Json singular = old;
  singular["spec"]["clusterIP"] = "10.96.0.55";
  EXPECT_TRUE(HasCause(testing::Update(*s, singular, old), "spec.clusterIPs[0]",
                       "FieldValueInvalid", "may not change once set"));
}

TEST(ServiceStrategy, TrafficPolicyAndHealthCheckPort) {
  auto s = NewServiceStrategy();
  Json internal = Service();
  internal["spec"]["externalTrafficPolicy"] = "Local";
  EXPECT_TRUE(HasCause(testing::Create(*s, internal), "spec.externalTrafficPolicy",
                       "FieldValueInvalid", "may only be set for externally-accessible services"));
  Json odd = Service();
  odd["spec"]["type"] = "NodePort";
  odd["spec"]["externalTrafficPolicy"] = "Global";
  odd["spec"]["healthCheckNodePort"] = 30100;
  Causes causes = testing::Create(*s, odd);
  EXPECT_TRUE(HasCause(causes, "spec.externalTrafficPolicy", "FieldValueNotSupported"));
  EXPECT_TRUE(HasCause(causes, "spec.healthCheckNodePort", "FieldValueInvalid",
                       "may only be set when `type` is 'LoadBalancer' and "
                       "`externalTrafficPolicy` is 'Local'"));
  Json external_ips = Service();
  external_ips["spec"]["externalIPs"] = J(R"(["192.0.2.1"])");
  causes = testing::Create(*s, external_ips);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(external_ips["spec"]["externalTrafficPolicy"], "Cluster");

  // An update that omits the allocated port keeps it; leaving Local drops it.
  Json old = Service();
  old["spec"]["type"] = "LoadBalancer";
  old["spec"]["externalTrafficPolicy"] = "Local";
  testing::Create(*s, old);
  old["spec"]["healthCheckNodePort"] = 30100;
  Json same = old;
  same["spec"].erase("healthCheckNodePort");
  EXPECT_TRUE(testing::Update(*s, same, old).empty());
  EXPECT_EQ(same["spec"]["healthCheckNodePort"], 30100);
  Json cluster = old;
  cluster["spec"]["externalTrafficPolicy"] = "Cluster";
  causes = testing::Update(*s, cluster, old);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_FALSE(cluster["spec"].contains("healthCheckNodePort"));
}

TEST(ServiceStrategy, ClusterIpAndClusterIpsAgree) {
  auto s = NewServiceStrategy();
  Json svc = Service();
  svc["spec"]["clusterIP"] = "10.96.0.7";
  svc["spec"]["clusterIPs"] = J(R"(["10.96.0.8"])");
  EXPECT_TRUE(HasCause(testing::Create(*s, svc), "spec.clusterIPs", "FieldValueInvalid",
                       "first value must match `clusterIP`"));
  Json only_plural = Service();
  only_plural["spec"]["clusterIPs"] = J(R"(["10.96.0.8"])");
  EXPECT_TRUE(HasCause(testing::Create(*s, only_plural), "spec.clusterIPs", "FieldValueInvalid",
                       "must be empty when `clusterIP` is not specified"));
}

}  // namespace
}  // namespace wisp::strategies
