// core/v1 ReplicationControllers: the legacy replica controller. Its
// selector is a plain label map that defaults from the template's labels
// (as do the object's own labels), replicas default to 1, the template must
// restart Always, and unlike a ReplicaSet's the selector may change.
#include <memory>

#include "strategies/kinds.h"
#include "strategies/pod_defaults.h"
#include "strategies/pod_validation.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

namespace am = apimachinery;

bool EmptyMap(const Json* map) { return map == nullptr || !map->is_object() || map->empty(); }

class ReplicationControllerStrategy : public Strategy {
 public:
  ReplicationControllerStrategy()
      : Strategy({.namespaced = true,
                  .has_status = true,
                  .has_generation = true,
                  .initial_status = R"({"replicas":0})"}) {}

  void Default(Json& obj) const override {
    Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr) return;
    if (Json* tmpl = ObjectAt(*spec, "template")) {
      DefaultPodTemplate(*tmpl);
      const Json* meta = ObjectAt(*tmpl, "metadata");
      const Json* labels = meta != nullptr ? ObjectAt(*meta, "labels") : nullptr;
      if (labels != nullptr) {
        if (EmptyMap(ObjectAt(*spec, "selector"))) (*spec)["selector"] = *labels;
        Json* own = ObjectAt(obj, "metadata");
        if (own != nullptr && EmptyMap(ObjectAt(*own, "labels"))) (*own)["labels"] = *labels;
      }
    }
    SetDefault(*spec, "replicas", 1);
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    static const Json kEmpty = Json::object();
    const Json* spec_ptr = ObjectAt(obj, "spec");
    const Json& spec = spec_ptr != nullptr ? *spec_ptr : kEmpty;
    ValidateNonNegativeField(spec, "minReadySeconds", causes);
    const Json* selector = ObjectAt(spec, "selector");
    if (EmptyMap(selector)) causes.push_back(am::FieldRequired("spec.selector", ""));
    ValidateNonNegativeField(spec, "replicas", causes);

    const Json* tmpl = ObjectAt(spec, "template");
    if (tmpl == nullptr) {
      causes.push_back(am::FieldRequired("spec.template", ""));
      return;
    }
    if (!EmptyMap(selector))
      ValidateTemplateLabels(Json{{"matchLabels", *selector}}, *tmpl, causes);
    ValidatePodTemplate(*tmpl, "spec.template", causes);
    const Json pod_spec = ValueOr(*tmpl, "spec", Json::object());
    std::string policy = Str(pod_spec, "restartPolicy");
    if (policy != "Always") {
      causes.push_back(
          am::FieldNotSupported("spec.template.spec.restartPolicy", Json(policy), {"Always"}));
    }
    if (pod_spec.contains("activeDeadlineSeconds") &&
        !pod_spec["activeDeadlineSeconds"].is_null()) {
      causes.push_back(am::FieldForbidden("spec.template.spec.activeDeadlineSeconds",
                                          "activeDeadlineSeconds in ReplicationController is "
                                          "not Supported"));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewReplicationControllerStrategy() {
  return std::make_unique<ReplicationControllerStrategy>();
}

}  // namespace wisp::strategies
