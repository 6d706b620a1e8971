// apps/v1 StatefulSets: defaults (OrderedReady, RollingUpdate partition 0,
// PVC retention Retain/Retain, claim templates) and validation in upstream's
// ValidateStatefulSetSpec order: podManagementPolicy, updateStrategy, PVC
// retention, replicas, minReadySeconds, ordinals, selector, template.
#include <memory>
#include <optional>
#include <string>

#include "strategies/kinds.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

constexpr const char* kRollingPath = "spec.updateStrategy.rollingUpdate";

// Go's %#v of an apps.RollingUpdateStatefulSetStrategy.
std::string GoRollingUpdate(const Json& rolling) {
  return base::StrCat(
      "apps.RollingUpdateStatefulSetStrategy{Partition:", Int(rolling, "partition").value_or(0),
      ", MaxUnavailable:",
      GoPointer("intstr.IntOrString", Find(rolling, "maxUnavailable") != nullptr), "}");
}

// validateRollingUpdateStatefulSet.
void ValidateRollingUpdate(const Json& rolling, Causes& causes) {
  if (std::optional<int64_t> partition = Int(rolling, "partition"); partition && *partition < 0) {
    causes.push_back(apimachinery::FieldInvalid(Child(kRollingPath, "partition"), Json(*partition),
                                                "must be greater than or equal to 0"));
  }
  const Json* unavailable = Find(rolling, "maxUnavailable");
  if (unavailable == nullptr) return;
  const std::string path = Child(kRollingPath, "maxUnavailable");
  ValidatePositiveIntOrPercent(*unavailable, path, causes);
  if (IntOrPercentIsZero(*unavailable)) {
    causes.push_back(
        apimachinery::FieldInvalidGo(path, GoIntOrString(*unavailable), "cannot be 0"));
  }
  ValidateNotMoreThan100Percent(*unavailable, path, causes);
}

void ValidateUpdateStrategy(const Json& spec, Causes& causes) {
  static const Json kEmpty = Json::object();
  const Json* strategy_ptr = ObjectAt(spec, "updateStrategy");
  const Json& strategy = strategy_ptr != nullptr ? *strategy_ptr : kEmpty;
  std::string type = Str(strategy, "type");
  const Json* rolling = Find(strategy, "rollingUpdate");
  if (type.empty()) {
    causes.push_back(apimachinery::FieldRequired("spec.updateStrategy", ""));
  } else if (type == "OnDelete") {
    if (rolling != nullptr) {
      causes.push_back(
          apimachinery::FieldInvalidGo(kRollingPath, GoRollingUpdate(*rolling),
                                       "only allowed for updateStrategy 'RollingUpdate'"));
    }
  } else if (type == "RollingUpdate") {
    if (rolling != nullptr) ValidateRollingUpdate(*rolling, causes);
  } else {
    causes.push_back(apimachinery::FieldInvalidGo(
        "spec.updateStrategy",
        GoUpdateStrategy("apps.StatefulSetUpdateStrategy", "apps.RollingUpdateStatefulSetStrategy",
                         strategy),
        "must be 'RollingUpdate' or 'OnDelete'"));
  }
}

// The MaxUnavailableStatefulSet feature gate is alpha (off) in v1.32:
// upstream drops rollingUpdate.maxUnavailable unless `old` (the stored
// object of an update) already uses it.
void DropMaxUnavailable(Json& obj, const Json* old) {
  if (old != nullptr &&
      FindPath(*old, {"spec", "updateStrategy", "rollingUpdate", "maxUnavailable"}) != nullptr) {
    return;
  }
  Json* spec = ObjectAt(obj, "spec");
  Json* strategy = spec != nullptr ? ObjectAt(*spec, "updateStrategy") : nullptr;
  Json* rolling = strategy != nullptr ? ObjectAt(*strategy, "rollingUpdate") : nullptr;
  if (rolling != nullptr) rolling->erase("maxUnavailable");
}

class StatefulSetStrategy : public WorkloadStrategy {
 public:
  StatefulSetStrategy()
      : WorkloadStrategy("statefulset", {"Always"}, R"({"availableReplicas":0,"replicas":0})") {}

  void PrepareForCreate(Json& obj) const override {
    WorkloadStrategy::PrepareForCreate(obj);
    DropMaxUnavailable(obj, nullptr);
  }

  // Before the generation bump: a dropped field is no spec change.
  void PrepareForUpdate(Json& obj, const Json& old) const override {
    DropMaxUnavailable(obj, &old);
    WorkloadStrategy::PrepareForUpdate(obj, old);
  }

 protected:
  void DefaultSpec(Json& spec) const override {
    SetDefault(spec, "replicas", 1);
    SetDefaultIfEmpty(spec, "podManagementPolicy", "OrderedReady");
    SetDefault(spec, "updateStrategy", Json::object());
    if (Json* strategy = ObjectAt(spec, "updateStrategy")) {
      // Only a defaulted type brings a rollingUpdate along.
      if (Str(*strategy, "type").empty()) {
        SetDefaultIfEmpty(*strategy, "type", "RollingUpdate");
        SetDefault(*strategy, "rollingUpdate", Json::object());
      }
      Json* rolling = ObjectAt(*strategy, "rollingUpdate");
      if (rolling != nullptr && Str(*strategy, "type") == "RollingUpdate") {
        SetDefault(*rolling, "partition", 0);
      }
    }
    SetDefault(spec, "revisionHistoryLimit", 10);
    SetDefault(spec, "persistentVolumeClaimRetentionPolicy", Json::object());
    if (Json* policy = ObjectAt(spec, "persistentVolumeClaimRetentionPolicy")) {
      SetDefaultIfEmpty(*policy, "whenDeleted", "Retain");
      SetDefaultIfEmpty(*policy, "whenScaled", "Retain");
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

  // Upstream checks these before the selector. revisionHistoryLimit is not
  // checked in v1.32.
  void ValidateSpecBeforeSelector(const Json& spec, Causes& causes) const override {
    std::string policy = Str(spec, "podManagementPolicy");
    if (policy.empty()) {
      causes.push_back(apimachinery::FieldRequired("spec.podManagementPolicy", ""));
    } else if (policy != "OrderedReady" && policy != "Parallel") {
      causes.push_back(apimachinery::FieldInvalid("spec.podManagementPolicy", Json(policy),
                                                  "must be 'OrderedReady' or 'Parallel'"));
    }
    ValidateUpdateStrategy(spec, causes);
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
    ValidateNonNegativeField(spec, "replicas", causes);
    ValidateNonNegativeField(spec, "minReadySeconds", causes);
    if (const Json* ordinals = ObjectAt(spec, "ordinals")) {
      if (std::optional<int64_t> start = Int(*ordinals, "start"); start && *start < 0) {
        causes.push_back(apimachinery::FieldInvalid("spec.ordinals.start", Json(*start),
                                                    "must be greater than or equal to 0"));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewStatefulSetStrategy() {
  return std::make_unique<StatefulSetStrategy>();
}

}  // namespace wisp::strategies
