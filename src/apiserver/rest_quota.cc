// File: src/apiserver/rest_quota.cc
//
// The ResourceQuota admission plugin (resource_quota.h): a create is
// checked against every quota of its namespace that limits something it
// uses and selects it, after validation, as upstream's validating
// admission runs; what it uses is charged to those quotas' status.used
// with a compare-and-swap, so concurrent creates cannot both take the last
// unit. A quota whose usage the controller has not computed yet is computed
// on the spot instead of refusing the create.
#include <chrono>
#include <set>

#include "apiserver/resource_quota.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

// Only the entries of `usage` named in `names`.
QuotaUsage Mask(const QuotaUsage& usage, const std::set<std::string>& names) {
  QuotaUsage out;
  for (const auto& [k, v] : usage) {
    if (names.count(k) != 0) out[k] = v;
  }
  return out;
}

}  // namespace

bool Rest::QuotaChargesInFlight(const std::string& ns) const {
  std::lock_guard<std::mutex> lock(quota_mu_);
  return quota_in_flight_.count(ns) != 0;
}

void Rest::QuotaCreateDone(Call& call) {
  if (!call.quota_charged) return;
  call.quota_charged = false;
  std::lock_guard<std::mutex> lock(quota_mu_);
  auto it = quota_in_flight_.find(call.info.namespace_);
  if (it != quota_in_flight_.end() && --it->second <= 0) quota_in_flight_.erase(it);
}

bool Rest::AdmitQuota(Call& call, const json& obj, const json* old) {
  const api::ResourceInfo& info = *call.rc->info;
  const ResourceContext* quotas = Context("", "resourcequotas");
  if (!info.namespaced || quotas == nullptr) return true;
  // Updates matter to upstream's service and claim evaluators only (a
  // service's type, a claim's size).
  const bool service = info.group.empty() && info.plural == "services";
  const bool claim = info.group.empty() && info.plural == "persistentvolumeclaims";
  if (old != nullptr && !service && !claim) return true;
  const std::string& ns = call.info.namespace_;
  const std::string prefix = ListPrefix(*quotas, ns);
  if (quotas->cache->List(prefix).objects.empty()) return true;  // the common case: none
  const auto now = std::chrono::system_clock::now();
  // What the write adds: all of a new object's usage; an update's growth.
  QuotaUsage delta;
  QuotaUsage before = old ? ObjectQuotaUsage(info, *old, now) : QuotaUsage{};
  for (const auto& [k, v] : ObjectQuotaUsage(info, obj, now)) {
    if (v.milli < 0) {
      ReplyError(call, am::Forbidden(info.group, info.plural, call.info.name,
                                     "quota usage is negative for resource(s): " + k));
      return false;
    }
    auto b = before.find(k);
    const int64_t grown = v.milli - (b == before.end() ? 0 : b->second.milli);
    if (grown > 0) delta[k] = {grown, v.binary};
  }
  if (delta.empty()) return true;
  auto forbid = [&](const std::string& why) {
    ReplyError(call, am::Forbidden(info.group, info.plural, call.info.name, why));
    return false;
  };
  // Every quota's constraints first, as upstream checks them before usage.
  if (info.group.empty() && info.plural == "pods" && old == nullptr) {
    for (const ObjectPtr& o : quotas->cache->List(prefix).objects) {
      json q = json::parse(o->json, nullptr, false);
      if (!q.is_object() || !QuotaSelects(q, info, obj)) continue;
      QuotaUsage hard = ParseResourceList(ObjField(ObjField(q, "spec"), "hard"));
      std::string missing = MissingPodResources(obj, hard);
      if (!missing.empty()) return forbid(base::StrCat("failed quota: ", o->name, ": ", missing));
    }
  }
  std::set<std::string> charged;  // quota names already charged (a retry skips them)
  for (int attempt = 0; attempt < 16; ++attempt) {
    absl::StatusOr<std::vector<StoredObject>> stored = ListStored(prefix);
    if (!stored.ok()) {
      ReplyError(call, InternalToApiError(stored.status()));
      return false;
    }
    struct Charge {
      json quota;
      int64_t revision;
      QuotaUsage used;
    };
    std::vector<Charge> charges;
    for (StoredObject& q : *stored) {
      const std::string name = StrField(ObjField(q.object, "metadata"), "name");
      if (charged.count(name) != 0) continue;
      const json& status = ObjField(q.object, "status");
      QuotaUsage hard =
          ParseResourceList(status.contains("hard") ? ObjField(status, "hard")
                                                    : ObjField(ObjField(q.object, "spec"), "hard"));
      std::set<std::string> restricted;
      for (const auto& [k, v] : hard) {
        if (QuotaCovers(info, k)) restricted.insert(k);
      }
      if (restricted.empty() || !QuotaSelects(q.object, info, obj)) continue;
      QuotaUsage requested = Mask(delta, restricted);
      if (requested.empty()) continue;
      QuotaUsage used = ParseResourceList(ObjField(status, "used"));
      bool known = true;
      for (const std::string& k : restricted) known = known && used.count(k) != 0;
      if (!known) used = ComputeQuotaUsage(*this, q.object, ns, now);
      QuotaUsage next = used;
      std::set<std::string> exceeded;
      for (const auto& [k, v] : requested) {
        QuotaAmount& n = next[k];
        if (n.milli == 0) n.binary = v.binary;
        n.milli += v.milli;
        if (n.milli > hard[k].milli) exceeded.insert(k);
      }
      if (!exceeded.empty()) {
        return forbid(base::StrCat("exceeded quota: ", name,
                                   ", requested: ", PrettyResourceList(Mask(requested, exceeded)),
                                   ", used: ", PrettyResourceList(Mask(used, exceeded)),
                                   ", limited: ", PrettyResourceList(Mask(hard, exceeded))));
      }
      charges.push_back({std::move(q.object), q.mod_revision, std::move(next)});
    }
    if (call.dry_run) return true;  // checked, not charged
    bool lost = false;
    for (Charge& c : charges) {
      c.quota["status"]["used"] = FormatResourceList(c.used);
      if (!c.quota["status"].contains("hard")) c.quota["status"]["hard"] = c.quota["spec"]["hard"];
      const std::string name = StrField(ObjField(c.quota, "metadata"), "name");
      absl::Status s = PutInternal(*quotas, std::move(c.quota), c.revision);
      if (s.ok()) {
        charged.insert(name);
        if (old == nullptr && !call.quota_charged) {
          call.quota_charged = true;
          std::lock_guard<std::mutex> lock(quota_mu_);
          ++quota_in_flight_[ns];
        }
      } else if (absl::IsAborted(s)) {
        lost = true;  // changed meanwhile: read it again
      } else {
        ReplyError(call, InternalToApiError(s));
        return false;
      }
    }
    if (!lost) return true;
  }
  ReplyError(call, am::Conflict("", "resourcequotas", "",
                                "too many concurrent changes to the namespace's quotas"));
  return false;
}

}  // namespace wisp::apiserver
