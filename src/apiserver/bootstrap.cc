// File: src/apiserver/bootstrap.cc
#include "apiserver/bootstrap.h"

#include <set>

#include "wisp/base/strings.h"

namespace wisp::apiserver {
using nlohmann::json;

namespace {

constexpr const char* kSystemNamespaces[] = {"default", "kube-system", "kube-public",
                                             "kube-node-lease"};

// Fills server-set metadata and runs the kind's defaulting, as a create would.
json Prepare(const ResourceContext& rc, json obj) {
  obj["metadata"]["uid"] = NewUid();
  obj["metadata"]["creationTimestamp"] = NowRfc3339();
  rc.strategy->Default(obj);
  rc.strategy->PrepareForCreate(obj);
  return obj;
}

absl::Status EnsureCreated(Rest& rest, const ResourceContext& rc, json obj) {
  std::string ns = obj["metadata"].value("namespace", "");
  std::string name = obj["metadata"].value("name", "");
  auto existing = rest.GetStored(rc, ns, name);
  if (existing.ok()) return absl::OkStatus();
  if (!absl::IsNotFound(existing.status())) return existing.status();
  absl::Status s = rest.CreateInternal(rc, Prepare(rc, std::move(obj)));
  return absl::IsAlreadyExists(s) ? absl::OkStatus() : s;
}

// Creates or corrects an object whose `field` must equal `want[field]`.
absl::Status EnsureField(Rest& rest, const ResourceContext& rc, json want,
                         const std::vector<std::string>& fields) {
  std::string ns = want["metadata"].value("namespace", "");
  std::string name = want["metadata"].value("name", "");
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto existing = rest.GetStored(rc, ns, name);
    if (!existing.ok()) {
      if (!absl::IsNotFound(existing.status())) return existing.status();
      absl::Status s = rest.CreateInternal(rc, Prepare(rc, want));
      if (!absl::IsAlreadyExists(s)) return s;
      continue;
    }
    json updated = existing->object;
    bool same = true;
    for (const std::string& f : fields) {
      if (updated.value(f, json()) != want.value(f, json())) {
        updated[f] = want[f];
        same = false;
      }
    }
    if (same) return absl::OkStatus();
    absl::Status s = rest.PutInternal(rc, updated, existing->mod_revision);
    if (!absl::IsAborted(s)) return s;
  }
  return absl::AbortedError("could not update " + name);
}

}  // namespace

