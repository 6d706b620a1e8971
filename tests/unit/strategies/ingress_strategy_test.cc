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

}  // namespace
}  // namespace wisp::strategies
