// core/v1 PersistentVolumes: reclaimPolicy Retain, volumeMode Filesystem,
// status Pending; capacity, access modes and one volume source required.
#include <chrono>
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/pod_defaults.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/clock.h"

namespace wisp::strategies {
namespace {

constexpr const char* kSources[] = {"hostPath",
                                    "gcePersistentDisk",
                                    "awsElasticBlockStore",
                                    "nfs",
                                    "iscsi",
                                    "glusterfs",
                                    "rbd",
                                    "flexVolume",
                                    "cinder",
                                    "cephfs",
                                    "flocker",
                                    "fc",
                                    "azureFile",
                                    "vsphereVolume",
                                    "quobyte",
                                    "azureDisk",
                                    "photonPersistentDisk",
                                    "portworxVolume",
                                    "scaleIO",
                                    "local",
                                    "storageos",
                                    "csi"};

class PersistentVolumeStrategy : public Strategy {
 public:
  PersistentVolumeStrategy() : Strategy({.namespaced = false, .has_status = true}) {}

  void Default(Json& obj) const override {
    if (Json* spec = ObjectAt(obj, "spec")) {
      SetDefault(*spec, "persistentVolumeReclaimPolicy", "Retain");
      SetDefault(*spec, "volumeMode", "Filesystem");
      DefaultVolumeSources(*spec);
    }
  }

  // The StorageObjectInUseProtection admission's finalizer: the volume
  // stays while it is Bound (the API server's housekeeping releases it).
  void PrepareForCreate(Json& obj) const override {
    Strategy::PrepareForCreate(obj);
    if (obj.is_object()) {
      obj["status"] = {
          {"phase", "Pending"},
          {"lastPhaseTransitionTime", base::FormatRfc3339(std::chrono::system_clock::now())}};
    }
    AddFinalizer(obj, "kubernetes.io/pv-protection");
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    if (Size(spec, "accessModes") == 0) {
      causes.push_back(apimachinery::FieldRequired("spec.accessModes", ""));
    }
    if (FindPath(spec, {"capacity", "storage"}) == nullptr) {
      causes.push_back(apimachinery::FieldRequired("spec.capacity", ""));
    }
    int sources = 0;
    for (const char* s : kSources) sources += Find(spec, s) != nullptr ? 1 : 0;
    if (sources == 0) {
      causes.push_back(apimachinery::FieldRequired("spec", "must specify a volume type"));
    } else if (sources > 1) {
      causes.push_back(
          apimachinery::FieldForbidden("spec", "may not specify more than 1 volume type"));
    }
    std::string policy = Str(spec, "persistentVolumeReclaimPolicy");
    if (policy != "Retain" && policy != "Delete" && policy != "Recycle") {
      causes.push_back(apimachinery::FieldNotSupported(
          "spec.persistentVolumeReclaimPolicy", Json(policy), {"Delete", "Recycle", "Retain"}));
    }
  }

  // A phase change is stamped unless the client stamped it.
  void PrepareForStatusUpdate(Json& obj, const Json& old) const override {
    Strategy::PrepareForStatusUpdate(obj, old);
    Json* status = ObjectAt(obj, "status");
    if (status == nullptr) return;
    const Json old_status = ValueOr(old, "status", Json::object());
    const Json stamp = ValueOr(*status, "lastPhaseTransitionTime");
    const Json old_stamp = ValueOr(old_status, "lastPhaseTransitionTime");
    if (Str(*status, "phase") == Str(old_status, "phase")) {
      if (stamp.is_null() && !old_stamp.is_null()) (*status)["lastPhaseTransitionTime"] = old_stamp;
    } else if (stamp.is_null() || stamp == old_stamp) {
      (*status)["lastPhaseTransitionTime"] = base::FormatRfc3339(std::chrono::system_clock::now());
    }
  }

  // The volume source and mode never change (ValidatePersistentVolumeUpdate).
  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    const Json old_spec = ValueOr(old, "spec", Json::object());
    for (const char* source : kSources) {
      if (ValueOr(spec, source) != ValueOr(old_spec, source)) {
        causes.push_back(apimachinery::FieldForbidden(
            "spec.persistentvolumesource",
            "spec.persistentvolumesource is immutable after creation"));
        break;
      }
    }
    if (ValueOr(spec, "volumeMode") != ValueOr(old_spec, "volumeMode")) {
      causes.push_back(apimachinery::FieldInvalid("volumeMode", ValueOr(spec, "volumeMode"),
                                                  "field is immutable"));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewPersistentVolumeStrategy() {
  return std::make_unique<PersistentVolumeStrategy>();
}

}  // namespace wisp::strategies
