// Workload kinds: pod template, selector and replicas rules shared by the
// apps/v1 and batch/v1 controllers' objects, and the IntOrString checks of
// the apps rollout strategies (pkg/apis/apps/validation).
#include "strategies/workload.h"

#include "strategies/pod_warnings.h"

#include <algorithm>
#include <optional>

#include "strategies/pod_defaults.h"
#include "strategies/pod_validation.h"
#include "strategies/selector.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

// validation.IsValidPercent's message (RegexError leaves two spaces before
// "or").
constexpr const char* kPercentMessage =
    "a valid percent string must be a numeric string followed by an ending '%' "
    "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

// Kinds whose pods run until replaced may not give them a deadline; the
// message names the upstream validation that refuses it (Deployments and
// ReplicaSets share ValidatePodTemplateSpecForReplicaSet).
const char* DeadlineOwner(std::string_view kind) {
  if (kind == "deployment") return "ReplicaSet";
  if (kind == "daemonset") return "DaemonSet";
  if (kind == "statefulset") return "StatefulSet";
  return nullptr;
}

// The digits of a percent string ("^[0-9]+%$"), or nullopt.
std::optional<std::string_view> PercentDigits(const Json& v) {
  if (!v.is_string()) return std::nullopt;
  std::string_view s = v.get_ref<const std::string&>();
  if (s.size() < 2 || s.back() != '%') return std::nullopt;
  s.remove_suffix(1);
  if (s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  return s;
}

bool AllZeros(std::string_view digits) {
  return digits.find_first_not_of('0') == std::string_view::npos;
}

}  // namespace

void SetDefaultIfEmpty(Json& obj, std::string_view key, std::string_view value) {
  const Json* current = Find(obj, key);
  if (obj.is_object() && (current == nullptr || *current == "")) {
    obj[std::string(key)] = std::string(value);
  }
}

void ValidateNonNegativeField(const Json& spec, std::string_view key, Causes& causes) {
  std::optional<int64_t> v = Int(spec, key);
  if (v.has_value() && *v < 0) {
    causes.push_back(apimachinery::FieldInvalid(Child("spec", key), Json(*v),
                                                "must be greater than or equal to 0"));
  }
}

apimachinery::Cause TemplateLabelsMismatch(const Json& tmpl) {
  Json labels = ValueOr(ValueOr(tmpl, "metadata", Json::object()), "labels", Json::object());
  constexpr const char* kMismatch = "`selector` does not match template `labels`";
  // Upstream prints the labels map with %#v; a template without labels has a nil one.
  return labels.empty()
             ? apimachinery::FieldInvalidGo("spec.template.metadata.labels",
                                            "map[string]string(nil)", kMismatch)
             : apimachinery::FieldInvalid("spec.template.metadata.labels", labels, kMismatch);
}

void ValidateTemplateLabels(const Json& selector, const Json& tmpl, Causes& causes) {
  Json labels = ValueOr(ValueOr(tmpl, "metadata", Json::object()), "labels", Json::object());
  if (SelectorEmpty(selector) || SelectorMatches(selector, labels)) return;
  causes.push_back(TemplateLabelsMismatch(tmpl));
}

std::string GoQuoted(std::string_view s) {
  // A Duplicate cause prints its string value with strconv.Quote.
  constexpr std::string_view kHead = "Duplicate value: ";
  return apimachinery::FieldDuplicate("", Json(std::string(s))).message.substr(kHead.size());
}

apimachinery::Cause FieldNotSupportedGo(std::string_view field, std::string_view printed,
                                        const std::vector<std::string>& supported) {
  // FieldNotSupported prints a JSON value: build it around "" and put the
  // Go-printed value in its place.
  apimachinery::Cause cause = apimachinery::FieldNotSupported(field, Json(""), supported);
  constexpr std::string_view kHead = "Unsupported value: \"\"";
  cause.message = base::StrCat("Unsupported value: ", printed, cause.message.substr(kHead.size()));
  return cause;
}

std::string GoPointer(std::string_view go_type, bool set) {
  return base::StrCat("(*", go_type, ")(", set ? "0xc000000000" : "nil", ")");
}

std::string GoUpdateStrategy(std::string_view go_type, std::string_view rolling_go_type,
                             const Json& strategy) {
  return base::StrCat(go_type, "{Type:", GoQuoted(Str(strategy, "type")), ", RollingUpdate:",
                      GoPointer(rolling_go_type, Find(strategy, "rollingUpdate") != nullptr), "}");
}

