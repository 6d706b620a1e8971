// Label selector matching and validation.
#include "strategies/selector.h"

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(Selector, MatchLabelsAndExpressions) {
  Json labels = J(R"({"app":"web","tier":"front"})");
  EXPECT_TRUE(SelectorMatches(J(R"({"matchLabels":{"app":"web"}})"), labels));
  EXPECT_FALSE(SelectorMatches(J(R"({"matchLabels":{"app":"db"}})"), labels));
  EXPECT_TRUE(SelectorMatches(J(R"({"matchExpressions":[
      {"key":"tier","operator":"In","values":["front","back"]},
      {"key":"env","operator":"DoesNotExist"},
      {"key":"app","operator":"Exists"},
      {"key":"app","operator":"NotIn","values":["db"]}]})"),
                              labels));
  EXPECT_FALSE(SelectorMatches(J(R"({"matchExpressions":[{"key":"tier","operator":"NotIn",
      "values":["front"]}]})"),
                               labels));
  EXPECT_FALSE(
      SelectorMatches(J(R"({"matchExpressions":[{"key":"x","operator":"Bogus"}]})"), labels));
  EXPECT_TRUE(SelectorMatches(J("{}"), labels));
  EXPECT_TRUE(SelectorEmpty(J(R"({"matchLabels":{}})")));
}

TEST(Selector, Validation) {
  Causes causes;
  ValidateLabelSelector(J(R"({"matchExpressions":[
      {"key":"a","operator":"In"},
      {"key":"b","operator":"Exists","values":["x"]},
      {"key":"c","operator":"Sometimes"}]})"),
                        "spec.selector", causes);
  EXPECT_TRUE(HasCause(causes, "spec.selector.matchExpressions[0].values", "FieldValueRequired",
                       "must be specified when `operator` is 'In' or 'NotIn'"));
  EXPECT_TRUE(HasCause(causes, "spec.selector.matchExpressions[1].values", "FieldValueForbidden"));
  EXPECT_TRUE(HasCause(causes, "spec.selector.matchExpressions[2].operator", "FieldValueInvalid",
                       "not a valid selector operator"));
}

TEST(Selector, ExpressionValuesMustBeLabelValues) {
  Causes causes;
  ValidateLabelSelector(J(R"({"matchExpressions":[
      {"key":"a","operator":"In","values":["ok","","not ok"]}]})"),
                        "spec.selector", causes);
  ASSERT_EQ(causes.size(), 1u) << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.selector.matchExpressions[0].values[2]", "FieldValueInvalid",
                       "Invalid value: \"not ok\": a valid label must be an empty string or "
                       "consist of alphanumeric characters"));
}

}  // namespace
}  // namespace wisp::strategies
