// LimitRanges: upstream's defaults for Container limits and validation.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

Causes CreateLimits(std::string_view limits) {
  auto s = NewLimitRangeStrategy();
  Json lr = J(std::string(R"({"metadata":{"name":"l","namespace":"d"},"spec":{"limits":)") +
              std::string(limits) + "}}");
  return testing::Create(*s, lr);
}

TEST(LimitRangeStrategy, ContainerItemsGetDefaultsFromMaxDefaultAndMin) {
  auto s = NewLimitRangeStrategy();
  Json lr = J(R"({"metadata":{"name":"l","namespace":"d"},"spec":{"limits":[
      {"type":"Container","max":{"cpu":"2"},"min":{"memory":"64Mi"},"default":{"memory":"1Gi"}},
      {"type":"Pod","max":{"cpu":"4"}}]}})");
  Causes causes = testing::Create(*s, lr);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(lr["spec"]["limits"][0]["default"], J(R"({"cpu":"2","memory":"1Gi"})"));
  // The default limit wins over the min for the default request.
  EXPECT_EQ(lr["spec"]["limits"][0]["defaultRequest"], J(R"({"cpu":"2","memory":"1Gi"})"));
  EXPECT_FALSE(lr["spec"]["limits"][1].contains("default"));
}

TEST(LimitRangeStrategy, OrderingsAreValidatedAfterDefaulting) {
  // max 1 defaults the default and the default request to 1, below min 2.
  Causes causes = CreateLimits(R"([{"type":"Container","max":{"cpu":"1"},"min":{"cpu":"2"}}])");
  EXPECT_TRUE(HasCause(causes, "spec.limits[0].min[cpu]", "FieldValueInvalid",
                       "min value 2 is greater than max value 1"));
  EXPECT_TRUE(HasCause(causes, "spec.limits[0].defaultRequest[cpu]", "FieldValueInvalid",
                       "min value 2 is greater than default request value 1"));
  causes = CreateLimits(R"([{"type":"Container","max":{"memory":"1Gi"},
      "default":{"memory":"2Gi"},"defaultRequest":{"memory":"3Gi"}}])");
  EXPECT_TRUE(HasCause(causes, "spec.limits[0].default[memory]", "FieldValueInvalid",
                       "default value 2Gi is greater than max value 1Gi"));
  EXPECT_TRUE(HasCause(causes, "spec.limits[0].defaultRequest[memory]", "FieldValueInvalid",
                       "default request value 3Gi is greater than default limit value 2Gi"));
}

TEST(LimitRangeStrategy, TypesNamesAndRatios) {
  Causes causes = CreateLimits(R"([
      {"type":"Pod","max":{"cpu":"2"},"default":{"cpu":"1"}},
      {"type":"Pod","max":{"cpu":"2"}},
      {"type":"Widget"},
      {"type":"Container","min":{"cpu":"1"},"max":{"cpu":"2"},"maxLimitRequestRatio":{"cpu":"3"}},
      {"type":"PersistentVolumeClaim","max":{"cpu":"1"}},
      {"type":"example.com/thing","maxLimitRequestRatio":{"memory":"500m"}},
      {"type":"Container","max":{"pods":"1"}}])");
  EXPECT_TRUE(HasCause(causes, "spec.limits[0].default", "FieldValueForbidden",
                       "may not be specified when `type` is 'Pod'"));
  EXPECT_TRUE(HasCause(causes, "spec.limits[1].type", "FieldValueDuplicate"));
  EXPECT_TRUE(HasCause(causes, "spec.limits[2].type", "FieldValueInvalid",
                       "must be a standard limit type or fully qualified"));
  EXPECT_TRUE(HasCause(causes, "spec.limits[3].maxLimitRequestRatio[cpu]", "FieldValueInvalid",
                       "ratio 3 is greater than max/min = 2.000000"));
  EXPECT_TRUE(HasCause(causes, "spec.limits[4].limits", "FieldValueRequired",
                       "either minimum or maximum storage value is required"));
  EXPECT_TRUE(HasCause(causes, "spec.limits[5].maxLimitRequestRatio[memory]", "FieldValueInvalid",
                       "ratio 500m is less than 1"));
  EXPECT_TRUE(HasCause(causes, "spec.limits[6].type", "FieldValueDuplicate"));
  EXPECT_TRUE(HasCause(causes, "spec.limits[6].max[pods]", "FieldValueInvalid",
                       "must be a standard resource for containers"));
}

}  // namespace
}  // namespace wisp::strategies
