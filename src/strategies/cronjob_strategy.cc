// batch/v1 CronJobs: defaults (Allow, history limits, suspend), schedule
// syntax and the job template's pod rules.
#include <memory>

#include "strategies/cron_schedule.h"
#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/pod_defaults.h"
#include "strategies/pod_validation.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

// Job names get an 11-character suffix and must stay DNS labels (63).
constexpr size_t kMaxCronJobNameLength = 52;

class CronJobStrategy : public Strategy {
 public:
  CronJobStrategy()
      : Strategy({.namespaced = true,
                  .has_status = true,
                  .has_generation = true,
                  .initial_status = "{}"}) {}

  void Default(Json& obj) const override {
    Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr) return;
    SetDefault(*spec, "concurrencyPolicy", "Allow");
    SetDefault(*spec, "suspend", false);
    SetDefault(*spec, "successfulJobsHistoryLimit", 3);
    SetDefault(*spec, "failedJobsHistoryLimit", 1);
    Json* job_template = ObjectAt(*spec, "jobTemplate");
    Json* job_spec = job_template != nullptr ? ObjectAt(*job_template, "spec") : nullptr;
    Json* tmpl = job_spec != nullptr ? ObjectAt(*job_spec, "template") : nullptr;
    if (tmpl != nullptr) DefaultPodTemplate(*tmpl);
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    std::string name = Str(ValueOr(obj, "metadata", Json::object()), "name");
    if (name.size() > kMaxCronJobNameLength) {
      causes.push_back(apimachinery::FieldInvalid("metadata.name", Json(name),
                                                  "must be no more than 52 characters"));
    }
    const Json spec = ValueOr(obj, "spec", Json::object());
    std::string schedule = Str(spec, "schedule");
    if (schedule.empty()) {
      causes.push_back(apimachinery::FieldRequired("spec.schedule", ""));
    } else if (schedule.find("TZ") != std::string::npos) {
      causes.push_back(apimachinery::FieldInvalid(
          "spec.schedule", Json(schedule),
          "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
    } else if (std::optional<std::string> err = CronScheduleError(schedule)) {
      causes.push_back(apimachinery::FieldInvalid("spec.schedule", Json(schedule), *err));
    }
    std::string policy = Str(spec, "concurrencyPolicy");
    if (policy.empty()) {
      causes.push_back(apimachinery::FieldRequired("spec.concurrencyPolicy", ""));
    } else if (policy != "Allow" && policy != "Forbid" && policy != "Replace") {
      causes.push_back(apimachinery::FieldNotSupported("spec.concurrencyPolicy", Json(policy),
                                                       {"Allow", "Forbid", "Replace"}));
    }
    for (const char* key :
         {"startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"}) {
      std::optional<int64_t> v = Int(spec, key);
      if (v.has_value() && *v < 0) {
        causes.push_back(apimachinery::FieldInvalid(Child("spec", key), Json(*v),
                                                    "must be greater than or equal to 0"));
      }
    }
    ValidateJobTemplate(spec, causes);
  }

 private:
  static void ValidateJobTemplate(const Json& spec, Causes& causes) {
    const Json* tmpl = FindPath(spec, {"jobTemplate", "spec", "template"});
    if (tmpl == nullptr || !tmpl->is_object()) {
      causes.push_back(
          apimachinery::FieldRequired("spec.jobTemplate.spec.template.spec.containers", ""));
      return;
    }
    ValidatePodTemplate(*tmpl, "spec.jobTemplate.spec.template", causes);
    std::string policy = Str(ValueOr(*tmpl, "spec", Json::object()), "restartPolicy");
    constexpr const char* kPolicyPath = "spec.jobTemplate.spec.template.spec.restartPolicy";
    if (policy.empty() || policy == "Always") {
      causes.push_back(
          apimachinery::FieldRequired(kPolicyPath, "valid values: \"OnFailure\", \"Never\""));
    } else if (policy != "OnFailure" && policy != "Never") {
      causes.push_back(
          apimachinery::FieldNotSupported(kPolicyPath, Json(policy), {"OnFailure", "Never"}));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewCronJobStrategy() { return std::make_unique<CronJobStrategy>(); }

}  // namespace wisp::strategies
