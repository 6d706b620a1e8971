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
  EXPECT_EQ(testing::FindCause(causes, "spec.rules[0].http.paths[0].backend", "FieldValueRequired"),
            nullptr);
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

// All the messages on `field`, in order.
std::vector<std::string> Messages(const Causes& causes, std::string_view field) {
  std::vector<std::string> out;
  for (const auto& c : causes) {
    if (c.field == field) out.push_back(c.message);
  }
  return out;
}

TEST(IngressStrategy, ExactAndPrefixPathsMustBeCleanAbsolutePaths) {
  auto s = NewIngressStrategy();
  Json ing = J(R"({"metadata":{"name":"i","namespace":"d"},"spec":{"rules":[{"http":{"paths":[
      {"path":"a//b/./c/../d%2fe%2F/..","pathType":"Exact",
       "backend":{"service":{"name":"web","port":{"number":80}}}},
      {"path":"/x/.","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}},
      {"path":"","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}},
      {"path":"/ok/path","pathType":"Prefix",
       "backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}})");
  Causes causes = testing::Create(*s, ing);
  const std::string bad = "Invalid value: \"a//b/./c/../d%2fe%2F/..\": ";
  EXPECT_EQ(
      Messages(causes, "spec.rules[0].http.paths[0].path"),
      (std::vector<std::string>{bad + "must be an absolute path", bad + "must not contain '//'",
                                bad + "must not contain '/./'", bad + "must not contain '/../'",
                                bad + "must not contain '%2f'", bad + "must not contain '%2F'",
                                bad + "cannot end with '/..'"}));
  EXPECT_EQ(Messages(causes, "spec.rules[0].http.paths[1].path"),
            (std::vector<std::string>{"Invalid value: \"/x/.\": cannot end with '/.'"}));
  EXPECT_EQ(Messages(causes, "spec.rules[0].http.paths[2].path"),
            (std::vector<std::string>{"Invalid value: \"\": must be an absolute path"}));
  EXPECT_TRUE(Messages(causes, "spec.rules[0].http.paths[3].path").empty());
  EXPECT_EQ(causes.size(), 9u) << testing::Describe(causes);
}

TEST(IngressStrategy, ImplementationSpecificPathsAndUnknownTypes) {
  auto s = NewIngressStrategy();
  Json ing = J(R"({"metadata":{"name":"i","namespace":"d"},"spec":{"rules":[{"http":{"paths":[
      {"pathType":"ImplementationSpecific",
       "backend":{"service":{"name":"web","port":{"number":80}}}},
      {"path":"a//b","pathType":"ImplementationSpecific",
       "backend":{"service":{"name":"web","port":{"number":80}}}},
      {"path":"/a//b","pathType":"ImplementationSpecific",
       "backend":{"service":{"name":"web","port":{"number":80}}}},
      {"path":"/","pathType":"Regex","backend":{"service":{"name":"web","port":{"number":80}}}},
      {"path":"nope","backend":{}}]}},
      {"host":"b.com","http":{"paths":[]}}]}})");
  Causes causes = testing::Create(*s, ing);
  EXPECT_EQ(Messages(causes, "spec.rules[0].http.paths[1].path"),
            (std::vector<std::string>{"Invalid value: \"a//b\": must be an absolute path"}));
  EXPECT_EQ(Messages(causes, "spec.rules[0].http.paths[3].pathType"),
            (std::vector<std::string>{"Unsupported value: \"Regex\": supported values: "
                                      "\"Exact\", \"ImplementationSpecific\", \"Prefix\""}));
  // Without a pathType upstream checks neither the path nor the backend.
  EXPECT_EQ(Messages(causes, "spec.rules[0].http.paths[4].pathType"),
            (std::vector<std::string>{"Required value: pathType must be specified"}));
  EXPECT_EQ(Messages(causes, "spec.rules[1].http.paths"),
            (std::vector<std::string>{"Required value"}));
  EXPECT_EQ(causes.size(), 4u) << testing::Describe(causes);
}

}  // namespace
}  // namespace wisp::strategies
