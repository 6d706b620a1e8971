// Services: upstream defaults, validation (ValidateService, the update and
// status rules, causes in upstream's order) and allocated values kept on
// update.
#include <string>
#include <string_view>
#include <vector>

#include "strategies/kinds.h"
#include "strategies/service_validation.h"
#include "strategy_test_util.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

Json Service() {
  return J(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"d"},
      "spec":{"selector":{"app":"web"},"ports":[{"port":80}]}})");
}

Json OfType(const char* type) {
  Json svc = Service();
  svc["spec"]["type"] = type;
  return svc;
}

// A cause on `field` with `reason` whose message is exactly `message`.
::testing::AssertionResult HasExact(const Causes& causes, std::string_view field,
                                    std::string_view reason, std::string_view message) {
  for (const auto& c : causes) {
    if (c.field == field && c.reason == reason && c.message == message) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure()
         << "no " << reason << " on " << field << " saying '" << message << "' in:\n"
         << testing::Describe(causes);
}

size_t CountOn(const Causes& causes, std::string_view field) {
  size_t n = 0;
  for (const auto& c : causes) n += c.field == field ? 1 : 0;
  return n;
}

std::vector<std::string> Fields(const Causes& causes) {
  std::vector<std::string> out;
  for (const auto& c : causes) out.push_back(c.field);
  return out;
}

// Default + PrepareForStatusUpdate + ValidateStatusUpdate: a write to /status.
Causes StatusUpdate(const Strategy& s, Json& obj, const Json& old) {
  s.Default(obj);
  s.PrepareForStatusUpdate(obj, old);
  return s.ValidateStatusUpdate(obj, old);
}

// A created service as stored, with the clusterIP the allocator gave it.
Json Stored(Json svc) {
  auto s = NewServiceStrategy();
  testing::Create(*s, svc);
  svc["metadata"]["resourceVersion"] = "3";
  if (svc["spec"]["type"] != "ExternalName") {
    svc["spec"]["clusterIP"] = "10.96.0.10";
    svc["spec"]["clusterIPs"] = J(R"(["10.96.0.10"])");
  }
  return svc;
}

constexpr char kBadIp[] = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
constexpr char kBadCidr[] = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
constexpr char kOnlyLb[] = "Forbidden: may only be used when `type` is 'LoadBalancer'";

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

TEST(ServiceStrategy, CommonValidServicesPass) {
  auto s = NewServiceStrategy();
  for (const char* text : {
           R"({"metadata":{"name":"web","namespace":"d"},"spec":{"selector":{"app":"web"},
               "sessionAffinity":"ClientIP","externalIPs":["192.0.2.10","010.0.0.1"],
               "trafficDistribution":"PreferClose","ports":[
               {"name":"http","port":80,"targetPort":"http","appProtocol":"kubernetes.io/h2c"},
               {"name":"https","port":443,"targetPort":8443,"appProtocol":"https"},
               {"name":"dns","port":53,"protocol":"UDP"},
               {"name":"dns-tcp","port":53,"protocol":"TCP"}]}})",
           R"({"metadata":{"name":"np","namespace":"d"},"spec":{"type":"NodePort",
               "externalTrafficPolicy":"Local","internalTrafficPolicy":"Local",
               "ports":[{"name":"http","port":80,"nodePort":30080},{"name":"metrics","port":9090}]}})",
           R"({"metadata":{"name":"lb","namespace":"d"},"spec":{"type":"LoadBalancer",
               "loadBalancerSourceRanges":["10.0.0.0/8"," 192.168.0.0/16","2001:db8::/32"],
               "loadBalancerClass":"example.com/lb","allocateLoadBalancerNodePorts":false,
               "externalTrafficPolicy":"Local","healthCheckNodePort":30200,
               "ports":[{"port":443}]}})",
           R"({"metadata":{"name":"lb-annotated","namespace":"d","annotations":{
               "service.beta.kubernetes.io/load-balancer-source-ranges":"10.0.0.0/8, 192.168.0.0/16"}},
               "spec":{"type":"LoadBalancer","ports":[{"port":443}]}})",
           R"({"metadata":{"name":"ext","namespace":"d"},
               "spec":{"type":"ExternalName","externalName":"db.example.com"}})",
           R"({"metadata":{"name":"headless","namespace":"d"},
               "spec":{"clusterIP":"None","selector":{"app":"db"}}})",
           R"({"metadata":{"name":"headless-ports","namespace":"d"},
               "spec":{"clusterIP":"None","ports":[{"name":"a","port":80},{"name":"b","port":81}]}})",
           R"({"metadata":{"name":"fixed","namespace":"d"},
               "spec":{"clusterIP":"10.96.0.20","ports":[{"port":80}]}})",
       }) {
    Json svc = J(text);
    Causes causes = testing::Create(*s, svc);
    EXPECT_TRUE(causes.empty()) << svc["metadata"]["name"] << ": " << testing::Describe(causes);
  }
}