std::string GoIntOrString(const Json& v) {
  if (v.is_string()) {
    return base::StrCat("intstr.IntOrString{Type:1, IntVal:0, StrVal:",
                        GoQuoted(v.get_ref<const std::string&>()), "}");
  }
  int64_t n = v.is_number_integer() ? v.get<int64_t>() : 0;
  return base::StrCat("intstr.IntOrString{Type:0, IntVal:", n, ", StrVal:\"\"}");
}

bool IntOrPercentIsZero(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>() == 0;
  if (!v.is_string()) return true;  // the zero IntOrString
  if (std::optional<std::string_view> digits = PercentDigits(v)) return AllZeros(*digits);
  // IntOrString.IntValue(): strconv.Atoi, 0 on a syntax error (a number out
  // of range is clamped, so not 0).
  std::string_view s = v.get_ref<const std::string&>();
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return true;
  return AllZeros(s);
}

void ValidatePositiveIntOrPercent(const Json& v, std::string_view path, Causes& causes) {
  if (v.is_string()) {
    if (!PercentDigits(v).has_value()) {
      causes.push_back(apimachinery::FieldInvalidGo(path, GoIntOrString(v), kPercentMessage));
    }
  } else if (v.is_number_integer() && v.get<int64_t>() < 0) {
    causes.push_back(apimachinery::FieldInvalid(path, Json(v.get<int64_t>()),
                                                "must be greater than or equal to 0"));
  }
}

void ValidateNotMoreThan100Percent(const Json& v, std::string_view path, Causes& causes) {
  std::optional<std::string_view> digits = PercentDigits(v);
  if (!digits.has_value()) return;
  std::string_view number =
      digits->substr(std::min(digits->find_first_not_of('0'), digits->size()));
  bool over = number.size() > 3 || (number.size() == 3 && number > "100");
  if (over) {
    causes.push_back(
        apimachinery::FieldInvalidGo(path, GoIntOrString(v), "must not be greater than 100%"));
  }
}

std::vector<std::string> WorkloadStrategy::Warnings(const Json& obj, const Json* old) const {
  const Json* tmpl = FindPath(obj, {"spec", "template"});
  std::vector<std::string> out;
  if (old == nullptr) {
    out = PodNameWarnings(Str(ValueOr(obj, "metadata", Json::object()), "name"), false);
  } else if (const Json* before = FindPath(*old, {"spec", "template"});
             before != nullptr && tmpl != nullptr && *before == *tmpl) {
    return out;
  }
  if (tmpl == nullptr) return out;
  for (std::string& w :
       PodSpecWarnings(ValueOr(*tmpl, "spec", Json::object()),
                       ValueOr(*tmpl, "metadata", Json::object()), "spec.template")) {
    out.push_back(std::move(w));
  }
  return out;
}

void WorkloadStrategy::Default(Json& obj) const {
  Json* spec = ObjectAt(obj, "spec");
  if (spec == nullptr) return;
  if (Json* tmpl = ObjectAt(*spec, "template")) DefaultPodTemplate(*tmpl);
  DefaultSpec(*spec);
}

void WorkloadStrategy::ValidateSpecBeforeSelector(const Json& spec, Causes& causes) const {
  ValidateNonNegativeField(spec, "replicas", causes);
  ValidateNonNegativeField(spec, "minReadySeconds", causes);
}

void WorkloadStrategy::ValidateKind(const Json& obj, Causes& causes) const {
  static const Json kEmpty = Json::object();
  const Json* spec_ptr = ObjectAt(obj, "spec");
  const Json& spec = spec_ptr != nullptr ? *spec_ptr : kEmpty;
  ValidateSpecBeforeSelector(spec, causes);

  const Json* selector = ObjectAt(spec, "selector");
  const Json* tmpl = ObjectAt(spec, "template");
  if (selector == nullptr) {
    if (RequiresSelector()) causes.push_back(apimachinery::FieldRequired("spec.selector", ""));
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
    // A missing selector selects nothing (metav1.LabelSelectorAsSelector).
    if (selector == nullptr) {
      causes.push_back(TemplateLabelsMismatch(*tmpl));
    } else {
      ValidateTemplateLabels(*selector, *tmpl, causes);
    }
    if (ValidatesPodSpec()) {
      ValidatePodTemplate(*tmpl, "spec.template", causes);
    } else {
      ValidatePodTemplateMetadata(*tmpl, "spec.template", causes);
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
    const char* owner = DeadlineOwner(kind_);
    if (owner != nullptr && pod_spec != nullptr &&
        Find(*pod_spec, "activeDeadlineSeconds") != nullptr) {
      causes.push_back(apimachinery::FieldForbidden(
          "spec.template.spec.activeDeadlineSeconds",
          base::StrCat("activeDeadlineSeconds in ", owner, " is not Supported")));
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
