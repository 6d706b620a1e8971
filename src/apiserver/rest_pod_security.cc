// File: src/apiserver/rest_pod_security.cc
//
// Upstream's PodSecurity admission with its default configuration (every
// mode privileged:latest unless the namespace's pod-security.kubernetes.io
// labels say otherwise, no exemptions), over the Pod Security Standards of
// wisp/strategies/pod_security.h:
//   - a pod create, a significant pod update or an ephemeral container
//     breaking the enforce level: 403 `violates PodSecurity "...": ...`;
//   - the warn level (and, for workloads, which are never enforced, the same):
//     a `would violate PodSecurity` warning;
//   - namespaces: bad labels are a 422 on create (and on an update that
//     brings new errors); tightening enforce warns about existing pods.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "apiserver/response.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "wisp/base/strings.h"
#include "wisp/strategies/pod_security.h"

namespace wisp::apiserver {
namespace {

namespace am = apimachinery;
namespace ps = strategies::podsecurity;
using json = nlohmann::json;

const json& Labels(const json& obj) {
  static const json kNone = json::object();
  if (!obj.is_object() || !obj.contains("metadata") || !obj["metadata"].is_object()) return kNone;
  const json& meta = obj["metadata"];
  auto it = meta.find("labels");
  return it != meta.end() && it->is_object() ? *it : kNone;
}

// Adds `warning` once (an update retried after a conflict admits again).
void AddOnce(std::vector<std::string>& warnings, std::string warning) {
  if (std::find(warnings.begin(), warnings.end(), warning) == warnings.end()) {
    warnings.push_back(std::move(warning));
  }
}

}  // namespace

bool Rest::AdmitPodSecurity(Call& call, const json& obj, const json* old) {
  const api::ResourceInfo& info = *call.rc->info;
  if (info.group.empty() && info.plural == "namespaces") {
    if (!call.info.subresource.empty()) return true;
    ps::PolicyResult now = ps::PolicyFromLabels(Labels(obj));
    if (old == nullptr) {
      if (now.errors.empty()) return true;
      ReplyError(call, am::Invalid("", "Namespace", call.info.name, now.errors));
      return false;
    }
    if (Labels(obj) == Labels(*old)) return true;
    ps::PolicyResult before = ps::PolicyFromLabels(Labels(*old));
    if (ps::LabelErrorsRejectUpdate(now.errors, before.errors)) {
      ReplyError(call, am::Invalid("", "Namespace", call.info.name, now.errors));
      return false;
    }
    if (!now.errors.empty() || !ps::EnforceTightened(now.policy, before.policy)) return true;
    const ResourceContext* pods = Context("", "pods");
    if (pods == nullptr || !pods->cache) return true;
    std::vector<json> list;
    for (const ObjectPtr& o : pods->cache->List(ListPrefix(*pods, call.info.name)).objects) {
      json pod = json::parse(o->json, nullptr, false);
      if (!pod.is_discarded()) list.push_back(std::move(pod));
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    ps::ExistingPodsOptions options;
    options.out_of_time = [deadline] { return std::chrono::steady_clock::now() > deadline; };
    for (std::string& w :
         ps::ExistingPodWarnings(call.info.name, now.policy.enforce, list, options)) {
      AddOnce(call.warnings, std::move(w));
    }
    return true;
  }
  if (!ps::HasPodTemplate(info.group, info.plural)) return true;
  const bool is_pod = info.group.empty() && info.plural == "pods";
  if (!call.info.subresource.empty() &&
      !(is_pod && call.info.subresource == "ephemeralcontainers")) {
    return true;
  }
  const ResourceContext* namespaces = Context("", "namespaces");
  if (namespaces == nullptr || !namespaces->cache) return true;
  json ns;
  if (ObjectPtr cached = namespaces->cache->Get(Key(*namespaces, "", call.info.namespace_))) {
    // Most namespaces name no policy: no need to parse them on every write.
    if (cached->json.find("pod-security.kubernetes.io/") == std::string::npos) return true;
    ns = json::parse(cached->json, nullptr, false);
  }
  ps::PolicyResult policy = ps::PolicyFromLabels(Labels(ns));
  if (policy.policy.FullyPrivileged() && policy.errors.empty()) return true;
  if (is_pod && old != nullptr && !ps::IsSignificantPodUpdate(obj, *old)) return true;
  std::optional<ps::PodTemplate> pod = ps::ExtractPodTemplate(info.group, info.plural, obj);
  if (!pod) return true;
  if (is_pod) {
    std::vector<ps::Violation> broken =
        ps::Evaluate(policy.policy.enforce, *pod->metadata, *pod->spec);
    if (!broken.empty()) {
      ReplyError(call, am::Forbidden(
                           "", "pods", call.info.name,
                           base::StrCat("violates PodSecurity \"", policy.policy.enforce.String(),
                                        "\": ", ps::ForbiddenDetail(broken))));
      return false;
    }
  }
  std::vector<ps::Violation> warned = ps::Evaluate(policy.policy.warn, *pod->metadata, *pod->spec);
  if (!warned.empty()) {
    AddOnce(call.warnings, base::StrCat("would violate PodSecurity \"", policy.policy.warn.String(),
                                        "\": ", ps::ForbiddenDetail(warned)));
  }
  return true;
}

}  // namespace wisp::apiserver