TEST(ServiceStrategy, EmptyStringsAreDefaultedAsUpstreamDoes) {
  auto s = NewServiceStrategy();
  Json svc = J(R"({"metadata":{"name":"web","namespace":"d"},"spec":{"type":"",
      "sessionAffinity":"","ports":[{"port":80,"protocol":""}]}})");
  Causes causes = testing::Create(*s, svc);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(svc["spec"]["type"], "ClusterIP");
  EXPECT_EQ(svc["spec"]["sessionAffinity"], "None");
  EXPECT_EQ(svc["spec"]["ports"][0]["protocol"], "TCP");
  Json node_port = OfType("NodePort");
  node_port["spec"]["externalTrafficPolicy"] = "";
  s->Default(node_port);
  EXPECT_EQ(node_port["spec"]["externalTrafficPolicy"], "Cluster");
}

TEST(ServiceStrategy, ExternalIpsMustBeUsableAddresses) {
  auto s = NewServiceStrategy();
  Json svc = Service();
  svc["spec"]["externalIPs"] = J(R"(["foo","0.0.0.0","::","127.0.0.1","::1","169.254.169.254",
      "fe80::1","224.0.0.251","ff02::fb","010.000.000.001","::ffff:192.0.2.1","2001:db8::1"])");
  Causes causes = testing::Create(*s, svc);
  const char* kInvalid = "FieldValueInvalid";
  EXPECT_TRUE(HasExact(causes, "spec.externalIPs[0]", kInvalid,
                       std::string("Invalid value: \"foo\": ") + kBadIp));
  EXPECT_TRUE(HasExact(causes, "spec.externalIPs[1]", kInvalid,
                       "Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)"));
  EXPECT_TRUE(HasExact(causes, "spec.externalIPs[2]", kInvalid,
                       "Invalid value: \"::\": may not be "
                       "unspecified (::)"));
  for (const char* field : {"spec.externalIPs[3]", "spec.externalIPs[4]"}) {
    EXPECT_TRUE(HasCause(causes, field, kInvalid,
                         "\": may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  }
  EXPECT_TRUE(HasExact(
      causes, "spec.externalIPs[5]", kInvalid,
      "Invalid value: \"169.254.169.254\": may not be in the link-local range (169.254.0.0/16, "
      "fe80::/10)"));
  EXPECT_TRUE(HasCause(causes, "spec.externalIPs[6]", kInvalid, "link-local range"));
  EXPECT_TRUE(
      HasExact(causes, "spec.externalIPs[7]", kInvalid,
               "Invalid value: \"224.0.0.251\": may not be in the link-local multicast range "
               "(224.0.0.0/24, ff02::/10)"));
  EXPECT_TRUE(HasCause(causes, "spec.externalIPs[8]", kInvalid, "link-local multicast range"));
  for (size_t i = 0; i <= 8; ++i) {
    EXPECT_EQ(CountOn(causes, "spec.externalIPs[" + std::to_string(i) + "]"), 1u) << i;
  }
  // Leading zeros and IPv4-mapped IPv6 parse as upstream's sloppy parser.
  for (size_t i = 9; i <= 11; ++i) {
    EXPECT_EQ(CountOn(causes, "spec.externalIPs[" + std::to_string(i) + "]"), 0u) << i;
  }
}

TEST(ServiceStrategy, LoadBalancerSourceRangesAreCidrsForLoadBalancersOnly) {
  auto s = NewServiceStrategy();
  Json cluster = Service();
  cluster["spec"]["loadBalancerSourceRanges"] = J(R"(["10.0.0.0/8"])");
  EXPECT_TRUE(HasExact(testing::Create(*s, cluster), "spec.LoadBalancerSourceRanges",
                       "FieldValueForbidden", kOnlyLb));

  Json lb = OfType("LoadBalancer");
  lb["spec"]["loadBalancerSourceRanges"] = J(R"([" 10.0.0.0/8 ","10.0.0.0/33","1.2.3.4"])");
  Causes causes = testing::Create(*s, lb);
  EXPECT_EQ(CountOn(causes, "spec.LoadBalancerSourceRanges[0]"), 0u);
  EXPECT_TRUE(HasExact(causes, "spec.LoadBalancerSourceRanges[1]", "FieldValueInvalid",
                       std::string("Invalid value: \"10.0.0.0/33\": ") + kBadCidr));
  EXPECT_TRUE(HasExact(causes, "spec.LoadBalancerSourceRanges[2]", "FieldValueInvalid",
                       std::string("Invalid value: \"1.2.3.4\": ") + kBadCidr));

  const std::string annotation =
      "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]";
  Json annotated = OfType("LoadBalancer");
  annotated["metadata"]["annotations"] =
      J(R"({"service.beta.kubernetes.io/load-balancer-source-ranges":" 10.0.0.0/8, nope ,"})");
  causes = testing::Create(*s, annotated);
  EXPECT_TRUE(HasExact(causes, annotation, "FieldValueInvalid",
                       std::string("Invalid value: \"nope\": ") + kBadCidr));
  EXPECT_TRUE(HasExact(causes, annotation, "FieldValueInvalid",
                       std::string("Invalid value: \"\": ") + kBadCidr));
  EXPECT_EQ(causes.size(), 2u) << testing::Describe(causes);

  Json annotated_cluster = Service();
  annotated_cluster["metadata"]["annotations"] = annotated["metadata"]["annotations"];
  EXPECT_TRUE(
      HasExact(testing::Create(*s, annotated_cluster), annotation, "FieldValueForbidden", kOnlyLb));
  // The field, when set, is all that counts.
  Json both = annotated;
  both["spec"]["loadBalancerSourceRanges"] = J(R"(["10.0.0.0/8"])");
  causes = testing::Create(*s, both);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(ServiceStrategy, DuplicatePortsAndNodePortsUseUpstreamsFormat) {
  auto s = NewServiceStrategy();
  Json svc = Service();
  svc["spec"]["ports"] = J(
      R"([{"name":"a","port":80},{"name":"b","port":80},{"name":"c","port":80,"protocol":"UDP"}])");
  Causes causes = testing::Create(*s, svc);
  EXPECT_TRUE(HasExact(causes, "spec.ports[1]", "FieldValueDuplicate",
                       "Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", "
                       "AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{"
                       "Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"));
  EXPECT_EQ(causes.size(), 1u) << testing::Describe(causes);

  Json node_ports = OfType("NodePort");
  node_ports["spec"]["ports"] = J(R"([{"name":"a","port":80,"nodePort":30080},
      {"name":"b","port":81,"nodePort":30080},{"name":"c","port":81,"protocol":"UDP","nodePort":30080}])");
  causes = testing::Create(*s, node_ports);
  EXPECT_TRUE(
      HasExact(causes, "spec.ports[1].nodePort", "FieldValueDuplicate", "Duplicate value: 30080"));
  EXPECT_EQ(causes.size(), 1u) << testing::Describe(causes);
}

TEST(ServiceStrategy, PortFieldRules) {
  auto s = NewServiceStrategy();
  Json svc = Service();
  svc["spec"]["ports"] = J(R"([{"name":"Web","port":80,"appProtocol":"-h2c"},
      {"name":"b","port":81,"protocol":"ICMP","nodePort":30081}])");
  Causes causes = testing::Create(*s, svc);
  EXPECT_TRUE(HasExact(causes, "spec.ports[0].name", "FieldValueInvalid",
                       "Invalid value: \"Web\": " + apimachinery::IsDns1123Label("Web")[0]));
  EXPECT_TRUE(HasExact(causes, "spec.ports[0].appProtocol", "FieldValueInvalid",
                       "Invalid value: \"-h2c\": " + apimachinery::IsQualifiedName("-h2c")[0]));
  EXPECT_TRUE(
      HasExact(causes, "spec.ports[1].protocol", "FieldValueNotSupported",
               "Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\""));
  EXPECT_TRUE(HasExact(causes, "spec.ports[1].nodePort", "FieldValueForbidden",
                       "Forbidden: may not be used when `type` is 'ClusterIP'"));
  // The node port range is the allocator's to check, as upstream.
  Json far = OfType("NodePort");
  far["spec"]["ports"][0]["nodePort"] = 70000;
  causes = testing::Create(*s, far);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(ServiceStrategy, ExternalNameRules) {
  auto s = NewServiceStrategy();
  Json svc = J(R"({"metadata":{"name":"ext","namespace":"d"},"spec":{"type":"ExternalName",
      "externalName":".","clusterIP":"10.96.0.9","ipFamilies":["IPv4"],
      "ipFamilyPolicy":"SingleStack"}})");
  Causes causes = testing::Create(*s, svc);
  const char* kForbidden = "Forbidden: may not be set for ExternalName services";
  EXPECT_TRUE(HasExact(causes, "spec.clusterIPs", "FieldValueForbidden", kForbidden));
  EXPECT_TRUE(HasExact(causes, "spec.ipFamilies", "FieldValueForbidden", kForbidden));
  EXPECT_TRUE(HasExact(causes, "spec.ipFamilyPolicy", "FieldValueForbidden", kForbidden));
  EXPECT_TRUE(HasExact(causes, "spec.externalName", "FieldValueRequired", "Required value"));
  EXPECT_EQ(Fields(causes), (std::vector<std::string>{"spec.clusterIPs", "spec.ipFamilies",
                                                      "spec.ipFamilyPolicy", "spec.externalName"}));
  Json bad = J(R"({"metadata":{"name":"ext","namespace":"d"},
      "spec":{"type":"ExternalName","externalName":"db_1.example.com."}})");
  EXPECT_TRUE(HasExact(testing::Create(*s, bad), "spec.externalName", "FieldValueInvalid",
                       "Invalid value: \"db_1.example.com\": " +
                           apimachinery::IsDns1123Subdomain("db_1.example.com")[0]));
}

