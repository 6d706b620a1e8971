// ResourceQuotas: upstream's validation of hard limits and scopes.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(ResourceQuotaStrategy, HardLimitsMustBeKnownNonNegativeAndWholeWhereCounted) {
  auto s = NewResourceQuotaStrategy();
  Json ok = J(R"({"metadata":{"name":"q","namespace":"d"},"spec":{"hard":{"pods":"10",
      "requests.cpu":"1500m","count/deployments.apps":"2","requests.example.com/gpu":"1"}}})");
  Causes fine = testing::Create(*s, ok);
  EXPECT_TRUE(fine.empty()) << testing::Describe(fine);
  Json bad = J(R"({"metadata":{"name":"q","namespace":"d"},"spec":{"hard":{"foo":"1",
      "requests.storage":"-1","pods":"1500m"}}})");
  Causes causes = testing::Create(*s, bad);
  EXPECT_TRUE(HasCause(causes, "spec.hard[foo]", "FieldValueInvalid")) << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.hard[requests.storage]", "FieldValueInvalid"));
  EXPECT_TRUE(HasCause(causes, "spec.hard[pods]", "FieldValueInvalid"));
}

TEST(ResourceQuotaStrategy, ScopesMustExistFitAndNotConflict) {
  auto s = NewResourceQuotaStrategy();
  for (const char* scopes : {R"(["Bogus"])", R"(["Terminating","NotTerminating"])"}) {
    Json q = J(R"({"metadata":{"name":"q","namespace":"d"},"spec":{"hard":{"pods":"1"}}})");
    q["spec"]["scopes"] = J(scopes);
    Causes causes = testing::Create(*s, q);
    EXPECT_TRUE(HasCause(causes, "spec.scopes", "FieldValueInvalid")) << scopes;
  }
  Json best_effort_cpu = J(R"({"metadata":{"name":"q","namespace":"d"},"spec":{"hard":{"cpu":"1"},
          "scopes":["BestEffort"]}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, best_effort_cpu), "spec.scopes", "FieldValueInvalid"));
  Json fine = J(R"({"metadata":{"name":"q","namespace":"d"},"spec":{"hard":{"pods":"1",
      "requests.cpu":"1"},"scopes":["NotTerminating","NotBestEffort"]}})");
  Causes ok = testing::Create(*s, fine);
  EXPECT_TRUE(ok.empty()) << testing::Describe(ok);
}

TEST(ResourceQuotaStrategy, ScopeSelectorsAsUpstreamValidatesThem) {
  auto s = NewResourceQuotaStrategy();
  Json ok = J(R"({"metadata":{"name":"q","namespace":"d"},"spec":{"hard":{"pods":"1"},
      "scopeSelector":{"matchExpressions":[
        {"scopeName":"PriorityClass","operator":"In","values":["high"]},
        {"scopeName":"NotTerminating","operator":"Exists"}]}}})");
  Causes fine = testing::Create(*s, ok);
  EXPECT_TRUE(fine.empty()) << testing::Describe(fine);
  Json bad = J(R"({"metadata":{"name":"q","namespace":"d"},"spec":{"hard":{"services":"1"},
      "scopeSelector":{"matchExpressions":[
        {"scopeName":"Terminating","operator":"In","values":["x"]},
        {"scopeName":"PriorityClass","operator":"In"},
        {"scopeName":"NotTerminating","operator":"Exists","values":["y"]},
        {"scopeName":"Sometimes","operator":"Maybe"}]}}})");
  const std::string path = "spec.scopeSelector.matchExpressions";
  Causes causes = testing::Create(*s, bad);
  EXPECT_TRUE(HasCause(causes, path + ".operator", "FieldValueInvalid", "must be 'Exist' when"));
  EXPECT_TRUE(HasCause(causes, path + ".values", "FieldValueRequired",
                       "must be at least one value when `operator` is 'In' or 'NotIn'"));
  EXPECT_TRUE(HasCause(causes, path + ".values", "FieldValueInvalid",
                       "must be no value when `operator` is 'Exist' or 'DoesNotExist'"));
  EXPECT_TRUE(HasCause(causes, path + ".scopeName", "FieldValueInvalid", "unsupported scope"));
  EXPECT_TRUE(
      HasCause(causes, path + ".operator", "FieldValueInvalid", "not a valid selector operator"));
  EXPECT_TRUE(HasCause(causes, path, "FieldValueInvalid", "unsupported scope applied to resource"));
  EXPECT_TRUE(HasCause(causes, path, "FieldValueInvalid", "conflicting scopes"));
}

}  // namespace
}  // namespace wisp::strategies
