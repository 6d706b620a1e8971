// batch/v1 Jobs: defaults, the generated selector and pod labels
// (batch.kubernetes.io/controller-uid, job-name) and job spec validation.
#include <memory>

#include "strategies/kinds.h"
#include "strategies/selector.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

constexpr const char* kControllerUid = "batch.kubernetes.io/controller-uid";
constexpr const char* kJobName = "batch.kubernetes.io/job-name";
constexpr const char* kLegacyControllerUid = "controller-uid";
constexpr const char* kLegacyJobName = "job-name";

class JobStrategy : public WorkloadStrategy {
 public:
  JobStrategy() : WorkloadStrategy("job", {"OnFailure", "Never"}, "{}") {}

  void Default(Json& obj) const override {
    WorkloadStrategy::Default(obj);
    // A job without labels takes its template's (SetDefaults_Job).
    const Json* tmpl_labels = FindPath(obj, {"spec", "template", "metadata", "labels"});
    Json* meta = ObjectAt(obj, "metadata");
    if (tmpl_labels != nullptr && meta != nullptr && Size(*meta, "labels") == 0) {
      (*meta)["labels"] = *tmpl_labels;
    }
  }

  void PrepareForCreate(Json& obj) const override {
    WorkloadStrategy::PrepareForCreate(obj);
    Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr || Bool(*spec, "manualSelector").value_or(false)) return;
    GenerateSelector(obj, *spec);
    // Upstream defaults every object it reads back from storage, so a job
    // created without labels shows its template's, generated ones included.
    Default(obj);
  }

 protected:
  void DefaultSpec(Json& spec) const override {
    if (Find(spec, "completions") == nullptr && Find(spec, "parallelism") == nullptr) {
      spec["completions"] = 1;
    }
    SetDefault(spec, "parallelism", 1);
    SetDefault(spec, "backoffLimit",
               Find(spec, "backoffLimitPerIndex") != nullptr ? 2147483647 : 6);
    SetDefault(spec, "completionMode", "NonIndexed");
    SetDefault(spec, "suspend", false);
    SetDefault(spec, "manualSelector", false);
    SetDefault(spec, "podReplacementPolicy",
               Find(spec, "podFailurePolicy") != nullptr ? "Failed" : "TerminatingOrFailed");
  }

  void ValidateSpec(const Json& spec, Causes& causes) const override {
    for (const char* key : {"parallelism", "completions", "backoffLimit"}) {
      ValidateNonNegativeField(spec, key, causes);
    }
    if (std::optional<int64_t> d = Int(spec, "activeDeadlineSeconds"); d.has_value() && *d <= 0) {
      causes.push_back(apimachinery::FieldInvalid("spec.activeDeadlineSeconds", Json(*d),
                                                  "must be greater than 0"));
    }
    std::string mode = Str(spec, "completionMode");
    if (!mode.empty() && mode != "NonIndexed" && mode != "Indexed") {
      causes.push_back(apimachinery::FieldNotSupported("spec.completionMode", Json(mode),
                                                       {"NonIndexed", "Indexed"}));
    }
    if (mode == "Indexed" && Find(spec, "completions") == nullptr) {
      causes.push_back(
          apimachinery::FieldRequired("spec.completions", "when completion mode is Indexed"));
    }
  }

  void ValidateKind(const Json& obj, Causes& causes) const override {
    WorkloadStrategy::ValidateKind(obj, causes);
    const Json* spec = ObjectAt(obj, "spec");
    const Json* selector = spec != nullptr ? ObjectAt(*spec, "selector") : nullptr;
    if (spec == nullptr || selector == nullptr || Bool(*spec, "manualSelector").value_or(false)) {
      return;
    }
    std::string uid = Str(ValueOr(obj, "metadata", Json::object()), "uid");
    if (uid.empty()) causes.push_back(apimachinery::FieldRequired("metadata.uid", ""));
    if (!SelectorMatches(*selector, Json{{kControllerUid, uid}})) {
      causes.push_back(apimachinery::FieldInvalidGo("spec.selector",
                                                    apimachinery::GoLabelSelector(*selector),
                                                    "`selector` not auto-generated"));
    }
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    WorkloadStrategy::ValidateKindUpdate(obj, old, causes);
    Json spec = ValueOr(obj, "spec", Json::object());
    Json old_spec = ValueOr(old, "spec", Json::object());
    Json completions = ValueOr(spec, "completions");
    if (completions != ValueOr(old_spec, "completions")) {
      causes.push_back(
          apimachinery::FieldInvalid("spec.completions", completions, "field is immutable"));
    }
    // The template may change only while the job is suspended.
    Json tmpl = ValueOr(spec, "template");
    if (tmpl != ValueOr(old_spec, "template") && !Bool(old_spec, "suspend").value_or(false)) {
      causes.push_back(apimachinery::FieldInvalid("spec.template", tmpl, "field is immutable"));
    }
  }

 private:
  static void GenerateSelector(Json& obj, Json& spec) {
    const Json meta = ValueOr(obj, "metadata", Json::object());
    std::string uid = Str(meta, "uid");
    std::string name = Str(meta, "name");
    SetDefault(spec, "template", Json::object());
    Json* tmpl = ObjectAt(spec, "template");
    if (tmpl == nullptr) return;
    SetDefault(*tmpl, "metadata", Json::object());
    Json* tmpl_meta = ObjectAt(*tmpl, "metadata");
    if (tmpl_meta == nullptr) return;
    SetDefault(*tmpl_meta, "labels", Json::object());
    if (Json* labels = ObjectAt(*tmpl_meta, "labels")) {
      // Labels the user set win; validation reports a conflict.
      SetDefault(*labels, kLegacyJobName, name);
      SetDefault(*labels, kJobName, name);
      SetDefault(*labels, kLegacyControllerUid, uid);
      SetDefault(*labels, kControllerUid, uid);
    }
    SetDefault(spec, "selector", Json::object());
    if (Json* selector = ObjectAt(spec, "selector")) {
      SetDefault(*selector, "matchLabels", Json::object());
      if (Json* match = ObjectAt(*selector, "matchLabels")) SetDefault(*match, kControllerUid, uid);
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewJobStrategy() { return std::make_unique<JobStrategy>(); }

}  // namespace wisp::strategies