TEST(ServiceStrategy, ClusterIpsAndFamiliesAreConsistent) {
  auto s = NewServiceStrategy();
  const char* kInvalid = "FieldValueInvalid";
  Json same_family = Service();
  same_family["spec"]["clusterIP"] = "10.96.0.10";
  same_family["spec"]["clusterIPs"] = J(R"(["10.96.0.10","10.96.0.11"])");
  EXPECT_TRUE(HasExact(testing::Create(*s, same_family), "spec.clusterIPs", kInvalid,
                       "Invalid value: []string{\"10.96.0.10\", \"10.96.0.11\"}: may specify no "
                       "more than one IP for each IP family"));
  Json three = Service();
  three["spec"]["clusterIP"] = "10.96.0.10";
  three["spec"]["clusterIPs"] = J(R"(["10.96.0.10","fd00::10","10.96.0.12"])");
  EXPECT_TRUE(HasExact(testing::Create(*s, three), "spec.clusterIPs", kInvalid,
                       "Invalid value: []string{\"10.96.0.10\", \"fd00::10\", \"10.96.0.12\"}: "
                       "may only hold up to 2 values"));
  Json none_first = Service();
  none_first["spec"]["clusterIP"] = "None";
  none_first["spec"]["clusterIPs"] = J(R"(["None","10.96.0.10"])");
  EXPECT_TRUE(HasExact(testing::Create(*s, none_first), "spec.clusterIPs", kInvalid,
                       "Invalid value: []string{\"None\", \"10.96.0.10\"}: 'None' must be the "
                       "first and only value"));
  Json bogus = Service();
  bogus["spec"]["clusterIP"] = "10.96.0.10";
  bogus["spec"]["clusterIPs"] = J(R"(["10.96.0.10","bogus"])");
  EXPECT_TRUE(HasExact(testing::Create(*s, bogus), "spec.clusterIPs[1]", kInvalid,
                       std::string("Invalid value: \"bogus\": ") + kBadIp));
  Json mismatch = Service();
  mismatch["spec"]["clusterIP"] = "10.96.0.10";
  mismatch["spec"]["ipFamilies"] = J(R"(["IPv6"])");
  EXPECT_TRUE(HasExact(testing::Create(*s, mismatch), "spec.clusterIPs[0]", kInvalid,
                       "Invalid value: \"10.96.0.10\": expected an IPv6 value as indicated by "
                       "`ipFamilies[0]`"));
  Json families = Service();
  families["spec"]["ipFamilies"] = J(R"(["IPv5","IPv5"])");
  families["spec"]["ipFamilyPolicy"] = "Triple";
  Causes causes = testing::Create(*s, families);
  EXPECT_TRUE(HasExact(causes, "spec.ipFamilies[0]", "FieldValueNotSupported",
                       "Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\""));
  EXPECT_TRUE(
      HasExact(causes, "spec.ipFamilies[1]", "FieldValueDuplicate", "Duplicate value: \"IPv5\""));
  EXPECT_TRUE(HasExact(causes, "spec.ipFamilyPolicy", "FieldValueNotSupported",
                       "Unsupported value: \"Triple\": supported values: \"PreferDualStack\", "
                       "\"RequireDualStack\", \"SingleStack\""));
}

