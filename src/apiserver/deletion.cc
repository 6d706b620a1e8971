// File: src/apiserver/deletion.cc
#include "apiserver/deletion.h"

#include "apiserver/response.h"

namespace wisp::apiserver {

using nlohmann::json;

std::string_view DefaultPropagation(const api::ResourceInfo& info) {
  const bool rc = info.group.empty() && info.plural == "replicationcontrollers";
  const bool job = info.group == "batch" && info.version == "v1" && info.plural == "jobs";
  return rc || job ? kPropagationOrphan : kPropagationBackground;
}

bool IsImmortalNamespace(const api::ResourceInfo& info, std::string_view name) {
  return info.group.empty() && info.plural == "namespaces" &&
         (name == "default" || name == "kube-system" || name == "kube-public");
}

bool HeldBySpecFinalizers(const ResourceContext& rc, const json& obj) {
  return rc.info->group.empty() && rc.info->plural == "namespaces" &&
         !ArrField(ObjField(obj, "spec"), "finalizers").empty();
}

bool HasFinalizer(const json& obj, std::string_view finalizer) {
  for (const json& f : ArrField(ObjField(obj, "metadata"), "finalizers")) {
    if (f.is_string() && f.get_ref<const std::string&>() == finalizer) return true;
  }
  return false;
}

DeletionPlan PlanDeletion(const ResourceContext& rc, const json& obj, const DeleteOptions& options,
                          std::chrono::system_clock::time_point now) {
  const json& meta = ObjField(obj, "metadata");
  const bool deleting = !StrField(meta, "deletionTimestamp").empty();
  const int64_t old_grace = IntField(meta, "deletionGracePeriodSeconds");
  // An object already at grace 0 goes as soon as nothing holds it.
  const int64_t grace =
      deleting && old_grace == 0 ? 0 : rc.strategy->GracePeriodSeconds(obj, options.grace_period);
  // A graceful deletion under way is only ever shortened; until then
  // nothing about it (finalizers included) changes.
  if (deleting && old_grace > 0 && grace >= old_grace) {
    return {DeletionStep::kUnchanged, obj};
  }

  // The garbage collector's finalizers: an explicit policy decides, else
  // one already on the object, else the resource's default. Events take
  // none (upstream: garbage collection Unsupported).
  const bool events =
      rc.info->plural == "events" && (rc.info->group.empty() || rc.info->group == "events.k8s.io");
  std::string_view policy = options.propagation;
  if (events) policy = kPropagationBackground;
  if (policy.empty()) {
    if (HasFinalizer(obj, kOrphanFinalizer)) {
      policy = kPropagationOrphan;
    } else if (HasFinalizer(obj, kForegroundFinalizer)) {
      policy = kPropagationForeground;
    } else {
      policy = DefaultPropagation(*rc.info);
    }
  }
  json finalizers = json::array();
  for (const json& f : ArrField(meta, "finalizers")) {
    if (f.is_string() && (f == kOrphanFinalizer || f == kForegroundFinalizer)) continue;
    finalizers.push_back(f);
  }
  if (policy == kPropagationOrphan) finalizers.push_back(kOrphanFinalizer);
  if (policy == kPropagationForeground) finalizers.push_back(kForegroundFinalizer);

  json next = obj;
  // An empty list is left out, as upstream's encoding omits it.
  if (!finalizers.empty()) {
    next["metadata"]["finalizers"] = finalizers;
  } else {
    next["metadata"].erase("finalizers");
  }
  const bool is_namespace = rc.info->group.empty() && rc.info->plural == "namespaces";
  const bool pending = !finalizers.empty() || HeldBySpecFinalizers(rc, obj);
  const int64_t generation = IntField(meta, "generation");
  if (!deleting && generation > 0) next["metadata"]["generation"] = generation + 1;
  if (grace > 0) {
    next["metadata"]["deletionTimestamp"] = Rfc3339(now + std::chrono::seconds(grace));
    next["metadata"]["deletionGracePeriodSeconds"] = grace;
    return {DeletionStep::kMark, std::move(next)};
  }
  if (!pending) return {DeletionStep::kDeleteNow, obj};
  // Held by finalizers: marked as deleting now (a graceful deletion cut
  // short ends now too).
  if (!deleting || old_grace > 0) next["metadata"]["deletionTimestamp"] = Rfc3339(now);
  // Upstream's namespace delete sets only the timestamp and the phase.
  if (is_namespace) {
    next["status"]["phase"] = "Terminating";
  } else {
    next["metadata"]["deletionGracePeriodSeconds"] = 0;
  }
  if (next == obj) return {DeletionStep::kUnchanged, obj};
  return {DeletionStep::kMark, std::move(next)};
}

absl::Status RemoveFinalizer(Rest& rest, const ResourceContext& rc, json obj, int64_t revision,
                             std::string_view finalizer) {
  json kept = json::array();
  for (const json& f : ArrField(ObjField(obj, "metadata"), "finalizers")) {
    if (!(f.is_string() && f.get_ref<const std::string&>() == finalizer)) kept.push_back(f);
  }
  const json& meta = ObjField(obj, "metadata");
  const std::string ns = StrField(meta, "namespace");
  const std::string name = StrField(meta, "name");
  // Pinned to the revision examined: a finalizer added meanwhile keeps it.
  // A graceful deletion still running (a pod) is ended by its kubelet; a
  // namespace goes once the namespace finalizer has emptied it.
  if (kept.empty() && IntField(meta, "deletionGracePeriodSeconds") == 0 &&
      !HeldBySpecFinalizers(rc, obj)) {
    return rest.DeleteInternal(rc, ns, name, revision);
  }
  if (kept.empty()) {
    obj["metadata"].erase("finalizers");
  } else {
    obj["metadata"]["finalizers"] = std::move(kept);
  }
  return rest.PutInternal(rc, std::move(obj), revision);
}

}  // namespace wisp::apiserver
