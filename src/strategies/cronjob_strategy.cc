// batch/v1 CronJobs: defaults (Allow, history limits, suspend) and
// upstream's validateCronJobSpec: schedule, time zone, concurrency policy
// and the job template, whose spec is checked as a Job's.
#include <cctype>
#include <memory>
#include <string>
#include <string_view>

#include "strategies/cron_schedule.h"
#include "strategies/job_validation.h"
#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/pod_defaults.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {

namespace {

using apimachinery::FieldInvalid;

// Job names get an 11-character suffix and must stay DNS labels (63).
constexpr size_t kMaxCronJobNameLength = 52;

// parent[key] as an object, created when absent (upstream's struct fields
// are always there).
Json* MemberObject(Json& parent, std::string_view key) {
  SetDefault(parent, key, Json::object());
  return ObjectAt(parent, key);
}

void NonNegative(const Json& spec, std::string_view key, Causes& causes) {
  std::optional<int64_t> v = Int(spec, key);
  if (v.has_value() && *v < 0) {
    causes.push_back(
        FieldInvalid(Child("spec", key), Json(*v), "must be greater than or equal to 0"));
  }
}

// One '/'-separated part of a zone name: IANA's naming rules, with digits
// and '+' tolerated for legacy names (upstream's validTimeZoneCharacters).
bool ValidTimeZonePart(std::string_view part) {
  if (part.empty() || part.size() > 14 || part == "." || part == ".." || part[0] == '-') {
    return false;
  }
  for (char c : part) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_' &&
        c != '+') {
      return false;
    }
  }
  return true;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