TEST(ServiceStrategy, UpdatesKeepThePrimaryFamilyAndReleaseTheSecondaryAsSingleStack) {
  auto s = NewServiceStrategy();
  Json old = Stored(Service());
  Json flipped = old;
  flipped["spec"]["ipFamilies"] = J(R"(["IPv6"])");
  Causes causes = testing::Update(*s, flipped, old);
  EXPECT_TRUE(HasExact(causes, "spec.clusterIPs[0]", "FieldValueInvalid",
                       "Invalid value: \"10.96.0.10\": expected an IPv6 value as indicated by "
                       "`ipFamilies[0]`"))
      << testing::Describe(causes);
  Causes rules;
  ValidateServiceUpdateRules(flipped["spec"], old["spec"], rules);
  EXPECT_TRUE(HasExact(rules, "spec.ipFamilies[0]", "FieldValueInvalid",
                       "Invalid value: []core.IPFamily{\"IPv6\"}: may not change once set"));

  // The update rules as a dual-stack cluster needs them (this one is
  // single-stack, so such services never get stored here).
  Json dual = old["spec"];
  dual["clusterIPs"] = J(R"(["10.96.0.10","fd00::10"])");
  dual["ipFamilies"] = J(R"(["IPv4","IPv6"])");
  dual["ipFamilyPolicy"] = "RequireDualStack";
  Json single = dual;
  single["clusterIPs"] = J(R"(["10.96.0.10"])");
  single["ipFamilies"] = J(R"(["IPv4"])");
  rules.clear();
  ValidateServiceUpdateRules(single, dual, rules);
  EXPECT_TRUE(HasExact(rules, "spec.ipFamilyPolicy", "FieldValueInvalid",
                       "Invalid value: \"RequireDualStack\": must be set to 'SingleStack' when "
                       "releasing the secondary clusterIP"));
  EXPECT_TRUE(HasExact(rules, "spec.ipFamilyPolicy", "FieldValueInvalid",
                       "Invalid value: \"RequireDualStack\": must be set to 'SingleStack' when "
                       "releasing the secondary ipFamily"));
  single["ipFamilyPolicy"] = "SingleStack";
  rules.clear();
  ValidateServiceUpdateRules(single, dual, rules);
  EXPECT_TRUE(rules.empty()) << testing::Describe(rules);
}

