// File: src/apiserver/resource_quota.cc
#include "apiserver/resource_quota.h"

#include <algorithm>
#include <set>
#include <utility>

#include "apiserver/response.h"
#include "apiserver/rest_call.h"
#include "wisp/apimachinery/quantity.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace {

using nlohmann::json;
using Clock = std::chrono::system_clock;

constexpr const char* kComputeResources[] = {"cpu", "memory", "ephemeral-storage"};
// Resources a quota can only enforce when every container states them.
constexpr const char* kMustSpecify[] = {"cpu",    "limits.cpu",   "limits.memory",
                                        "memory", "requests.cpu", "requests.memory"};
constexpr char kStorageClassSuffix[] = ".storageclass.storage.k8s.io/";

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool IsCore(const api::ResourceInfo& info, std::string_view plural) {
  return info.group.empty() && info.plural == plural;
}

std::string CountName(const api::ResourceInfo& info) {
  return info.group.empty() ? "count/" + info.plural
                            : base::StrCat("count/", info.plural, ".", info.group);
}

// Kinds counted under their plain plural as well (upstream's legacy names).
bool HasLegacyCount(const api::ResourceInfo& info) {
  if (!info.group.empty()) return false;
  for (const char* p : {"services", "configmaps", "secrets", "replicationcontrollers",
                        "resourcequotas", "persistentvolumeclaims"}) {
    if (info.plural == p) return true;
  }
  return false;
}

void Add(QuotaUsage& into, const std::string& key, QuotaAmount amount) {
  auto [it, inserted] = into.emplace(key, amount);
  if (!inserted) it->second.milli += amount.milli;
}

void AddAll(QuotaUsage& into, const QuotaUsage& more) {
  for (const auto& [k, v] : more) Add(into, k, v);
}

void MaxAll(QuotaUsage& into, const QuotaUsage& more) {
  for (const auto& [k, v] : more) {
    auto it = into.find(k);
    if (it == into.end() || it->second.milli < v.milli) into[k] = v;
  }
}

QuotaAmount Count(int64_t n) { return {n * 1000, false}; }

// Upstream's IsExtendedResourceName: a qualified name outside kubernetes.io.
bool IsExtended(std::string_view name) {
  return name.find('/') != std::string_view::npos && !StartsWith(name, "kubernetes.io/") &&
         !StartsWith(name, "requests.");
}

// Upstream's podComputeUsageHelper: what one pod (or container) uses.
QuotaUsage ComputeUsage(const QuotaUsage& requests, const QuotaUsage& limits) {
  QuotaUsage out;
  out["pods"] = Count(1);
  for (const char* r : kComputeResources) {
    if (auto it = requests.find(r); it != requests.end()) {
      out[r] = it->second;
      out[base::StrCat("requests.", r)] = it->second;
    }
    if (auto it = limits.find(r); it != limits.end()) out[base::StrCat("limits.", r)] = it->second;
  }
  for (const auto& [name, amount] : requests) {
    if (StartsWith(name, "hugepages-")) {
      out[name] = amount;
      out["requests." + name] = amount;
    } else if (IsExtended(name)) {
      out["requests." + name] = amount;
    }
  }
  return out;
}

// Upstream's QuotaV1Pod: finished pods, and pods past their deletion grace,
// use no compute resources.
bool PodCounts(const json& pod, Clock::time_point now) {
  const std::string phase = StrField(ObjField(pod, "status"), "phase");
  if (phase == "Succeeded" || phase == "Failed") return false;
  const json& meta = ObjField(pod, "metadata");
  const std::string deleted = StrField(meta, "deletionTimestamp");
  if (!deleted.empty() && meta.contains("deletionGracePeriodSeconds")) {
    auto at = ParseRfc3339(deleted);
    if (at && now > *at + std::chrono::seconds(IntField(meta, "deletionGracePeriodSeconds"))) {
      return false;
    }
  }
  return true;
}

QuotaUsage PodUsage(const json& pod, Clock::time_point now) {
  if (!PodCounts(pod, now)) return {};
  const json& spec = ObjField(pod, "spec");
  return ComputeUsage(PodResources(spec, "requests", PodOverhead::kAll),
                      PodResources(spec, "limits", PodOverhead::kWhereSet));
}

