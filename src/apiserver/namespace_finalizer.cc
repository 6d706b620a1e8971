// File: src/apiserver/namespace_finalizer.cc
#include "apiserver/namespace_finalizer.h"

#include <chrono>
#include <set>

#include "apiserver/deletion.h"
#include "apiserver/response.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
using nlohmann::json;

namespace {

// "a has 1 resource instances, b has 2 resource instances" (sorted keys).
std::string Describe(const std::map<std::string, int>& counts, const char* joiner) {
  std::string out;
  for (const auto& [key, n] : counts) {
    if (!out.empty()) out += ", ";
    out += base::StrCat(key, joiner, n, " resource instances");
  }
  return out;
}

// Deletes what `name` holds; returns what stays for now. `found` tells
// whether there was anything at all: a namespace is removed only after a
// pass that found it empty.
absl::StatusOr<RemainingContent> DeleteContent(Rest& rest, const std::string& name, bool& found) {
  found = false;
  RemainingContent remaining;
  std::set<std::string> seen;
  for (const ResourceContext& rc : rest.Contexts()) {
    if (!rc.info->namespaced || !seen.insert(rc.prefix).second) continue;
    auto objects = rest.ListStored(rest.ListPrefix(rc, name));
    if (!objects.ok()) return objects.status();
    const std::string resource = base::StrCat(rc.info->plural, ".", rc.info->group);
    for (const StoredObject& obj : *objects) {
      found = true;
      json stays = obj.object;
      if (!obj.object.contains("/metadata/deletionTimestamp"_json_pointer)) {
        // As upstream's namespace controller: Background propagation, so
        // no orphan finalizer holds the namespace's content.
        DeleteOptions background;
        background.propagation = kPropagationBackground;
        DeletionPlan plan =
            PlanDeletion(rc, obj.object, background, std::chrono::system_clock::now());
        if (plan.step == DeletionStep::kMark) {
          stays = plan.object;
          rest.PutInternal(rc, std::move(plan.object), obj.mod_revision).IgnoreError();
        } else if (plan.step == DeletionStep::kDeleteNow) {
          std::string oname = obj.object.value("/metadata/name"_json_pointer, std::string());
          if (rest.DeleteInternal(rc, name, oname, obj.mod_revision).ok()) continue;
        }
      }
      ++remaining.resources[resource];
      const json* finalizers = stays.contains("/metadata/finalizers"_json_pointer)
                                   ? &stays["metadata"]["finalizers"]
                                   : nullptr;
      if (finalizers == nullptr || !finalizers->is_array()) continue;
      for (const json& f : *finalizers) {
        if (f.is_string()) ++remaining.finalizers[f.get<std::string>()];
      }
    }
  }
  return remaining;
}

}  // namespace

json DeletionConditions(const json& conditions, const RemainingContent& remaining,
                        const std::string& now) {
  struct Want {
    const char* type;
    bool status;
    std::string reason, message;
  };
  const bool content = !remaining.resources.empty();
  const bool finalizers = !remaining.finalizers.empty();
  const Want wants[] = {
      {"NamespaceDeletionDiscoveryFailure", false, "ResourcesDiscovered",
       "All resources successfully discovered"},
      {"NamespaceDeletionGroupVersionParsingFailure", false, "ParsedGroupVersions",
       "All legacy kube types successfully parsed"},
      {"NamespaceDeletionContentFailure", false, "ContentDeleted",
       "All content successfully deleted, may be waiting on finalization"},
      content ? Want{"NamespaceContentRemaining", true, "SomeResourcesRemain",
                     "Some resources are remaining: " + Describe(remaining.resources, " has ")}
              : Want{"NamespaceContentRemaining", false, "ContentRemoved",
                     "All content successfully removed"},
      finalizers ? Want{"NamespaceFinalizersRemaining", true, "SomeFinalizersRemain",
                        "Some content in the namespace has finalizers remaining: " +
                            Describe(remaining.finalizers, " in ")}
                 : Want{"NamespaceFinalizersRemaining", false, "ContentHasNoFinalizers",
                        "All content-preserving finalizers finished"},
  };
  json out = json::array();
  for (const Want& w : wants) {
    json c = {{"type", w.type},
              {"status", w.status ? "True" : "False"},
              {"lastTransitionTime", now},
              {"reason", w.reason},
              {"message", w.message}};
    if (conditions.is_array()) {
      for (const json& old : conditions) {
        if (old.is_object() && old.value("type", "") == w.type &&
            old.value("status", "") == c["status"] && old.value("reason", "") == w.reason &&
            old.value("message", "") == w.message && old.contains("lastTransitionTime")) {
          c["lastTransitionTime"] = old["lastTransitionTime"];
        }
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<int> FinalizeNamespaces(Rest& rest) {
  const ResourceContext* ns_rc = rest.Context("", "namespaces");
  if (!ns_rc) return 0;
  ResourceCache::Snapshot snap = ns_rc->cache->List(ns_rc->prefix);
  int terminating = 0;
  for (const ObjectPtr& o : snap.objects) {
    json ns = json::parse(o->json, nullptr, false);
    if (!ns.is_object() || !ns.contains("/metadata/deletionTimestamp"_json_pointer)) continue;
    ++terminating;
    const std::string name = o->name;
    bool found = false;
    absl::StatusOr<RemainingContent> remaining = DeleteContent(rest, name, found);
    if (!remaining.ok()) return remaining.status();
    if (!found) {
      if (auto s = rest.DeleteInternal(*ns_rc, "", name); !s.ok() && !absl::IsNotFound(s)) {
        return s;
      }
      --terminating;
      continue;
    }
    const json old =
        ns.contains("/status/conditions"_json_pointer) ? ns["status"]["conditions"] : json();
    json conditions = DeletionConditions(old, *remaining, NowRfc3339());
    if (conditions == old) continue;
    ns["status"]["conditions"] = std::move(conditions);
    // A lost race is retried by the next pass.
    rest.PutInternal(*ns_rc, std::move(ns), o->resource_version).IgnoreError();
  }
  return terminating;
}

}  // namespace wisp::apiserver