// This cluster serves IPv4 services only (upstream's initIPFamilyFields on a
// single-stack cluster): asking for IPv6 or dual-stack is refused before any
// other validation; a headless service without selector is the exception.
TEST(ServiceStrategy, SingleStackClusterRefusesOtherFamilies) {
  auto s = NewServiceStrategy();
  auto create = [&](const char* spec) {
    Json svc = Service();
    const Json extra = J(spec);
    for (const auto& [k, v] : extra.items()) svc["spec"][k] = v;
    return testing::Create(*s, svc);
  };
  EXPECT_TRUE(HasExact(create(R"({"ipFamilyPolicy":"RequireDualStack"})"), "spec.ipFamilyPolicy",
                       "FieldValueInvalid",
                       "Invalid value: \"RequireDualStack\": this cluster is not configured for "
                       "dual-stack services"));
  EXPECT_TRUE(HasExact(create(R"({"ipFamilies":["IPv6"]})"), "spec.ipFamilies[0]",
                       "FieldValueInvalid",
                       "Invalid value: \"IPv6\": not configured on this cluster"));
  Causes prefer = create(R"({"ipFamilyPolicy":"PreferDualStack","ipFamilies":["IPv4","IPv6"]})");
  EXPECT_TRUE(HasExact(prefer, "spec.ipFamilies[1]", "FieldValueInvalid",
                       "Invalid value: \"IPv6\": not configured on this cluster"));
  EXPECT_EQ(prefer.size(), 1u) << testing::Describe(prefer);
  EXPECT_TRUE(HasExact(create(R"({"ipFamilyPolicy":"SingleStack","ipFamilies":["IPv4","IPv6"]})"),
                       "spec.ipFamilyPolicy", "FieldValueInvalid",
                       "Invalid value: \"SingleStack\": must be 'RequireDualStack' or "
                       "'PreferDualStack' when multiple IP families are specified"));
  Causes v6 = create(R"({"clusterIP":"fd00::20","clusterIPs":["fd00::20"]})");
  EXPECT_TRUE(HasExact(v6, "spec.clusterIPs[0]", "FieldValueInvalid",
                       "Invalid value: []string{\"fd00::20\"}: IPv6 is not configured on this "
                       "cluster"))
      << testing::Describe(v6);
  // PreferDualStack falls back to the one family.
  Json prefer_one = Service();
  prefer_one["spec"]["ipFamilyPolicy"] = "PreferDualStack";
  EXPECT_TRUE(testing::Create(*s, prefer_one).empty());
  EXPECT_EQ(prefer_one["spec"]["ipFamilies"], J(R"(["IPv4"])"));
  // Headless without selector: RequireDualStack and both families.
  Json headless = J(R"({"metadata":{"name":"h","namespace":"d"},"spec":{"clusterIP":"None",
      "ports":[{"port":80}]}})");
  Causes none = testing::Create(*s, headless);
  EXPECT_TRUE(none.empty()) << testing::Describe(none);
  EXPECT_EQ(headless["spec"]["ipFamilyPolicy"], "RequireDualStack");
  EXPECT_EQ(headless["spec"]["ipFamilies"], J(R"(["IPv4","IPv6"])"));
  // ... with a selector it is single-stack as any other.
  Json selected = headless;
  selected["spec"].erase("ipFamilyPolicy");
  selected["spec"].erase("ipFamilies");
  selected["spec"]["selector"] = {{"app", "x"}};
  EXPECT_TRUE(testing::Create(*s, selected).empty());
  EXPECT_EQ(selected["spec"]["ipFamilyPolicy"], "SingleStack");
  EXPECT_EQ(selected["spec"]["ipFamilies"], J(R"(["IPv4"])"));
}

