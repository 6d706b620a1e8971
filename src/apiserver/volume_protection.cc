// File: src/apiserver/volume_protection.cc
#include "apiserver/volume_protection.h"

#include <nlohmann/json.hpp>

#include "apiserver/deletion.h"
#include "apiserver/rest_call.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace {

using nlohmann::json;

constexpr char kPvcFinalizer[] = "kubernetes.io/pvc-protection";
constexpr char kPvFinalizer[] = "kubernetes.io/pv-protection";

// True when a scheduled pod of `ns` that has not finished uses claim `name`,
// directly or as a generic ephemeral volume ("<pod>-<volume>"); a pod no
// node runs uses nothing yet (upstream's pvc-protection controller).
bool ClaimInUse(const Rest& rest, const ResourceContext& pods, const std::string& ns,
                const std::string& name) {
  for (const ObjectPtr& o : pods.cache->List(rest.ListPrefix(pods, ns)).objects) {
    json pod = json::parse(o->json, nullptr, false);
    const std::string phase = StrField(ObjField(pod, "status"), "phase");
    if (phase == "Succeeded" || phase == "Failed") continue;
    if (StrField(ObjField(pod, "spec"), "nodeName").empty()) continue;
    for (const json& v : ArrField(ObjField(pod, "spec"), "volumes")) {
      if (StrField(ObjField(v, "persistentVolumeClaim"), "claimName") == name) return true;
      if (!ObjField(v, "ephemeral").empty() &&
          base::StrCat(o->name, "-", StrField(v, "name")) == name) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

absl::Status ReleaseProtectedVolumes(Rest& rest) {
  const ResourceContext* pvcs = rest.Context("", "persistentvolumeclaims");
  const ResourceContext* pvs = rest.Context("", "persistentvolumes");
  const ResourceContext* pods = rest.Context("", "pods");
  if (!pvcs || !pvs || !pods) return absl::InternalError("registry lacks volumes or pods");
  absl::Status first_error;
  auto note = [&first_error](absl::Status s) {
    if (!s.ok() && !absl::IsAborted(s) && !absl::IsNotFound(s) && first_error.ok()) {
      first_error = std::move(s);
    }
  };
  for (const ResourceContext* rc : {pvcs, pvs}) {
    const bool claims = rc == pvcs;
    const char* finalizer = claims ? kPvcFinalizer : kPvFinalizer;
    for (const ObjectPtr& o : rc->cache->List(rc->prefix).objects) {
      if (o->json.find(finalizer) == std::string::npos) continue;  // cheap pre-filter
      json obj = json::parse(o->json, nullptr, false);
      if (StrField(ObjField(obj, "metadata"), "deletionTimestamp").empty()) continue;
      const bool in_use = claims ? ClaimInUse(rest, *pods, o->namespace_, o->name)
                                 : StrField(ObjField(obj, "status"), "phase") == "Bound";
      if (!in_use) note(RemoveFinalizer(rest, *rc, std::move(obj), o->resource_version, finalizer));
    }
  }
  return first_error;
}

}  // namespace wisp::apiserver