// Upstream's GetPodQOS: the recorded class, else no cpu or memory request
// or limit above zero in any container.
bool BestEffort(const json& pod) {
  const std::string recorded = StrField(ObjField(pod, "status"), "qosClass");
  if (!recorded.empty()) return recorded == "BestEffort";
  const json& spec = ObjField(pod, "spec");
  for (const char* list : {"containers", "initContainers"}) {
    for (const json& c : ArrField(spec, list)) {
      for (const char* which : {"requests", "limits"}) {
        for (const auto& [k, v] : ParseResourceList(ContainerResources(c, which))) {
          if ((k == "cpu" || k == "memory") && v.milli > 0) return false;
        }
      }
    }
  }
  return true;
}

bool CrossNamespaceAffinity(const json& pod) {
  const json& affinity = ObjField(ObjField(pod, "spec"), "affinity");
  for (const char* kind : {"podAffinity", "podAntiAffinity"}) {
    const json& a = ObjField(affinity, kind);
    std::vector<const json*> terms;
    for (const json& t : ArrField(a, "requiredDuringSchedulingIgnoredDuringExecution")) {
      terms.push_back(&t);
    }
    for (const json& t : ArrField(a, "preferredDuringSchedulingIgnoredDuringExecution")) {
      terms.push_back(&ObjField(t, "podAffinityTerm"));
    }
    for (const json* t : terms) {
      const bool selector = t->is_object() && t->contains("namespaceSelector") &&
                            !(*t)["namespaceSelector"].is_null();
      if (!ArrField(*t, "namespaces").empty() || selector) return true;
    }
  }
  return false;
}

struct ScopeRequirement {
  std::string scope, op;
  std::set<std::string> values;
};

std::vector<ScopeRequirement> Scopes(const json& quota) {
  std::vector<ScopeRequirement> out;
  const json& spec = ObjField(quota, "spec");
  for (const json& s : ArrField(spec, "scopes")) {
    if (s.is_string()) out.push_back({s.get<std::string>(), "Exists", {}});
  }
  for (const json& e : ArrField(ObjField(spec, "scopeSelector"), "matchExpressions")) {
    ScopeRequirement r{StrField(e, "scopeName"), StrField(e, "operator"), {}};
    for (const json& v : ArrField(e, "values")) {
      if (v.is_string()) r.values.insert(v.get<std::string>());
    }
    out.push_back(std::move(r));
  }
  return out;
}

bool PodMatchesScope(const ScopeRequirement& r, const json& pod) {
  const json& spec = ObjField(pod, "spec");
  if (r.scope == "Terminating" || r.scope == "NotTerminating") {
    const bool terminating = spec.contains("activeDeadlineSeconds") &&
                             spec["activeDeadlineSeconds"].is_number_integer() &&
                             spec["activeDeadlineSeconds"].get<int64_t>() >= 0;
    return terminating == (r.scope == "Terminating");
  }
  if (r.scope == "BestEffort") return BestEffort(pod);
  if (r.scope == "NotBestEffort") return !BestEffort(pod);
  if (r.scope == "CrossNamespacePodAffinity") return CrossNamespaceAffinity(pod);
  if (r.scope == "PriorityClass") {
    const std::string pc = StrField(spec, "priorityClassName");
    if (r.op == "In") return r.values.count(pc) != 0;
    if (r.op == "NotIn") return r.values.count(pc) == 0;
    if (r.op == "Exists") return !pc.empty();
    if (r.op == "DoesNotExist") return pc.empty();
  }
  return false;
}

}  // namespace

const json& ContainerResources(const json& container, std::string_view which) {
  return ObjField(ObjField(container, "resources"), which);
}

QuotaUsage PodResources(const json& spec, std::string_view which, PodOverhead overhead) {
  QuotaUsage sum;
  for (const json& c : ArrField(spec, "containers")) {
    AddAll(sum, ParseResourceList(ContainerResources(c, which)));
  }
  QuotaUsage sidecars, init_peak;
  for (const json& c : ArrField(spec, "initContainers")) {
    QuotaUsage own = ParseResourceList(ContainerResources(c, which));
    if (StrField(c, "restartPolicy") == "Always") {
      AddAll(sum, own);
      AddAll(sidecars, own);
      MaxAll(init_peak, sidecars);
    } else {
      AddAll(own, sidecars);
      MaxAll(init_peak, own);
    }
  }
  MaxAll(sum, init_peak);
  if (overhead == PodOverhead::kExclude) return sum;
  for (const auto& [k, v] : ParseResourceList(ObjField(spec, "overhead"))) {
    if (overhead == PodOverhead::kWhereSet && sum.count(k) == 0) continue;
    Add(sum, k, v);
  }
  return sum;
}

