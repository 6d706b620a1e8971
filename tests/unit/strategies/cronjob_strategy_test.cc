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

TEST(CronJobStrategy, TimeZoneMustBeAnExplicitKnownZone) {
  auto s = NewCronJobStrategy();
  Json utc = CronJob();
  utc["spec"]["timeZone"] = "UTC";
  Causes causes = testing::Create(*s, utc);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  struct Case {
    const char* zone;
    const char* message;
  };
  for (const Case& c : {
           Case{"", "Invalid value: \"\": timeZone must be nil or non-empty string"},
           Case{"Local",
                "timeZone must be an explicit time zone as defined in "
                "https://www.iana.org/time-zones"},
           Case{"Mars/Olympus_Mons", "unknown time zone Mars/Olympus_Mons"},
           Case{"Europe/../UTC", "unknown time zone Europe/../UTC"},
           Case{"Much/TooLongComponentName", "unknown time zone Much/TooLongComponentName"},
       }) {
    Json cj = CronJob();
    cj["spec"]["timeZone"] = c.zone;
    EXPECT_TRUE(HasCause(testing::Create(*s, cj), "spec.timeZone", "FieldValueInvalid", c.message))
        << c.zone;
  }
}

TEST(CronJobStrategy, ScheduleTimeZonePrefixIsParsedAndRefused) {
  auto s = NewCronJobStrategy();
  Json cj = CronJob();
  cj["spec"]["schedule"] = "CRON_TZ=UTC 61 * * * *";
  Causes causes = testing::Create(*s, cj);
  EXPECT_TRUE(HasCause(causes, "spec.schedule", "FieldValueInvalid",
                       "end of range (61) above maximum (59): 61"));
  EXPECT_TRUE(HasCause(causes, "spec.schedule", "FieldValueInvalid",
                       "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  // A stored schedule with a prefix may keep it, but not next to timeZone.
  Json old = CronJob();
  old["spec"]["schedule"] = "TZ=UTC 0 * * * *";
  testing::Create(*s, old);
  Json kept = old;
  kept["spec"]["suspend"] = true;
  causes = testing::Update(*s, kept, old);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  Json both = old;
  both["spec"]["timeZone"] = "UTC";
  EXPECT_TRUE(HasCause(testing::Update(*s, both, old), "spec.schedule", "FieldValueInvalid",
                       "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
}

TEST(CronJobStrategy, JobTemplateSpecIsValidatedAsAJobSpec) {
  auto s = NewCronJobStrategy();
  Json cj = CronJob();
  Json& job_spec = cj["spec"]["jobTemplate"]["spec"];
  job_spec["selector"] = J(R"({"matchLabels":{"app":"hello"}})");
  job_spec["manualSelector"] = true;
  job_spec["activeDeadlineSeconds"] = -1;
  job_spec["backoffLimitPerIndex"] = 1;
  Causes causes = testing::Create(*s, cj);
  EXPECT_TRUE(HasCause(causes, "spec.jobTemplate.spec.selector", "FieldValueInvalid",
                       "`selector` will be auto-generated"));
  EXPECT_TRUE(HasCause(causes, "spec.jobTemplate.spec.manualSelector", "FieldValueNotSupported",
                       "Unsupported value: true: supported values: \"nil\", \"false\""));
  EXPECT_TRUE(HasCause(causes, "spec.jobTemplate.spec.activeDeadlineSeconds", "FieldValueInvalid",
                       "must be greater than or equal to 0"));
  EXPECT_TRUE(HasCause(causes, "spec.jobTemplate.spec.backoffLimitPerIndex", "FieldValueInvalid",
                       "requires indexed completion mode"));
}

TEST(CronJobStrategy, SpecErrorsComeInUpstreamOrder) {
  auto s = NewCronJobStrategy();
  Json cj = CronJob();
  cj["spec"]["schedule"] = "61 * * * *";
  cj["spec"]["startingDeadlineSeconds"] = -1;
  cj["spec"]["timeZone"] = "";
  cj["spec"]["concurrencyPolicy"] = "Sometimes";
  cj["spec"]["jobTemplate"]["spec"]["template"]["spec"].erase("restartPolicy");
  cj["spec"]["successfulJobsHistoryLimit"] = -1;
  std::vector<std::string> fields;
  for (const auto& c : testing::Create(*s, cj)) fields.push_back(c.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"spec.schedule", "spec.startingDeadlineSeconds",
                                              "spec.timeZone", "spec.concurrencyPolicy",
                                              "spec.jobTemplate.spec.template.spec.restartPolicy",
                                              "spec.successfulJobsHistoryLimit"}));
}

TEST(CronJobStrategy, NameLengthIsCheckedOnCreateOnly) {
  auto s = NewCronJobStrategy();
  Json old = CronJob();
  old["metadata"]["name"] = std::string(53, 'a');
  testing::Create(*s, old);
  Json changed = old;
  changed["spec"]["suspend"] = true;
  Causes causes = testing::Update(*s, changed, old);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

}  // namespace
}  // namespace wisp::strategies
