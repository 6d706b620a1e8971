// apps/v1 StatefulSets: defaults (OrderedReady, RollingUpdate partition 0,
// PVC retention Retain/Retain, claim templates) and their validation.
#include <memory>

#include "strategies/kinds.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

class StatefulSetStrategy : public WorkloadStrategy {
 public:
  StatefulSetStrategy()
      : WorkloadStrategy("statefulset", {"Always"}, R"({"availableReplicas":0,"replicas":0})") {}

 protected:
  void DefaultSpec(Json& spec) const override {
    SetDefault(spec, "replicas", 1);
    SetDefault(spec, "podManagementPolicy", "OrderedReady");
    SetDefault(spec, "updateStrategy", Json::object());
    if (Json* strategy = ObjectAt(spec, "updateStrategy")) {
      SetDefault(*strategy, "type", "RollingUpdate");
      if (Str(*strategy, "type") == "RollingUpdate") {
        SetDefault(*strategy, "rollingUpdate", Json::object());
        if (Json* rolling = ObjectAt(*strategy, "rollingUpdate")) {
          SetDefault(*rolling, "partition", 0);
        }
      }
    }
    SetDefault(spec, "revisionHistoryLimit", 10);
    SetDefault(spec, "persistentVolumeClaimRetentionPolicy", Json::object());
    if (Json* policy = ObjectAt(spec, "persistentVolumeClaimRetentionPolicy")) {
      SetDefault(*policy, "whenDeleted", "Retain");
      SetDefault(*policy, "whenScaled", "Retain");
    }
    if (Json* claims = ArrayAt(spec, "volumeClaimTemplates")) {
      for (Json& claim : *claims) {
        if (Json* claim_spec = ObjectAt(claim, "spec")) {
          SetDefault(*claim_spec, "volumeMode", "Filesystem");
        }
        // Claim templates are defaulted as claims: status.phase Pending.
        if (claim.is_object()) {
          SetDefault(claim, "status", Json::object());
          if (Json* status = ObjectAt(claim, "status")) SetDefault(*status, "phase", "Pending");
        }
      }
    }
  }

  // Upstream's ValidateStatefulSetUpdate: only these may change (the
  // selector included in what may not).
  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    Json spec = ValueOr(obj, "spec", Json::object());
    Json old_spec = ValueOr(old, "spec", Json::object());
    if (!spec.is_object() || !old_spec.is_object()) return;  // ValidateKind reports it
    for (const char* mutable_field :
         {"replicas", "template", "updateStrategy", "minReadySeconds", "ordinals",
          "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy"}) {
      spec.erase(mutable_field);
      old_spec.erase(mutable_field);
    }
    if (spec != old_spec) {
      causes.push_back(apimachinery::FieldForbidden(
          "spec",
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
          "'template', 'updateStrategy', 'revisionHistoryLimit', "
          "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
    }
  }

  // Upstream leaves the template's pod spec unchecked: its volume mounts
  // may name the claim templates, which are not pod volumes.
  bool ValidatesPodSpec() const override { return false; }

  void ValidateSpec(const Json& spec, Causes& causes) const override {
    if (const Json* d = FindPath(spec, {"template", "spec", "activeDeadlineSeconds"});
        d != nullptr && !d->is_null()) {
      causes.push_back(
          apimachinery::FieldForbidden("spec.template.spec.activeDeadlineSeconds",
                                       "activeDeadlineSeconds in StatefulSet is not Supported"));
    }
    std::string policy = Str(spec, "podManagementPolicy");
    if (!policy.empty() && policy != "OrderedReady" && policy != "Parallel") {
      causes.push_back(apimachinery::FieldNotSupported("spec.podManagementPolicy", Json(policy),
                                                       {"OrderedReady", "Parallel"}));
    }
    if (const Json* strategy = ObjectAt(spec, "updateStrategy")) {
      std::string type = Str(*strategy, "type");
      if (type != "RollingUpdate" && type != "OnDelete") {
        causes.push_back(apimachinery::FieldNotSupported("spec.updateStrategy.type", Json(type),
                                                         {"OnDelete", "RollingUpdate"}));
      }
      const Json* partition = FindPath(*strategy, {"rollingUpdate", "partition"});
      if (partition != nullptr && partition->is_number_integer() && *partition < 0) {
        causes.push_back(apimachinery::FieldInvalid("spec.updateStrategy.rollingUpdate.partition",
                                                    *partition,
                                                    "must be greater than or equal to 0"));
      }
    }
    if (const Json* retention = ObjectAt(spec, "persistentVolumeClaimRetentionPolicy")) {
      for (const char* key : {"whenDeleted", "whenScaled"}) {
        std::string value = Str(*retention, key);
        if (value != "Retain" && value != "Delete") {
          causes.push_back(apimachinery::FieldNotSupported(
              Child("spec.persistentVolumeClaimRetentionPolicy", key), Json(value),
              {"Retain", "Delete"}));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewStatefulSetStrategy() {
  return std::make_unique<StatefulSetStrategy>();
}

}  // namespace wisp::strategies
