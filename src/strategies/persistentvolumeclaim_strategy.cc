// core/v1 PersistentVolumeClaims: volumeMode Filesystem, status Pending on
// create, access modes and storage request required, spec immutable once
// bound except the storage request.
#include <algorithm>
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

const std::vector<std::string> kAccessModes = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
                                               "ReadWriteOncePod"};

class PersistentVolumeClaimStrategy : public Strategy {
 public:
  PersistentVolumeClaimStrategy() : Strategy({.namespaced = true, .has_status = true}) {}

  void Default(Json& obj) const override {
    if (Json* spec = ObjectAt(obj, "spec")) SetDefault(*spec, "volumeMode", "Filesystem");
  }

  // The StorageObjectInUseProtection admission's finalizer: the claim stays
  // while a pod uses it (the API server's housekeeping releases it).
  void PrepareForCreate(Json& obj) const override {
    Strategy::PrepareForCreate(obj);
    if (obj.is_object()) obj["status"] = {{"phase", "Pending"}};
    AddFinalizer(obj, "kubernetes.io/pvc-protection");
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    const Json* modes = ArrayAt(spec, "accessModes");
    if (modes == nullptr || modes->empty()) {
      causes.push_back(
          apimachinery::FieldRequired("spec.accessModes", "at least 1 access mode is required"));
    } else {
      for (const Json& mode : *modes) {
        std::string m = mode.is_string() ? mode.get<std::string>() : "";
        if (std::find(kAccessModes.begin(), kAccessModes.end(), m) == kAccessModes.end()) {
          causes.push_back(apimachinery::FieldNotSupported("spec.accessModes", mode, kAccessModes));
        }
      }
    }
    const Json* storage = FindPath(spec, {"resources", "requests", "storage"});
    if (storage == nullptr) {
      causes.push_back(apimachinery::FieldRequired("spec.resources[storage]", ""));
    }
    std::string mode = Str(spec, "volumeMode");
    if (!mode.empty() && mode != "Filesystem" && mode != "Block") {
      causes.push_back(
          apimachinery::FieldNotSupported("spec.volumeMode", Json(mode), {"Block", "Filesystem"}));
    }
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    Json spec = ValueOr(obj, "spec", Json::object());
    Json old_spec = ValueOr(old, "spec", Json::object());
    if (!spec.is_object() || !old_spec.is_object()) return;
    // A claim may change its requests; binding (volumeName) may be set once.
    spec.erase("resources");
    old_spec.erase("resources");
    if (Str(old_spec, "volumeName").empty()) {
      spec.erase("volumeName");
      old_spec.erase("volumeName");
    }
    if (spec != old_spec) {
      causes.push_back(apimachinery::FieldForbidden(
          "spec",
          "spec is immutable after creation except resources.requests and "
          "volumeAttributesClassName for bound claims"));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewPersistentVolumeClaimStrategy() {
  return std::make_unique<PersistentVolumeClaimStrategy>();
}

}  // namespace wisp::strategies
