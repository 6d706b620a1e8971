// apps/v1 DaemonSets: RollingUpdate maxUnavailable 1 / maxSurge 0 defaults
// and update strategy validation.
#include <memory>

#include "strategies/kinds.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

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
      SetDefault(*strategy, "type", "RollingUpdate");
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

  void ValidateSpec(const Json& spec, Causes& causes) const override {
    const Json* strategy = ObjectAt(spec, "updateStrategy");
    if (strategy == nullptr) return;
    std::string type = Str(*strategy, "type");
    if (type != "RollingUpdate" && type != "OnDelete") {
      causes.push_back(apimachinery::FieldNotSupported("spec.updateStrategy.type", Json(type),
                                                       {"OnDelete", "RollingUpdate"}));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewDaemonSetStrategy() { return std::make_unique<DaemonSetStrategy>(); }

}  // namespace wisp::strategies
