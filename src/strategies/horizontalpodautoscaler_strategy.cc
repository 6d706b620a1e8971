// autoscaling/v1 and v2 HorizontalPodAutoscalers: minReplicas 1, the v2
// default CPU metric, replica bounds and the scale target.
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

class HorizontalPodAutoscalerStrategy : public Strategy {
 public:
  HorizontalPodAutoscalerStrategy()
      : Strategy({.namespaced = true,
                  .has_status = true,
                  .has_generation = false,
                  .initial_status = R"({"currentMetrics":null,"desiredReplicas":0})"}) {}

  void Default(Json& obj) const override {
    Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr) return;
    SetDefault(*spec, "minReplicas", 1);
    if (Str(obj, "apiVersion") == "autoscaling/v2" && Size(*spec, "metrics") == 0) {
      (*spec)["metrics"] =
          Json::array({{{"type", "Resource"},
                        {"resource",
                         {{"name", "cpu"},
                          {"target", {{"type", "Utilization"}, {"averageUtilization", 80}}}}}}});
    }
    // A behavior gets both directions' rules, unset parts from the defaults
    // (upstream's GenerateHPAScaleUpRules / GenerateHPAScaleDownRules).
    if (Json* behavior = ObjectAt(*spec, "behavior");
        behavior != nullptr && Str(obj, "apiVersion") == "autoscaling/v2") {
      auto rules = [&](const char* key, const Json& defaults) {
        SetDefault(*behavior, key, Json::object());
        Json* r = ObjectAt(*behavior, key);
        if (r == nullptr) return;
        for (auto it = defaults.begin(); it != defaults.end(); ++it) {
          if (Find(*r, it.key()) == nullptr) (*r)[it.key()] = it.value();
        }
      };
      static const Json kScaleUp = Json::parse(R"({"stabilizationWindowSeconds":0,
          "selectPolicy":"Max","policies":[{"type":"Pods","value":4,"periodSeconds":15},
          {"type":"Percent","value":100,"periodSeconds":15}]})");
      static const Json kScaleDown = Json::parse(R"({"selectPolicy":"Max",
          "policies":[{"type":"Percent","value":100,"periodSeconds":15}]})");
      rules("scaleUp", kScaleUp);
      rules("scaleDown", kScaleDown);
    }
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    const Json ref = ValueOr(spec, "scaleTargetRef", Json::object());
    for (const char* key : {"kind", "name"}) {
      if (Str(ref, key).empty()) {
        causes.push_back(apimachinery::FieldRequired(Child("spec.scaleTargetRef", key), ""));
      }
    }
    std::optional<int64_t> min = Int(spec, "minReplicas");
    int64_t max = Int(spec, "maxReplicas").value_or(0);
    if (min.has_value() && *min < 1) {
      causes.push_back(apimachinery::FieldInvalid("spec.minReplicas", Json(*min),
                                                  "must be greater than or equal to 1"));
    }
    if (max < 1) {
      causes.push_back(apimachinery::FieldInvalid("spec.maxReplicas", Json(max),
                                                  "must be greater than or equal to 1"));
    }
    if (min.has_value() && *min > max) {
      causes.push_back(apimachinery::FieldInvalid(
          "spec.maxReplicas", Json(max), "must be greater than or equal to `minReplicas`"));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewHorizontalPodAutoscalerStrategy() {
  return std::make_unique<HorizontalPodAutoscalerStrategy>();
}

}  // namespace wisp::strategies
