// CronJobs: upstream defaults and schedule/template validation.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

Json CronJob() {
  return J(R"({"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"hello","namespace":"d"},
      "spec":{"schedule":"*/1 * * * *","jobTemplate":{"spec":{"template":{"spec":{
        "restartPolicy":"OnFailure","containers":[{"name":"hello","image":"busybox:1.28"}]}}}}}})");
}

TEST(CronJobStrategy, MinimalCronJobGetsUpstreamDefaults) {
  auto s = NewCronJobStrategy();
  Json cj = CronJob();
  Causes causes = testing::Create(*s, cj);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(cj["spec"]["concurrencyPolicy"], "Allow");
  EXPECT_EQ(cj["spec"]["suspend"], false);
  EXPECT_EQ(cj["spec"]["successfulJobsHistoryLimit"], 3);
  EXPECT_EQ(cj["spec"]["failedJobsHistoryLimit"], 1);
  const Json& pod = cj["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  EXPECT_EQ(pod["containers"][0]["imagePullPolicy"], "IfNotPresent");
  EXPECT_EQ(pod["schedulerName"], "default-scheduler");
}

TEST(CronJobStrategy, ValidatesScheduleAndPolicy) {
  auto s = NewCronJobStrategy();
  Json cj = CronJob();
  cj["spec"]["schedule"] = "61 * * * *";
  cj["spec"]["concurrencyPolicy"] = "Sometimes";
  Causes causes = testing::Create(*s, cj);
  EXPECT_TRUE(HasCause(causes, "spec.schedule", "FieldValueInvalid",
                       "end of range (61) above maximum (59): 61"));
  EXPECT_TRUE(HasCause(causes, "spec.concurrencyPolicy", "FieldValueNotSupported"));
  Json missing = CronJob();
  missing["spec"].erase("schedule");
  EXPECT_TRUE(HasCause(testing::Create(*s, missing), "spec.schedule", "FieldValueRequired"));
  Json tz = CronJob();
  tz["spec"]["schedule"] = "TZ=UTC 0 * * * *";
  EXPECT_TRUE(HasCause(testing::Create(*s, tz), "spec.schedule", "FieldValueInvalid",
                       "cannot use TZ or CRON_TZ in schedule"));
}

TEST(CronJobStrategy, TemplateRulesAndNameLength) {
  auto s = NewCronJobStrategy();
  Json cj = CronJob();
  cj["metadata"]["name"] = std::string(53, 'a');
  cj["spec"]["jobTemplate"]["spec"]["template"]["spec"].erase("restartPolicy");
  Causes causes = testing::Create(*s, cj);
  EXPECT_TRUE(
      HasCause(causes, "metadata.name", "FieldValueInvalid", "must be no more than 52 characters"));
  EXPECT_TRUE(HasCause(causes, "spec.jobTemplate.spec.template.spec.restartPolicy",
                       "FieldValueRequired", "valid values: \"OnFailure\", \"Never\""));
}

}  // namespace
}  // namespace wisp::strategies
