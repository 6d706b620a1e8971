// Namespaces: finalizer, phase, name label and label-style names.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(NamespaceStrategy, CreateSetsFinalizerPhaseAndNameLabel) {
  auto s = NewNamespaceStrategy();
  Json ns = J(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"},
      "spec":{"finalizers":["example.com/x"]},"status":{"phase":"Terminating"}})");
  Causes causes = testing::Create(*s, ns);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(ns["spec"], J(R"({"finalizers":["kubernetes"]})"));
  EXPECT_EQ(ns["status"], J(R"({"phase":"Active"})"));
  EXPECT_EQ(ns["metadata"]["labels"]["kubernetes.io/metadata.name"], "team-a");
}

TEST(NamespaceStrategy, NameIsADnsLabel) {
  auto s = NewNamespaceStrategy();
  Json ns = J(R"({"metadata":{"name":"a.b"}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, ns), "metadata.name", "FieldValueInvalid"));
  Json namespaced = J(R"({"metadata":{"name":"ok","namespace":"x"}})");
  EXPECT_TRUE(
      HasCause(testing::Create(*s, namespaced), "metadata.namespace", "FieldValueForbidden"));
}

TEST(NamespaceStrategy, UpdateKeepsSpecStatusAndNameLabel) {
  auto s = NewNamespaceStrategy();
  Json old = J(R"({"metadata":{"name":"a"}})");
  testing::Create(*s, old);
  Json update = J(R"({"metadata":{"name":"a","labels":{"kubernetes.io/metadata.name":"b","x":"y"}},
      "spec":{"finalizers":[]},"status":{"phase":"Terminating"}})");
  Causes causes = testing::Update(*s, update, old);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(update["spec"], old["spec"]);
  EXPECT_EQ(update["status"]["phase"], "Active");
  EXPECT_EQ(update["metadata"]["labels"], J(R"({"kubernetes.io/metadata.name":"a","x":"y"})"));
}

}  // namespace
}  // namespace wisp::strategies