void ValidateTimeZone(const Json& zone, Causes& causes) {
  if (!zone.is_string()) return;  // nil: the controller's zone
  constexpr const char* kPath = "spec.timeZone";
  const std::string& name = zone.get_ref<const std::string&>();
  if (name.empty()) {
    causes.push_back(FieldInvalid(kPath, zone, "timeZone must be nil or non-empty string"));
    return;
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    if (!ValidTimeZonePart(std::string_view(name).substr(start, end - start))) {
      causes.push_back(FieldInvalid(kPath, zone, base::StrCat("unknown time zone ", name)));
      return;
    }
    start = end + 1;
  }
  if (EqualsIgnoringCase(name, "Local")) {
    causes.push_back(FieldInvalid(
        kPath, zone,
        "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
  }
  if (std::optional<std::string> err = TimeZoneError(name)) {
    causes.push_back(FieldInvalid(kPath, zone, *err));
  }
}

// A schedule may keep a TZ prefix only if it already had one (then not
// together with timeZone).
void ValidateSchedule(const Json& spec, const Json* old_spec, Causes& causes) {
  std::string schedule = Str(spec, "schedule");
  if (schedule.empty()) {
    causes.push_back(apimachinery::FieldRequired("spec.schedule", ""));
    return;
  }
  if (std::optional<std::string> err = CronScheduleError(schedule)) {
    causes.push_back(FieldInvalid("spec.schedule", Json(schedule), *err));
  }
  bool has_tz = schedule.find("TZ") != std::string::npos;
  bool allow_tz = old_spec != nullptr && Str(*old_spec, "schedule").find("TZ") != std::string::npos;
  if (allow_tz && has_tz && Find(spec, "timeZone") != nullptr) {
    causes.push_back(FieldInvalid("spec.schedule", Json(schedule),
                                  "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
  } else if (!allow_tz && has_tz) {
    causes.push_back(
        FieldInvalid("spec.schedule", Json(schedule),
                     "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  }
}

// Upstream's ValidateJobTemplateSpec: a job spec whose selector the
// controller generates.
void ValidateJobTemplate(const Json& spec, Causes& causes) {
  static const Json kEmpty = Json::object();
  const Json* job_spec = FindPath(spec, {"jobTemplate", "spec"});
  const Json& js = job_spec != nullptr && job_spec->is_object() ? *job_spec : kEmpty;
  ValidateJobSpec(js, "spec.jobTemplate.spec", causes);
  if (const Json* selector = Find(js, "selector")) {
    causes.push_back(apimachinery::FieldInvalidGo("spec.jobTemplate.spec.selector",
                                                  apimachinery::GoLabelSelector(*selector),
                                                  "`selector` will be auto-generated"));
  }
  if (Bool(js, "manualSelector").value_or(false)) {
    causes.push_back(apimachinery::FieldNotSupported("spec.jobTemplate.spec.manualSelector",
                                                     Json(true), {"nil", "false"}));
  }
}

// Upstream's validateCronJobSpec; `old_spec` is null on create.
void ValidateCronJobSpec(const Json& spec, const Json* old_spec, Causes& causes) {
  ValidateSchedule(spec, old_spec, causes);
  NonNegative(spec, "startingDeadlineSeconds", causes);
  Json zone = ValueOr(spec, "timeZone");
  if (old_spec == nullptr || zone != ValueOr(*old_spec, "timeZone")) {
    ValidateTimeZone(zone, causes);
  }
  std::string policy = Str(spec, "concurrencyPolicy");
  if (policy.empty()) {
    causes.push_back(apimachinery::FieldRequired("spec.concurrencyPolicy", ""));
  } else if (policy != "Allow" && policy != "Forbid" && policy != "Replace") {
    causes.push_back(apimachinery::FieldNotSupported("spec.concurrencyPolicy", Json(policy),
                                                     {"Allow", "Forbid", "Replace"}));
  }
  ValidateJobTemplate(spec, causes);
  NonNegative(spec, "successfulJobsHistoryLimit", causes);
  NonNegative(spec, "failedJobsHistoryLimit", causes);
}

class CronJobStrategy : public Strategy {
 public:
  CronJobStrategy()
      : Strategy({.namespaced = true,
                  .has_status = true,
                  .has_generation = true,
                  .initial_status = "{}"}) {}

  void Default(Json& obj) const override {
    if (obj.is_object()) SetDefault(obj, "spec", Json::object());
    Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr) return;
    SetDefault(*spec, "concurrencyPolicy", "Allow");
    SetDefault(*spec, "suspend", false);
    SetDefault(*spec, "successfulJobsHistoryLimit", 3);
    SetDefault(*spec, "failedJobsHistoryLimit", 1);
    // The job template, its spec and pod template are structs upstream:
    // present, and defaulted, even when the body leaves them out.
    Json* job_template = MemberObject(*spec, "jobTemplate");
    Json* job_spec = job_template != nullptr ? MemberObject(*job_template, "spec") : nullptr;
    if (job_spec == nullptr) return;
    DefaultPodFailurePolicy(*job_spec);
    Json* tmpl = MemberObject(*job_spec, "template");
    if (tmpl == nullptr) return;
    SetDefault(*tmpl, "spec", Json::object());
    DefaultPodTemplate(*tmpl);
  }

  // Upstream's ValidateCronJobCreate: the name limit holds only on create,
  // so that older CronJobs with longer names stay updatable.
  std::vector<apimachinery::Cause> ValidateCreate(const Json& obj) const override {
    Causes causes = Strategy::ValidateCreate(obj);
    ValidateCronJobSpec(ValueOr(obj, "spec", Json::object()), nullptr, causes);
    std::string name = Str(ValueOr(obj, "metadata", Json::object()), "name");
    if (name.size() > kMaxCronJobNameLength) {
      causes.push_back(
          FieldInvalid("metadata.name", Json(name), "must be no more than 52 characters"));
    }
    return causes;
  }

 protected:
  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    const Json old_spec = ValueOr(old, "spec", Json::object());
    ValidateCronJobSpec(ValueOr(obj, "spec", Json::object()), &old_spec, causes);
  }
};

}  // namespace

std::unique_ptr<Strategy> NewCronJobStrategy() { return std::make_unique<CronJobStrategy>(); }

}  // namespace wisp::strategies