TEST(ServiceStrategy, LoadBalancerOnlyFields) {
  auto s = NewServiceStrategy();
  Json node_port = OfType("NodePort");
  node_port["spec"]["allocateLoadBalancerNodePorts"] = true;
  node_port["spec"]["loadBalancerClass"] = "example.com/lb";
  Causes causes = testing::Create(*s, node_port);
  EXPECT_TRUE(
      HasExact(causes, "spec.allocateLoadBalancerNodePorts", "FieldValueForbidden", kOnlyLb));
  EXPECT_TRUE(HasExact(causes, "spec.loadBalancerClass", "FieldValueForbidden", kOnlyLb));

  Json lb = OfType("LoadBalancer");
  lb["spec"]["loadBalancerClass"] = "-lb";
  EXPECT_TRUE(HasExact(testing::Create(*s, lb), "spec.loadBalancerClass", "FieldValueInvalid",
                       "Invalid value: \"-lb\": " + apimachinery::IsQualifiedName("-lb")[0]));
  // Defaulting sets it; without, upstream reports it on a path missing "spec.".
  Json undefaulted = OfType("LoadBalancer");
  s->Default(undefaulted);
  s->PrepareForCreate(undefaulted);
  undefaulted["spec"].erase("allocateLoadBalancerNodePorts");
  EXPECT_TRUE(HasExact(s->ValidateCreate(undefaulted), "allocateLoadBalancerNodePorts",
                       "FieldValueRequired", "Required value"));
}

TEST(ServiceStrategy, LoadBalancerClassIsImmutableWhileTheTypeStays) {
  auto s = NewServiceStrategy();
  Json lb = OfType("LoadBalancer");
  lb["spec"]["loadBalancerClass"] = "example.com/a";
  const Json old = Stored(lb);
  Json changed = old;
  changed["spec"]["loadBalancerClass"] = "example.com/b";
  EXPECT_TRUE(HasExact(testing::Update(*s, changed, old), "spec.loadBalancerClass",
                       "FieldValueInvalid",
                       "Invalid value: \"example.com/b\": may not change once set"));
  Json cleared = old;
  cleared["spec"].erase("loadBalancerClass");
  EXPECT_TRUE(HasExact(testing::Update(*s, cleared, old), "spec.loadBalancerClass",
                       "FieldValueInvalid", "Invalid value: \"null\": may not change once set"));
  Json retyped = old;
  retyped["spec"]["type"] = "ClusterIP";
  Causes causes = testing::Update(*s, retyped, old);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_FALSE(retyped["spec"].contains("loadBalancerClass"));
}

TEST(ServiceStrategy, TrafficPolicyValuesAndWhereTheyApply) {
  auto s = NewServiceStrategy();
  Json svc = Service();
  svc["spec"]["internalTrafficPolicy"] = "Nowhere";
  svc["spec"]["trafficDistribution"] = "Anywhere";
  Causes causes = testing::Create(*s, svc);
  EXPECT_TRUE(HasExact(causes, "spec.internalTrafficPolicy", "FieldValueNotSupported",
                       "Unsupported value: \"Nowhere\": supported values: \"Cluster\", \"Local\""));
  EXPECT_TRUE(HasExact(causes, "spec.trafficDistribution", "FieldValueNotSupported",
                       "Unsupported value: \"Anywhere\": supported values: \"PreferClose\""));
  Json empty = Service();
  empty["spec"]["trafficDistribution"] = "";
  EXPECT_TRUE(HasExact(testing::Create(*s, empty), "spec.trafficDistribution",
                       "FieldValueNotSupported",
                       "Unsupported value: \"\": supported values: \"PreferClose\""));

  // An ExternalName service is not externally accessible, externalIPs or not.
  Json ext = J(R"({"metadata":{"name":"ext","namespace":"d"},"spec":{"type":"ExternalName",
      "externalName":"db.example.com","externalIPs":["192.0.2.1"]}})");
  Json local = ext;
  causes = testing::Create(*s, ext);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_FALSE(ext["spec"].contains("externalTrafficPolicy"));
  local["spec"]["externalTrafficPolicy"] = "Local";
  EXPECT_TRUE(HasExact(testing::Create(*s, local), "spec.externalTrafficPolicy",
                       "FieldValueInvalid",
                       "Invalid value: \"Local\": may only be set for externally-accessible "
                       "services"));

  Json lb = OfType("LoadBalancer");
  lb["spec"]["externalTrafficPolicy"] = "Local";
  lb["spec"]["healthCheckNodePort"] = 30100;
  const Json old = Stored(lb);
  Json moved = old;
  moved["spec"]["healthCheckNodePort"] = 30101;
  EXPECT_TRUE(HasExact(testing::Update(*s, moved, old), "spec.healthCheckNodePort",
                       "FieldValueForbidden", "Forbidden: field is immutable"));
}