absl::Status BootstrapCluster(Rest& rest, ServiceAllocator& services, const std::string& address,
                              int port) {
  const ResourceContext* ns_rc = rest.Context("", "namespaces");
  const ResourceContext* svc_rc = rest.Context("", "services");
  const ResourceContext* ep_rc = rest.Context("", "endpoints");
  const ResourceContext* slice_rc = rest.Context("discovery.k8s.io", "endpointslices");
  if (!ns_rc || !svc_rc || !ep_rc) {
    return absl::InternalError("registry lacks namespaces, services or endpoints");
  }
  for (const char* name : kSystemNamespaces) {
    json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
    if (auto s = EnsureCreated(rest, *ns_rc, ns); !s.ok()) return s;
  }
  // Upstream's scheduling post-start hook: the two system priority classes.
  if (const ResourceContext* pc_rc = rest.Context("scheduling.k8s.io", "priorityclasses")) {
    const std::pair<const char*, int64_t> kClasses[] = {{"system-node-critical", 2000001000},
                                                        {"system-cluster-critical", 2000000000}};
    for (const auto& [name, value] : kClasses) {
      json pc = {{"apiVersion", "scheduling.k8s.io/v1"},
                 {"kind", "PriorityClass"},
                 {"metadata", {{"name", name}}},
                 {"value", value},
                 {"description", value > 2000000000
                                     ? "Used for system critical pods that must not be moved "
                                       "from their current node."
                                     : "Used for system critical pods that must run in the "
                                       "cluster, but can be moved to another node if necessary."}};
      if (auto s = EnsureCreated(rest, *pc_rc, pc); !s.ok()) return s;
    }
  }

  json svc = {
      {"apiVersion", "v1"},
      {"kind", "Service"},
      {"metadata",
       {{"name", "kubernetes"},
        {"namespace", "default"},
        {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
      {"spec",
       {{"type", "ClusterIP"},
        {"sessionAffinity", "None"},
        {"clusterIP", services.FirstIp()},
        {"ports",
         json::array(
             {{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", port}}})}}}};
  if (!rest.GetStored(*svc_rc, "default", "kubernetes").ok()) {
    apimachinery::ApiError error;
    json prepared = Prepare(*svc_rc, svc);
    absl::Status s = services.Allocate(prepared, false, &error);
    if (s.ok() || absl::IsAlreadyExists(s)) {
      prepared["spec"]["clusterIP"] = services.FirstIp();
      prepared["spec"]["clusterIPs"] = json::array({services.FirstIp()});
      s = rest.CreateInternal(*svc_rc, prepared);
      if (!s.ok() && !absl::IsAlreadyExists(s)) return s;
    } else {
      return absl::InternalError(
          base::StrCat("allocating the kubernetes service IP: ", error.message));
    }
  }

  json ep = {
      {"apiVersion", "v1"},
      {"kind", "Endpoints"},
      {"metadata",
       {{"name", "kubernetes"},
        {"namespace", "default"},
        {"labels", {{"endpointslice.kubernetes.io/skip-mirror", "true"}}}}},
      {"subsets",
       json::array({{{"addresses", json::array({{{"ip", address}}})},
                     {"ports",
                      json::array({{{"name", "https"}, {"port", port}, {"protocol", "TCP"}}})}}})}};
  if (auto s = EnsureField(rest, *ep_rc, ep, {"subsets"}); !s.ok()) return s;
  if (slice_rc) {
    json slice = {
        {"apiVersion", "discovery.k8s.io/v1"},
        {"kind", "EndpointSlice"},
        {"metadata",
         {{"name", "kubernetes"},
          {"namespace", "default"},
          {"labels", {{"kubernetes.io/service-name", "kubernetes"}}}}},
        {"addressType", "IPv4"},
        {"endpoints",
         json::array({{{"addresses", json::array({address})}, {"conditions", {{"ready", true}}}}})},
        {"ports", json::array({{{"name", "https"}, {"port", port}, {"protocol", "TCP"}}})}};
    if (auto s = EnsureField(rest, *slice_rc, slice, {"endpoints", "ports"}); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status PublishNamespaceDefaults(Rest& rest, const std::string& root_ca_pem) {
  const ResourceContext* ns_rc = rest.Context("", "namespaces");
  const ResourceContext* sa_rc = rest.Context("", "serviceaccounts");
  const ResourceContext* cm_rc = rest.Context("", "configmaps");
  if (!ns_rc || !sa_rc || !cm_rc) {
    return absl::InternalError("registry lacks namespaces, serviceaccounts or configmaps");
  }
  constexpr const char* kRootCaName = "kube-root-ca.crt";
  absl::Status first_error;
  auto note = [&first_error](absl::Status s) {
    if (!s.ok() && !absl::IsAlreadyExists(s) && !absl::IsAborted(s) && first_error.ok()) {
      first_error = std::move(s);
    }
  };
  for (const ObjectPtr& o : ns_rc->cache->List(ns_rc->prefix).objects) {
    json ns = json::parse(o->json, nullptr, false);
    if (!ns.is_object() || ns.contains("/metadata/deletionTimestamp"_json_pointer)) continue;
    const std::string& name = o->name;
    if (!sa_rc->cache->Get(rest.Key(*sa_rc, name, "default"))) {
      json sa = {{"apiVersion", "v1"},
                 {"kind", "ServiceAccount"},
                 {"metadata", {{"name", "default"}, {"namespace", name}}}};
      note(rest.CreateInternal(*sa_rc, Prepare(*sa_rc, std::move(sa))));
    }
    if (root_ca_pem.empty()) continue;
    json data = {{"ca.crt", root_ca_pem}};
    ObjectPtr cm = cm_rc->cache->Get(rest.Key(*cm_rc, name, kRootCaName));
    if (!cm) {
      json obj = {{"apiVersion", "v1"},
                  {"kind", "ConfigMap"},
                  {"metadata",
                   {{"name", kRootCaName},
                    {"namespace", name},
                    {"annotations",
                     {{"kubernetes.io/description",
                       "The cluster's CA bundle, for verifying the API server at its in-cluster "
                       "addresses (the kubernetes service, kubernetes.default.svc)."}}}}},
                  {"data", data}};
      note(rest.CreateInternal(*cm_rc, Prepare(*cm_rc, std::move(obj))));
      continue;
    }
    json current = json::parse(cm->json, nullptr, false);
    if (!current.is_object() || current.value("data", json()) == data) continue;
    current["data"] = data;
    current.erase("binaryData");
    note(rest.PutInternal(*cm_rc, std::move(current), cm->resource_version));
  }
  return first_error;
}

}  // namespace wisp::apiserver
