// Workload kinds: pod template, selector and replicas rules shared by the
// apps/v1 and batch/v1 controllers' objects.
#include "strategies/workload.h"

#include "strategies/pod_defaults.h"
#include "strategies/pod_validation.h"
#include "strategies/selector.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {

void ValidateNonNegativeField(const Json& spec, std::string_view key, Causes& causes) {
  std::optional<int64_t> v = Int(spec, key);
  if (v.has_value() && *v < 0) {
    causes.push_back(apimachinery::FieldInvalid(Child("spec", key), Json(*v),
                                                "must be greater than or equal to 0"));
  }
}

void ValidateTemplateLabels(const Json& selector, const Json& tmpl, Causes& causes) {
  Json labels = ValueOr(ValueOr(tmpl, "metadata", Json::object()), "labels", Json::object());
  if (SelectorEmpty(selector) || SelectorMatches(selector, labels)) return;
  constexpr const char* kMismatch = "`selector` does not match template `labels`";
  // Upstream prints the labels map with %#v; a template without labels has a nil one.
  causes.push_back(
      labels.empty()
          ? apimachinery::FieldInvalidGo("spec.template.metadata.labels", "map[string]string(nil)",
                                         kMismatch)
          : apimachinery::FieldInvalid("spec.template.metadata.labels", labels, kMismatch));
}

void WorkloadStrategy::Default(Json& obj) const {
  Json* spec = ObjectAt(obj, "spec");
  if (spec == nullptr) return;
  if (Json* tmpl = ObjectAt(*spec, "template")) DefaultPodTemplate(*tmpl);
  DefaultSpec(*spec);
}

void WorkloadStrategy::ValidateKind(const Json& obj, Causes& causes) const {
  static const Json kEmpty = Json::object();
  const Json* spec_ptr = ObjectAt(obj, "spec");
  const Json& spec = spec_ptr != nullptr ? *spec_ptr : kEmpty;
  ValidateNonNegativeField(spec, "replicas", causes);
  ValidateNonNegativeField(spec, "minReadySeconds", causes);
  ValidateNonNegativeField(spec, "revisionHistoryLimit", causes);

  const Json* selector = ObjectAt(spec, "selector");
  const Json* tmpl = ObjectAt(spec, "template");
  if (selector == nullptr) {
    causes.push_back(apimachinery::FieldRequired("spec.selector", ""));
  } else {
    ValidateLabelSelector(*selector, "spec.selector", causes);
    if (SelectorEmpty(*selector)) {
      causes.push_back(
          apimachinery::FieldInvalidGo("spec.selector", apimachinery::GoLabelSelector(*selector),
                                       base::StrCat("empty selector is invalid for ", kind_)));
    }
  }
  if (tmpl == nullptr) {
    causes.push_back(apimachinery::FieldRequired("spec.template", ""));
  } else {
    if (selector != nullptr) ValidateTemplateLabels(*selector, *tmpl, causes);
    if (ValidatesPodSpec()) {
      ValidatePodTemplate(*tmpl, "spec.template", causes);
    } else if (const Json* labels = FindPath(*tmpl, {"metadata", "labels"})) {
      for (auto& c : apimachinery::ValidateLabels(*labels, "spec.template.labels")) {
        causes.push_back(std::move(c));
      }
    }
    const Json* pod_spec = ObjectAt(*tmpl, "spec");
    std::string policy = pod_spec != nullptr ? Str(*pod_spec, "restartPolicy") : "";
    bool allowed = false;
    for (const std::string& p : restart_policies_) allowed = allowed || p == policy;
    constexpr const char* kPolicyPath = "spec.template.spec.restartPolicy";
    if (allowed) {
      // accepted
    } else if (restart_policies_.size() > 1 && (policy.empty() || policy == "Always")) {
      // Run-to-completion kinds: upstream's job validation reports the
      // defaulted (or omitted) Always as a missing choice.
      causes.push_back(apimachinery::FieldRequired(
          kPolicyPath, base::StrCat("valid values: \"", restart_policies_[0], "\", \"",
                                    restart_policies_[1], "\"")));
    } else if (!policy.empty()) {
      causes.push_back(
          apimachinery::FieldNotSupported(kPolicyPath, Json(policy), restart_policies_));
    }
  }
  ValidateSpec(spec, causes);
}

void WorkloadStrategy::ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const {
  Json selector = ValueOr(ValueOr(obj, "spec", Json::object()), "selector");
  Json old_selector = ValueOr(ValueOr(old, "spec", Json::object()), "selector");
  if (selector != old_selector) {
    causes.push_back(apimachinery::FieldInvalidGo(
        "spec.selector", apimachinery::GoLabelSelector(selector), "field is immutable"));
  }
}

}  // namespace wisp::strategies