QuotaUsage ParseResourceList(const json& list) {
  QuotaUsage out;
  if (!list.is_object()) return out;
  for (const auto& [name, value] : list.items()) {
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number()) {
      text = value.dump();
    } else {
      continue;
    }
    absl::StatusOr<int64_t> milli = apimachinery::ParseMilliQuantity(text);
    if (milli.ok()) out[name] = {*milli, apimachinery::IsBinaryQuantity(text)};
  }
  return out;
}

json FormatResourceList(const QuotaUsage& usage) {
  json out = json::object();
  for (const auto& [name, amount] : usage) {
    out[name] = apimachinery::FormatMilliQuantity(amount.milli, amount.binary);
  }
  return out;
}

std::string PrettyResourceList(const QuotaUsage& usage) {
  std::string out;
  for (const auto& [name, amount] : usage) {
    if (!out.empty()) out += ",";
    out += base::StrCat(name, "=", apimachinery::FormatMilliQuantity(amount.milli, amount.binary));
  }
  return out;
}

QuotaUsage ObjectQuotaUsage(const api::ResourceInfo& info, const json& obj, Clock::time_point now) {
  QuotaUsage out;
  if (!info.namespaced) return out;
  out[CountName(info)] = Count(1);
  if (HasLegacyCount(info)) out[info.plural] = Count(1);
  const json& spec = ObjField(obj, "spec");
  if (IsCore(info, "pods")) {
    AddAll(out, PodUsage(obj, now));
  } else if (IsCore(info, "services")) {
    const std::string type = StrField(spec, "type");
    const json& ports = ArrField(spec, "ports");
    if (type == "NodePort") out["services.nodeports"] = Count(ports.size());
    if (type == "LoadBalancer") {
      int64_t node_ports = ports.size();
      auto alloc = spec.find("allocateLoadBalancerNodePorts");
      if (alloc != spec.end() && alloc->is_boolean() && !alloc->get<bool>()) {
        node_ports = std::count_if(ports.begin(), ports.end(),
                                   [](const json& p) { return IntField(p, "nodePort") != 0; });
      }
      out["services.nodeports"] = Count(node_ports);
      out["services.loadbalancers"] = Count(1);
    }
  } else if (IsCore(info, "persistentvolumeclaims")) {
    // Upstream's GetPersistentVolumeClaimClass: the beta annotation wins.
    std::string cls = StrField(ObjField(ObjField(obj, "metadata"), "annotations"),
                               "volume.beta.kubernetes.io/storage-class");
    if (cls.empty()) cls = StrField(spec, "storageClassName");
    QuotaUsage requests = ParseResourceList(ObjField(ObjField(spec, "resources"), "requests"));
    auto storage = requests.find("storage");
    if (storage != requests.end()) {  // whole bytes, rounded up
      storage->second.milli = (storage->second.milli + 999) / 1000 * 1000;
    }
    if (storage != requests.end()) out["requests.storage"] = storage->second;
    if (!cls.empty()) {
      out[base::StrCat(cls, kStorageClassSuffix, "persistentvolumeclaims")] = Count(1);
      if (storage != requests.end()) {
        out[base::StrCat(cls, kStorageClassSuffix, "requests.storage")] = storage->second;
      }
    }
  }
  return out;
}

bool QuotaCovers(const api::ResourceInfo& info, const std::string& name) {
  if (!info.namespaced) return false;
  if (name == CountName(info) || (HasLegacyCount(info) && name == info.plural)) return true;
  if (IsCore(info, "pods")) {
    if (name == "pods" || StartsWith(name, "hugepages-")) return true;
    for (const char* r : kComputeResources) {
      if (name == r || name == base::StrCat("requests.", r) || name == base::StrCat("limits.", r)) {
        return true;
      }
    }
    if (StartsWith(name, "requests.")) {
      std::string_view rest = std::string_view(name).substr(9);
      return StartsWith(rest, "hugepages-") || IsExtended(rest);
    }
    return false;
  }
  if (IsCore(info, "services")) {
    return name == "services.nodeports" || name == "services.loadbalancers";
  }
  if (IsCore(info, "persistentvolumeclaims")) {
    return name == "requests.storage" ||
           (name.find(kStorageClassSuffix) != std::string::npos &&
            (EndsWith(name, "/requests.storage") || EndsWith(name, "/persistentvolumeclaims")));
  }
  return false;
}

bool QuotaSelects(const json& quota, const api::ResourceInfo& info, const json& obj) {
  std::vector<ScopeRequirement> scopes = Scopes(quota);
  if (scopes.empty()) return true;
  if (!IsCore(info, "pods")) return false;  // scopes only ever select pods
  return std::all_of(scopes.begin(), scopes.end(),
                     [&](const ScopeRequirement& r) { return PodMatchesScope(r, obj); });
}

