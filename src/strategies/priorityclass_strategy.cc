// scheduling.k8s.io/v1 PriorityClasses: preemptionPolicy default, reserved
// "system-" names, value limits and an immutable value.
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

// upstream scheduling.HighestUserDefinablePriority.
constexpr int64_t kHighestUserPriority = 1000000000;

class PriorityClassStrategy : public Strategy {
 public:
  PriorityClassStrategy() : Strategy({.namespaced = false}) {}

  void Default(Json& obj) const override {
    SetDefault(obj, "preemptionPolicy", "PreemptLowerPriority");
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    std::string name = Str(ValueOr(obj, "metadata", Json::object()), "name");
    std::optional<int64_t> value = Int(obj, "value");
    // upstream's IsKnownSystemPriorityClass: the two system classes, with
    // their own values and no globalDefault.
    const bool system = name.rfind("system-", 0) == 0;
    if (system) {
      std::string why;
      const int64_t want = name == "system-node-critical"      ? 2000001000
                           : name == "system-cluster-critical" ? 2000000000
                                                               : 0;
      if (want == 0) {
        why = base::StrCat(name, " is not a known system priority class");
      } else if (value.value_or(0) != want) {
        why = base::StrCat("value of ", name, " PriorityClass must be ", want);
      } else if (Bool(obj, "globalDefault").value_or(false)) {
        why = base::StrCat("globalDefault of ", name, " PriorityClass must be false");
      }
      if (!why.empty()) {
        causes.push_back(apimachinery::FieldForbidden(
            "metadata.name",
            base::StrCat("priority class names with 'system-' prefix are reserved for system use "
                         "only. error: ",
                         why)));
      }
    }
    if (!system && value.has_value() && *value > kHighestUserPriority) {
      causes.push_back(apimachinery::FieldForbidden(
          "value", "maximum allowed value of a user defined priority is 1000000000"));
    }
    std::string policy = Str(obj, "preemptionPolicy");
    if (!policy.empty() && policy != "PreemptLowerPriority" && policy != "Never") {
      causes.push_back(apimachinery::FieldNotSupported("preemptionPolicy", Json(policy),
                                                       {"Never", "PreemptLowerPriority"}));
    }
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    if (ValueOr(obj, "value") != ValueOr(old, "value")) {
      causes.push_back(apimachinery::FieldForbidden("value", "may not be changed in an update."));
    }
    if (ValueOr(obj, "preemptionPolicy") != ValueOr(old, "preemptionPolicy")) {
      causes.push_back(apimachinery::FieldInvalid(
          "preemptionPolicy", ValueOr(obj, "preemptionPolicy"), "field is immutable"));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewPriorityClassStrategy() {
  return std::make_unique<PriorityClassStrategy>();
}

}  // namespace wisp::strategies
