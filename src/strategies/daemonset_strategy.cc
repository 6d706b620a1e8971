// apps/v1 DaemonSets: RollingUpdate maxUnavailable 1 / maxSurge 0 defaults
// and validation in upstream's ValidateDaemonSetSpec order: selector,
// template, minReadySeconds, updateStrategy, revisionHistoryLimit.
#include <memory>

#include "strategies/kinds.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

constexpr const char* kRollingPath = "spec.updateStrategy.rollingUpdate";

// ValidateRollingUpdateDaemonSet: percentages or non-negative integers, at
// most 100%, and exactly one of the two non-zero.
void ValidateRollingUpdate(const Json& rolling, Causes& causes) {
  const std::string unavailable_path = Child(kRollingPath, "maxUnavailable");
  const std::string surge_path = Child(kRollingPath, "maxSurge");
  Json unavailable = ValueOr(rolling, "maxUnavailable");
  Json surge = ValueOr(rolling, "maxSurge");
  ValidatePositiveIntOrPercent(unavailable, unavailable_path, causes);
  ValidatePositiveIntOrPercent(surge, surge_path, causes);
  ValidateNotMoreThan100Percent(unavailable, unavailable_path, causes);
  ValidateNotMoreThan100Percent(surge, surge_path, causes);
  bool has_unavailable = !IntOrPercentIsZero(unavailable);
  bool has_surge = !IntOrPercentIsZero(surge);
  if (has_unavailable && has_surge) {
    causes.push_back(apimachinery::FieldInvalidGo(
        surge_path, GoIntOrString(surge), "may not be set when maxUnavailable is non-zero"));
  } else if (!has_unavailable && !has_surge) {
    causes.push_back(
        apimachinery::FieldRequired(unavailable_path, "cannot be 0 when maxSurge is 0"));
  }
}

// ValidateDaemonSetUpdateStrategy.
void ValidateUpdateStrategy(const Json& spec, Causes& causes) {
  static const Json kEmpty = Json::object();
  const Json* strategy_ptr = ObjectAt(spec, "updateStrategy");
  const Json& strategy = strategy_ptr != nullptr ? *strategy_ptr : kEmpty;
  std::string type = Str(strategy, "type");
  if (type == "OnDelete") return;
  if (type == "RollingUpdate") {
    const Json* rolling = Find(strategy, "rollingUpdate");
    if (rolling == nullptr) {
      causes.push_back(apimachinery::FieldRequired(kRollingPath, ""));
    } else {
      ValidateRollingUpdate(*rolling, causes);
    }
    return;
  }
  causes.push_back(FieldNotSupportedGo(
      "spec.updateStrategy",
      GoUpdateStrategy("apps.DaemonSetUpdateStrategy", "apps.RollingUpdateDaemonSet", strategy),
      {"RollingUpdate", "OnDelete"}));
}

class DaemonSetStrategy : public WorkloadStrategy {
 public:
  DaemonSetStrategy()
      : WorkloadStrategy(
            "daemonset", {"Always"},
            R"({"currentNumberScheduled":0,"desiredNumberScheduled":0,"numberMisscheduled":0,"numberReady":0})") {
  }

 protected:
  void DefaultSpec(Json& spec) const override {
    SetDefault(spec, "updateStrategy", Json::object());
    if (Json* strategy = ObjectAt(spec, "updateStrategy")) {
      SetDefaultIfEmpty(*strategy, "type", "RollingUpdate");
      if (Str(*strategy, "type") == "RollingUpdate") {
        SetDefault(*strategy, "rollingUpdate", Json::object());
        if (Json* rolling = ObjectAt(*strategy, "rollingUpdate")) {
          SetDefault(*rolling, "maxUnavailable", 1);
          SetDefault(*rolling, "maxSurge", 0);
        }
      }
    }
    SetDefault(spec, "revisionHistoryLimit", 10);
  }

  // A DaemonSet has no replicas, and upstream checks minReadySeconds after
  // the template.
  void ValidateSpecBeforeSelector(const Json& spec, Causes& causes) const override {}
  bool RequiresSelector() const override { return false; }

  void ValidateSpec(const Json& spec, Causes& causes) const override {
    ValidateNonNegativeField(spec, "minReadySeconds", causes);
    ValidateUpdateStrategy(spec, causes);
    ValidateNonNegativeField(spec, "revisionHistoryLimit", causes);
  }
};

}  // namespace

std::unique_ptr<Strategy> NewDaemonSetStrategy() { return std::make_unique<DaemonSetStrategy>(); }

}  // namespace wisp::strategies
