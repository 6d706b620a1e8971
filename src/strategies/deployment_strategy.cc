// apps/v1 Deployments: defaults (replicas, RollingUpdate 25%/25%, history and
// progress deadline) and strategy validation.
#include <memory>

#include "strategies/kinds.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

bool IsZero(const Json& v) { return (v.is_number_integer() && v == 0) || v == "0%" || v == "0"; }

class DeploymentStrategy : public WorkloadStrategy {
 public:
  DeploymentStrategy() : WorkloadStrategy("deployment", {"Always"}, "{}") {}

 protected:
  void DefaultSpec(Json& spec) const override {
    SetDefault(spec, "replicas", 1);
    SetDefault(spec, "strategy", Json::object());
    if (Json* strategy = ObjectAt(spec, "strategy")) {
      SetDefault(*strategy, "type", "RollingUpdate");
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

  void ValidateSpec(const Json& spec, Causes& causes) const override {
    ValidateNonNegativeField(spec, "progressDeadlineSeconds", causes);
    std::optional<int64_t> deadline = Int(spec, "progressDeadlineSeconds");
    if (deadline.has_value() && *deadline <= Int(spec, "minReadySeconds").value_or(0)) {
      causes.push_back(apimachinery::FieldInvalid("spec.progressDeadlineSeconds", Json(*deadline),
                                                  "must be greater than minReadySeconds"));
    }
    const Json* strategy = ObjectAt(spec, "strategy");
    if (strategy == nullptr) return;
    std::string type = Str(*strategy, "type");
    if (type == "Recreate") {
      if (Find(*strategy, "rollingUpdate") != nullptr) {
        causes.push_back(apimachinery::FieldForbidden(
            "spec.strategy.rollingUpdate",
            "may not be specified when strategy `type` is 'Recreate'"));
      }
    } else if (type == "RollingUpdate") {
      const Json* rolling = ObjectAt(*strategy, "rollingUpdate");
      if (rolling != nullptr) {
        Json unavailable = ValueOr(*rolling, "maxUnavailable");
        if (IsZero(unavailable) && IsZero(ValueOr(*rolling, "maxSurge"))) {
          causes.push_back(apimachinery::FieldInvalid("spec.strategy.rollingUpdate.maxUnavailable",
                                                      unavailable,
                                                      "may not be 0 when `maxSurge` is 0"));
        }
      }
    } else if (type.empty()) {
      causes.push_back(apimachinery::FieldRequired("spec.strategy.type", ""));
    } else {
      causes.push_back(apimachinery::FieldNotSupported("spec.strategy.type", Json(type),
                                                       {"Recreate", "RollingUpdate"}));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewDeploymentStrategy() { return std::make_unique<DeploymentStrategy>(); }

}  // namespace wisp::strategies
