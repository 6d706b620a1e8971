// apps/v1 Deployments: defaults (replicas, RollingUpdate 25%/25%, history and
// progress deadline) and validation in upstream's ValidateDeploymentSpec
// order: replicas, selector, template, strategy, minReadySeconds,
// revisionHistoryLimit, progressDeadlineSeconds.
#include <memory>

#include "strategies/kinds.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

constexpr const char* kRollingPath = "spec.strategy.rollingUpdate";

// ValidateRollingUpdateDeployment.
void ValidateRollingUpdate(const Json& rolling, Causes& causes) {
  const std::string unavailable_path = Child(kRollingPath, "maxUnavailable");
  Json unavailable = ValueOr(rolling, "maxUnavailable");
  Json surge = ValueOr(rolling, "maxSurge");
  ValidatePositiveIntOrPercent(unavailable, unavailable_path, causes);
  ValidatePositiveIntOrPercent(surge, Child(kRollingPath, "maxSurge"), causes);
  if (IntOrPercentIsZero(unavailable) && IntOrPercentIsZero(surge)) {
    causes.push_back(apimachinery::FieldInvalidGo(unavailable_path, GoIntOrString(unavailable),
                                                  "may not be 0 when `maxSurge` is 0"));
  }
  ValidateNotMoreThan100Percent(unavailable, unavailable_path, causes);
}

// ValidateDeploymentStrategy.
void ValidateStrategy(const Json& spec, Causes& causes) {
  static const Json kEmpty = Json::object();
  const Json* strategy_ptr = ObjectAt(spec, "strategy");
  const Json& strategy = strategy_ptr != nullptr ? *strategy_ptr : kEmpty;
  std::string type = Str(strategy, "type");
  const Json* rolling = Find(strategy, "rollingUpdate");
  if (type == "Recreate") {
    if (rolling != nullptr) {
      causes.push_back(apimachinery::FieldForbidden(
          kRollingPath, "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type == "RollingUpdate") {
    if (rolling == nullptr) {
      causes.push_back(
          apimachinery::FieldRequired(kRollingPath, "this should be defaulted and never be nil"));
    } else {
      ValidateRollingUpdate(*rolling, causes);
    }
  } else {
    causes.push_back(FieldNotSupportedGo(
        "spec.strategy",
        GoUpdateStrategy("apps.DeploymentStrategy", "apps.RollingUpdateDeployment", strategy),
        {"Recreate", "RollingUpdate"}));
  }
}

class DeploymentStrategy : public WorkloadStrategy {
 public:
  DeploymentStrategy() : WorkloadStrategy("deployment", {"Always"}, "{}") {}

 protected:
  void DefaultSpec(Json& spec) const override {
    SetDefault(spec, "replicas", 1);
    SetDefault(spec, "strategy", Json::object());
    if (Json* strategy = ObjectAt(spec, "strategy")) {
      SetDefaultIfEmpty(*strategy, "type", "RollingUpdate");
      if (Str(*strategy, "type") == "RollingUpdate") {
        SetDefault(*strategy, "rollingUpdate", Json::object());
        if (Json* rolling = ObjectAt(*strategy, "rollingUpdate")) {
          SetDefault(*rolling, "maxUnavailable", "25%");
          SetDefault(*rolling, "maxSurge", "25%");
        }
      }
    }
    SetDefault(spec, "revisionHistoryLimit", 10);
    SetDefault(spec, "progressDeadlineSeconds", 600);
  }

  void ValidateSpecBeforeSelector(const Json& spec, Causes& causes) const override {
    ValidateNonNegativeField(spec, "replicas", causes);
  }

  void ValidateSpec(const Json& spec, Causes& causes) const override {
    ValidateStrategy(spec, causes);
    ValidateNonNegativeField(spec, "minReadySeconds", causes);
    ValidateNonNegativeField(spec, "revisionHistoryLimit", causes);
    ValidateNonNegativeField(spec, "progressDeadlineSeconds", causes);
    std::optional<int64_t> deadline = Int(spec, "progressDeadlineSeconds");
    if (deadline.has_value() && *deadline <= Int(spec, "minReadySeconds").value_or(0)) {
      causes.push_back(apimachinery::FieldInvalid("spec.progressDeadlineSeconds", Json(*deadline),
                                                  "must be greater than minReadySeconds"));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewDeploymentStrategy() { return std::make_unique<DeploymentStrategy>(); }

}  // namespace wisp::strategies