QuotaUsage ComputeQuotaUsage(const Rest& rest, const json& quota, const std::string& ns,
                             Clock::time_point now) {
  QuotaUsage hard = ParseResourceList(ObjField(ObjField(quota, "spec"), "hard"));
  QuotaUsage used;
  std::set<std::string> contributed;
  for (const auto& [name, amount] : hard) used[name] = QuotaAmount{0, false};
  std::set<std::pair<std::string, std::string>> seen;
  const bool scoped = !Scopes(quota).empty();
  for (const ResourceContext& rc : rest.Contexts()) {
    const api::ResourceInfo& info = *rc.info;
    if (!info.namespaced || !seen.emplace(info.group, info.plural).second) continue;
    std::vector<std::string> keys;
    for (const auto& [name, amount] : hard) {
      if (QuotaCovers(info, name)) keys.push_back(name);
    }
    if (keys.empty() || (scoped && !IsCore(info, "pods"))) continue;
    const bool counts_only = !IsCore(info, "pods") && !IsCore(info, "services") &&
                             !IsCore(info, "persistentvolumeclaims");
    for (const ObjectPtr& o : rc.cache->List(rest.ListPrefix(rc, ns)).objects) {
      QuotaUsage usage;
      if (counts_only) {
        usage[CountName(info)] = Count(1);
        if (HasLegacyCount(info)) usage[info.plural] = Count(1);
      } else {
        json obj = json::parse(o->json, nullptr, false);
        if (!obj.is_object() || !QuotaSelects(quota, info, obj)) continue;
        usage = ObjectQuotaUsage(info, obj, now);
      }
      for (const std::string& k : keys) {
        auto it = usage.find(k);
        if (it == usage.end()) continue;
        // A sum prints in the format of its first term, as upstream's.
        if (it->second.milli != 0 && contributed.insert(k).second) {
          used[k].binary = it->second.binary;
        }
        used[k].milli += it->second.milli;
      }
    }
  }
  return used;
}

absl::Status SyncResourceQuotas(Rest& rest) {
  const ResourceContext* rc = rest.Context("", "resourcequotas");
  if (rc == nullptr) return absl::OkStatus();
  ResourceCache::Snapshot quotas = rc->cache->List(rc->prefix);
  if (quotas.objects.empty()) return absl::OkStatus();
  // Every object created (and charged) before now must be in the caches.
  if (!rest.CaughtUp()) return absl::UnavailableError("watch cache behind etcd");
  absl::Status first;
  const Clock::time_point now = Clock::now();
  for (const ObjectPtr& o : quotas.objects) {
    // A create charged but not yet stored would be missed: not now.
    if (rest.QuotaChargesInFlight(o->namespace_)) continue;
    json quota = json::parse(o->json, nullptr, false);
    if (!quota.is_object()) continue;
    const json& hard = ObjField(ObjField(quota, "spec"), "hard");
    json status = {
        {"hard", FormatResourceList(ParseResourceList(hard))},
        {"used", FormatResourceList(ComputeQuotaUsage(rest, quota, o->namespace_, now))}};
    if (quota.contains("status") && quota["status"] == status) continue;
    quota["status"] = std::move(status);
    absl::Status s = rest.PutInternal(*rc, std::move(quota), o->resource_version);
    if (!s.ok() && !absl::IsAborted(s) && first.ok()) first = s;  // a race: next pass
  }
  return first;
}

std::string MissingPodResources(const json& pod, const QuotaUsage& hard) {
  std::set<std::string> required;
  for (const char* r : kMustSpecify) {
    if (hard.count(r) != 0) required.insert(r);
  }
  if (required.empty()) return "";
  std::map<std::string, std::set<std::string>> missing;  // resource → containers
  const json& spec = ObjField(pod, "spec");
  for (const char* list : {"containers", "initContainers"}) {
    for (const json& c : ArrField(spec, list)) {
      QuotaUsage has = ComputeUsage(ParseResourceList(ContainerResources(c, "requests")),
                                    ParseResourceList(ContainerResources(c, "limits")));
      for (const std::string& r : required) {
        if (has.count(r) == 0) missing[r].insert(StrField(c, "name"));
      }
    }
  }
  if (missing.empty()) return "";
  std::string out = "must specify ";
  bool first = true;
  for (const auto& [resource, containers] : missing) {
    if (!first) out += "; ";
    first = false;
    out += resource + " for: ";
    bool first_name = true;
    for (const std::string& c : containers) {
      if (!first_name) out += ",";
      first_name = false;
      out += c;
    }
  }
  return out;
}

}  // namespace wisp::apiserver
