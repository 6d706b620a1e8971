// core/v1 PersistentVolumeClaims: volumeMode Filesystem, status Pending on
// create, access modes and storage request required, spec immutable once
// bound except the storage request.
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/volume_validation.h"
#include "wisp/apimachinery/quantity.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

// upstream's NormalizeDataSources: dataSource and dataSourceRef say the
// same, whichever the client set (a cross-namespace ref has no dataSource).
void NormalizeDataSources(Json& spec) {
  const Json* source = ObjectAt(spec, "dataSource");
  const Json* ref = ObjectAt(spec, "dataSourceRef");
  if (source != nullptr && ref == nullptr) {
    Json out = Json::object();
    for (const char* key : {"apiGroup", "kind", "name"}) {
      if (const Json* v = Find(*source, key)) out[key] = *v;
    }
    spec["dataSourceRef"] = std::move(out);
  } else if (ref != nullptr && source == nullptr && Str(*ref, "namespace").empty()) {
    Json out = Json::object();
    for (const char* key : {"apiGroup", "kind", "name"}) {
      if (const Json* v = Find(*ref, key)) out[key] = *v;
    }
    spec["dataSource"] = std::move(out);
  }
}

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
    if (Json* spec = ObjectAt(obj, "spec")) {
      spec->erase("volumeAttributesClassName");  // VolumeAttributesClass is off in v1.32
      NormalizeDataSources(*spec);
    }
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    ValidatePersistentVolumeClaimSpec(ValueOr(obj, "spec", Json::object()), "spec", causes);
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    Json spec = ValueOr(obj, "spec", Json::object());
    Json old_spec = ValueOr(old, "spec", Json::object());
    if (!spec.is_object() || !old_spec.is_object()) return;
    // upstream's ValidatePersistentVolumeClaimUpdate: binding (volumeName)
    // may be set once; a claim without a class may get one (the
    // retroactive default class); a bound claim may change its storage
    // request and volume attributes class; nothing else may change.
    if (Str(old_spec, "volumeName").empty()) {
      spec.erase("volumeName");
      old_spec.erase("volumeName");
    }
    const Json* old_annotations = FindPath(old, {"metadata", "annotations"});
    const bool beta_class = old_annotations != nullptr &&
                            Find(*old_annotations, "volume.beta.kubernetes.io/storage-class");
    if (!beta_class && ValueOr(old_spec, "storageClassName").is_null() &&
        !Str(spec, "storageClassName").empty()) {
      spec.erase("storageClassName");
    }
    const bool bound = Str(ValueOr(old, "status", Json::object()), "phase") == "Bound";
    const Json* old_found = FindPath(old_spec, {"resources", "requests", "storage"});
    const Json* new_found = FindPath(spec, {"resources", "requests", "storage"});
    const Json old_storage = old_found != nullptr ? *old_found : Json();
    const Json new_storage = new_found != nullptr ? *new_found : Json();
    if (bound) {
      Json* resources = ObjectAt(spec, "resources");
      if (Json* requests = resources != nullptr ? ObjectAt(*resources, "requests") : nullptr) {
        requests->erase("storage");
        if (!old_storage.is_null()) (*requests)["storage"] = old_storage;
      }
      if (Find(spec, "volumeAttributesClassName") != nullptr) {
        spec["volumeAttributesClassName"] = ValueOr(old_spec, "volumeAttributesClassName");
        if (spec["volumeAttributesClassName"].is_null()) spec.erase("volumeAttributesClassName");
      }
    }
    if (spec != old_spec) {
      causes.push_back(apimachinery::FieldForbidden(
          "spec",
          "spec is immutable after creation except resources.requests and "
          "volumeAttributesClassName for bound claims"));
    }
    // Shrinking (recovery from a failed expansion) stops at the capacity.
    const Json* capacity_found = FindPath(old, {"status", "capacity", "storage"});
    const Json capacity = capacity_found != nullptr ? *capacity_found : Json();
    auto bytes = [](const Json& q) -> int64_t {
      if (!q.is_string()) return 0;
      auto v = apimachinery::ParseQuantity(q.get_ref<const std::string&>());
      return v.ok() ? *v : 0;
    };
    if (!new_storage.is_null() && bytes(new_storage) < bytes(old_storage) &&
        bytes(new_storage) <= bytes(capacity)) {
      causes.push_back(apimachinery::FieldForbidden("spec.resources.requests.storage",
                                                    "field can not be less than status.capacity"));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewPersistentVolumeClaimStrategy() {
  return std::make_unique<PersistentVolumeClaimStrategy>();
}

}  // namespace wisp::strategies
