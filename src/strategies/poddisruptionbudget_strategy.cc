// policy/v1 PodDisruptionBudgets: upstream's ValidatePodDisruptionBudgetSpec
// (minAvailable xor maxUnavailable, each a non-negative integer or a percent
// of at most 100%, the selector, unhealthyPodEvictionPolicy).
#include <memory>
#include <string>
#include <string_view>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/selector.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

// validation.IsValidPercent's message (RegexError with its examples).
constexpr char kNotPercent[] =
    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or "
    "'93%', regex used for validation is '[0-9]+%')";

// Go's %q of a string, as the field-error builders print it.
std::string GoQuoted(const std::string& s) {
  constexpr std::string_view kPrefix = "Invalid value: ";
  return apimachinery::FieldInvalid("", Json(s), "").message.substr(kPrefix.size());
}

// A string IntOrString as Go's %#v prints it in field errors.
std::string GoIntOrString(const std::string& s) {
  return "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + GoQuoted(s) + "}";
}

// The percent a string matching [0-9]+% stands for (saturating as Go's
// strconv.Atoi), or -1 when it does not match.
int64_t PercentValue(std::string_view s) {
  if (s.size() < 2 || s.back() != '%') return -1;
  int64_t value = 0;
  for (char c : s.substr(0, s.size() - 1)) {
    if (c < '0' || c > '9') return -1;
    value = value > 1'000'000'000 ? value : value * 10 + (c - '0');
  }
  return value;
}

// appsvalidation.ValidatePositiveIntOrPercent and IsNotMoreThan100Percent.
void ValidateIntOrPercent(const Json& spec, const char* key, Causes& causes) {
  const Json* v = Find(spec, key);
  if (v == nullptr) return;
  std::string path = Child("spec", key);
  if (v->is_number_integer() && *v < 0) {
    causes.push_back(apimachinery::FieldInvalid(path, *v, "must be greater than or equal to 0"));
  } else if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    int64_t percent = PercentValue(s);
    if (percent < 0) {
      causes.push_back(apimachinery::FieldInvalidGo(path, GoIntOrString(s), kNotPercent));
    } else if (percent > 100) {
      causes.push_back(
          apimachinery::FieldInvalidGo(path, GoIntOrString(s), "must not be greater than 100%"));
    }
  }
}

class PodDisruptionBudgetStrategy : public Strategy {
 public:
  PodDisruptionBudgetStrategy()
      : Strategy(
            {.namespaced = true,
             .has_status = true,
             .has_generation = true,
             .initial_status =
                 R"({"currentHealthy":0,"desiredHealthy":0,"disruptionsAllowed":0,"expectedPods":0})"}) {
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    if (Find(spec, "minAvailable") != nullptr && Find(spec, "maxUnavailable") != nullptr) {
      causes.push_back(apimachinery::FieldInvalid(
          "spec", spec, "minAvailable and maxUnavailable cannot be both set"));
    }
    ValidateIntOrPercent(spec, "minAvailable", causes);
    ValidateIntOrPercent(spec, "maxUnavailable", causes);
    if (const Json* selector = ObjectAt(spec, "selector")) {
      ValidateLabelSelector(*selector, "spec.selector", causes);
    }
    // Unlike ValidateEnum, an empty policy is unsupported rather than unset.
    if (const Json* policy = Find(spec, "unhealthyPodEvictionPolicy")) {
      if (*policy != "AlwaysAllow" && *policy != "IfHealthyBudget") {
        causes.push_back(apimachinery::FieldNotSupported("spec.unhealthyPodEvictionPolicy", *policy,
                                                         {"AlwaysAllow", "IfHealthyBudget"}));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewPodDisruptionBudgetStrategy() {
  return std::make_unique<PodDisruptionBudgetStrategy>();
}

}  // namespace wisp::strategies