TEST(ServiceStrategy, TopologyAnnotationsMustAgree) {
  auto s = NewServiceStrategy();
  Json svc = Service();
  svc["metadata"]["annotations"] = J(R"({"service.kubernetes.io/topology-mode":"Auto",
      "service.kubernetes.io/topology-aware-hints":"auto"})");
  EXPECT_TRUE(HasExact(testing::Create(*s, svc),
                       "metadata.annotations[service.kubernetes.io/topology-mode]",
                       "FieldValueInvalid",
                       "Invalid value: \"Auto\": must match "
                       "annotations[service.kubernetes.io/topology-aware-hints] when both are "
                       "specified"));
  svc["metadata"]["annotations"]["service.kubernetes.io/topology-aware-hints"] = "Auto";
  Causes causes = testing::Create(*s, svc);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(ServiceStrategy, CausesComeInUpstreamsOrder) {
  auto s = NewServiceStrategy();
  Json svc = J(R"({"metadata":{"name":"web","namespace":"d"},"spec":{
      "ports":[{"name":"a","port":80,"nodePort":30000},{"name":"a","port":80}],
      "selector":{"bad key":"x"},"externalIPs":["nope"],
      "loadBalancerSourceRanges":["10.0.0.0/8"],"loadBalancerClass":"example.com/lb",
      "internalTrafficPolicy":"Nowhere","trafficDistribution":"Anywhere"}})");
  EXPECT_EQ(Fields(testing::Create(*s, svc)),
            (std::vector<std::string>{"spec.ports[1].name", "spec.selector", "spec.externalIPs[0]",
                                      "spec.ports[0].nodePort", "spec.ports[1]",
                                      "spec.LoadBalancerSourceRanges", "spec.loadBalancerClass",
                                      "spec.internalTrafficPolicy", "spec.trafficDistribution"}));
  // On update the update rules come first, then all of ValidateService,
  // metadata included (so a bad label is reported twice, as upstream).
  const Json old = Stored(Service());
  Json moved = old;
  moved["metadata"]["labels"] = J(R"({"bad key":"x"})");
  moved["spec"]["clusterIP"] = "10.96.0.11";
  moved["spec"]["clusterIPs"] = J(R"(["10.96.0.11"])");
  EXPECT_EQ(Fields(testing::Update(*s, moved, old)),
            (std::vector<std::string>{"metadata.labels", "spec.clusterIPs[0]", "metadata.labels"}));
}

