// Ingresses: path types and backends.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(IngressStrategy, ValidIngress) {
  auto s = NewIngressStrategy();
  Json ing = J(R"({"metadata":{"name":"i","namespace":"d"},"spec":{"rules":[{"host":"a.example.com",
      "http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web",
      "port":{"number":80}}}}]}}]}})");
  Causes causes = testing::Create(*s, ing);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(ing["metadata"]["generation"], 1);
}

TEST(IngressStrategy, ClassAnnotationAndFieldMustAgree) {
  auto s = NewIngressStrategy();
  Json ing = J(R"({"metadata":{"name":"i","namespace":"d",
      "annotations":{"kubernetes.io/ingress.class":"nginx"}},
      "spec":{"ingressClassName":"traefik","defaultBackend":{"service":{"name":"web",
      "port":{"number":80}}}}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, ing), "annotations.kubernetes.io/ingress.class",
                       "FieldValueInvalid",
                       "Invalid value: \"nginx\": must match `ingressClassName` when both are "
                       "specified"));
}

TEST(IngressStrategy, PathTypeAndBackendRules) {
  auto s = NewIngressStrategy();
  Json ing = J(R"({"metadata":{"name":"i","namespace":"d"},"spec":{"rules":[{"http":{"paths":[
      {"path":"/","backend":{"service":{"name":"web"}}},
      {"path":"api","pathType":"Exact","backend":{}}]}}]}})");
  Causes causes = testing::Create(*s, ing);
  EXPECT_TRUE(HasCause(causes, "spec.rules[0].http.paths[0].pathType", "FieldValueRequired",
                       "pathType must be specified"));
  EXPECT_TRUE(HasCause(causes, "spec.rules[0].http.paths[1].path", "FieldValueInvalid",
                       "must be an absolute path"));
  EXPECT_TRUE(HasCause(causes, "spec.rules[0].http.paths[1].backend", "FieldValueInvalid"));
  Json empty = J(R"({"metadata":{"name":"i","namespace":"d"},"spec":{}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, empty), "spec.rules", "FieldValueInvalid"));
}

TEST(IngressStrategy, HostsAndServicePortsAreValidated) {
  auto s = NewIngressStrategy();
  auto rule = [](const char* host, const char* port) {
    return J(
        std::string(R"({"host":")") + host +
        R"(","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":)" +
        port + "}}}]}}");
  };
  Json ing = J(R"({"metadata":{"name":"i","namespace":"d"},"spec":{"rules":[]}})");
  ing["spec"]["rules"] =
      Json::array({rule("Foo.com", R"({"number":80})"), rule("1.2.3.4", R"({"number":70000})"),
                   rule("a.*.com", "{}"), rule("*.ok.com", R"({"name":"http"})"),
                   rule("b.com", R"({"name":"http","number":80})")});
  Causes causes = testing::Create(*s, ing);
  EXPECT_TRUE(HasCause(causes, "spec.rules[0].host", "FieldValueInvalid",
                       "a lowercase RFC 1123 subdomain"));
  EXPECT_TRUE(HasCause(causes, "spec.rules[1].host", "FieldValueInvalid",
                       "must be a DNS name, not an IP address"));
  EXPECT_TRUE(HasCause(causes, "spec.rules[1].http.paths[0].backend.service.port.number",
                       "FieldValueInvalid", "must be between 1 and 65535, inclusive"));
  EXPECT_TRUE(HasCause(causes, "spec.rules[2].host", "FieldValueInvalid",
                       "a wildcard DNS-1123 subdomain must start with '*.'"));
  EXPECT_TRUE(HasCause(causes, "spec.rules[2].http.paths[0].backend", "FieldValueRequired",
                       "port name or number is required"));
  EXPECT_EQ(testing::FindCause(causes, "spec.rules[3].host", "FieldValueInvalid"), nullptr);
  EXPECT_TRUE(HasCause(causes, "spec.rules[4].http.paths[0].backend", "FieldValueInvalid",
                       "Invalid value: \"\": cannot set both port name & port number"));
}

}  // namespace
}  // namespace wisp::strategies
