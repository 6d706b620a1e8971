// scheduling.k8s.io/v1 PriorityClasses: preemptionPolicy default, reserved
// "system-" names, value limits and an immutable value.
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"

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
    bool system = name == "system-cluster-critical" || name == "system-node-critical";
    if (!system && name.rfind("system-", 0) == 0) {
      causes.push_back(apimachinery::FieldInvalid(
          "metadata.name", Json(name), "priority class names with 'system-' prefix are reserved"));
    }
    std::optional<int64_t> value = Int(obj, "value");
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