TEST(ServiceStrategy, StatusLoadBalancerIngress) {
  auto s = NewServiceStrategy();
  const Json old = Stored(OfType("LoadBalancer"));
  Json next = old;
  next["status"] = J(R"({"loadBalancer":{"ingress":[{"ip":"foo"},{"ip":"192.0.2.1"},
      {"hostname":"1.2.3.4"},{"hostname":"lb.example.com","ipMode":"VIP"},
      {"ip":"192.0.2.2","ipMode":"Magic"}]}})");
  Causes causes = StatusUpdate(*s, next, old);
  const std::string at = "status.loadBalancer.ingress";
  EXPECT_TRUE(HasExact(causes, at + "[0].ip", "FieldValueInvalid",
                       std::string("Invalid value: \"foo\": ") + kBadIp));
  EXPECT_TRUE(HasExact(causes, at + "[2].hostname", "FieldValueInvalid",
                       "Invalid value: \"1.2.3.4\": must be a DNS name, not an IP address"));
  EXPECT_TRUE(HasExact(causes, at + "[3].ipMode", "FieldValueForbidden",
                       "Forbidden: may not be specified when `ip` is not set"));
  EXPECT_TRUE(HasExact(causes, at + "[4].ipMode", "FieldValueNotSupported",
                       "Unsupported value: \"Magic\": supported values: \"Proxy\", \"VIP\""));
  EXPECT_EQ(causes.size(), 4u) << testing::Describe(causes);
  EXPECT_EQ(next["status"]["loadBalancer"]["ingress"][1]["ipMode"], "VIP");

  // Without the defaulting an ip needs its mode.
  Json bare = old;
  bare["status"] = J(R"({"loadBalancer":{"ingress":[{"ip":"192.0.2.1"}]}})");
  s->PrepareForStatusUpdate(bare, old);
  EXPECT_TRUE(HasExact(s->ValidateStatusUpdate(bare, old), at + "[0].ipMode", "FieldValueRequired",
                       "Required value: must be specified when `ip` is set"));

  const Json cluster = Stored(Service());
  Json ingress = cluster;
  ingress["status"] = J(R"({"loadBalancer":{"ingress":[{"ip":"192.0.2.1"}]}})");
  EXPECT_TRUE(HasExact(StatusUpdate(*s, ingress, cluster), at, "FieldValueForbidden",
                       "Forbidden: may only be used when `spec.type` is 'LoadBalancer'"));

  // A spec update keeps the stored status and does not judge it.
  Json served = old;
  served["status"] = J(R"({"loadBalancer":{"ingress":[{"ip":"192.0.2.1","ipMode":"VIP"}]}})");
  Json retyped = served;
  retyped["spec"]["type"] = "ClusterIP";
  causes = testing::Update(*s, retyped, served);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(ServiceStrategy, WarnsAboutIpsGosStrictParserRefusesOrThatAreNotCanonical) {
  auto s = NewServiceStrategy();
  Json svc = OfType("LoadBalancer");
  svc["metadata"]["annotations"] = {{"service.kubernetes.io/topology-aware-hints", "auto"}};
  svc["spec"]["clusterIP"] = "10.0.0.010";
  svc["spec"]["clusterIPs"] = Json::array({"10.0.0.010"});
  svc["spec"]["externalIPs"] =
      Json::array({"010.1.2.3", "2001:DB8::1", "2001:db8:0:0:0:0:0:1", "1.2.3.4"});
  svc["spec"]["loadBalancerIP"] = "::FFFF:1.2.3.4";
  svc["spec"]["loadBalancerSourceRanges"] = Json::array(
      {"10.0.0.0/08", "2001:DB8::/32", " 10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32"});
  const std::string refused =
      ": IP address was accepted, but will be invalid in a future "
      "Kubernetes release: ";
  const std::string refused_prefix =
      ": IP prefix was accepted, but will be invalid in a future "
      "Kubernetes release: ";
  const std::string loops = "), which may cause controller apply-loops";
  const std::vector<std::string> want = {
      "annotation service.kubernetes.io/topology-aware-hints is deprecated, please use "
      "service.kubernetes.io/topology-mode instead",
      "spec.clusterIPs[0]" + refused +
          "ParseAddr(\"10.0.0.010\"): IPv4 field has octet with leading zero",
      "spec.externalIPs[0]" + refused +
          "ParseAddr(\"010.1.2.3\"): IPv4 field has octet with leading zero",
      "spec.externalIPs[1]: IPv6 address \"2001:DB8::1\" is not in RFC 5952 canonical format "
      "(\"2001:db8::1\"" +
          loops,
      "spec.externalIPs[2]: IPv6 address \"2001:db8:0:0:0:0:0:1\" is not in RFC 5952 canonical "
      "format (\"2001:db8::1\"" +
          loops,
      "spec.loadBalancerIP: IPv6 address \"::FFFF:1.2.3.4\" is not in RFC 5952 canonical "
      "format (\"::ffff:1.2.3.4\"" +
          loops,
      "spec.loadBalancerSourceRanges[0]" + refused_prefix +
          "netip.ParsePrefix(\"10.0.0.0/08\"): bad bits after slash: \"08\"",
      "spec.loadBalancerSourceRanges[1]: IPv6 prefix \"2001:DB8::/32\" is not in RFC 5952 "
      "canonical format (\"2001:db8::/32\"" +
          loops,
      "spec.loadBalancerSourceRanges[2]" + refused_prefix +
          "netip.ParsePrefix(\" 10.0.0.0/8\"): ParseAddr(\" 10.0.0.0\"): unexpected character "
          "(at \" 10.0.0.0\")"};
  EXPECT_EQ(s->Warnings(svc, nullptr), want);
  EXPECT_EQ(s->Warnings(svc, &svc), want);  // updates get the same
}

TEST(ServiceStrategy, WarnsAboutFieldsTheTypeIgnores) {
  auto s = NewServiceStrategy();
  Json external = OfType("ExternalName");
  external["spec"]["externalName"] = "a.example.com";
  external["spec"]["externalIPs"] = Json::array({"1.2.3.4"});
  s->Default(external);
  EXPECT_EQ(
      s->Warnings(external, nullptr),
      (std::vector<std::string>{"spec.externalIPs is ignored when spec.type is \"ExternalName\""}));
  Json cluster = Service();
  cluster["spec"]["externalName"] = "a.example.com";
  s->Default(cluster);
  EXPECT_EQ(s->Warnings(cluster, nullptr),
            (std::vector<std::string>{
                "spec.externalName is ignored when spec.type is not \"ExternalName\""}));
  // v1.32 says nothing of headless services' ignored fields (v1.34 does).
  Json headless = Service();
  headless["spec"]["clusterIP"] = "None";
  headless["spec"]["sessionAffinity"] = "ClientIP";
  headless["spec"]["externalIPs"] = Json::array({"1.2.3.4"});
  s->Default(headless);
  EXPECT_TRUE(s->Warnings(headless, nullptr).empty());
  Json plain = Service();
  s->Default(plain);
  EXPECT_TRUE(s->Warnings(plain, nullptr).empty());
}

}  // namespace
}  // namespace wisp::strategies
