// Legacy and aggregated discovery documents derived from the registry.
#include "wisp/api/discovery.h"

#include <algorithm>

#include "nlohmann/json.hpp"
#include "wisp/base/strings.h"

namespace wisp::api {
namespace {

using base::StrCat;
using nlohmann::json;

std::string GroupVersion(std::string_view group, std::string_view version) {
  return group.empty() ? std::string(version) : StrCat(group, "/", version);
}

// Resources of one group/version, sorted by plural name as upstream lists them.
std::vector<const ResourceInfo*> ResourcesOf(const Registry& registry, std::string_view group,
                                             std::string_view version) {
  std::vector<const ResourceInfo*> out;
  for (const ResourceInfo& r : registry.Resources()) {
    if (r.group == group && r.version == version) out.push_back(&r);
  }
  std::sort(out.begin(), out.end(),
            [](const ResourceInfo* a, const ResourceInfo* b) { return a->plural < b->plural; });
  return out;
}

std::vector<SubresourceInfo> SortedSubresources(const ResourceInfo& r) {
  std::vector<SubresourceInfo> subs = r.subresources;
  std::sort(subs.begin(), subs.end(),
            [](const SubresourceInfo& a, const SubresourceInfo& b) { return a.name < b.name; });
  return subs;
}

json GroupVersionEntry(std::string_view group, std::string_view version) {
  return {{"groupVersion", GroupVersion(group, version)}, {"version", version}};
}

json AggregatedResource(const ResourceInfo& r) {
  json res = {
      {"resource", r.plural},
      {"responseKind", {{"group", ""}, {"version", ""}, {"kind", r.kind}}},
      {"scope", r.namespaced ? "Namespaced" : "Cluster"},
      {"singularResource", r.singular},
      {"verbs", r.verbs},
  };
  if (!r.short_names.empty()) res["shortNames"] = r.short_names;
  if (!r.categories.empty()) res["categories"] = r.categories;
  if (!r.subresources.empty()) {
    json subs = json::array();
    for (const SubresourceInfo& s : SortedSubresources(r)) {
      subs.push_back({
          {"subresource", s.name},
          {"responseKind", {{"group", s.group}, {"version", s.version}, {"kind", s.kind}}},
          {"verbs", s.verbs},
      });
    }
    res["subresources"] = std::move(subs);
  }
  return res;
}

}  // namespace

std::string ApiVersionsJson(const Registry& registry, std::string_view server_address) {
  json doc = {
      {"kind", "APIVersions"},
      {"versions", json::array()},
      {"serverAddressByClientCIDRs",
       json::array({{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}})},
  };
  for (const GroupInfo& g : registry.Groups()) {
    if (g.name.empty()) doc["versions"] = g.versions;
  }
  return doc.dump();
}

std::string ApiGroupListJson(const Registry& registry) {
  json groups = json::array();
  for (const GroupInfo& g : registry.Groups()) {
    if (g.name.empty()) continue;
    json versions = json::array();
    for (const std::string& v : g.versions) versions.push_back(GroupVersionEntry(g.name, v));
    groups.push_back({{"name", g.name},
                      {"versions", std::move(versions)},
                      {"preferredVersion", GroupVersionEntry(g.name, g.preferred_version)}});
  }
  json doc = {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", std::move(groups)}};
  return doc.dump();
}

std::string ApiResourceListJson(const Registry& registry, std::string_view group,
                                std::string_view version) {
  json resources = json::array();
  for (const ResourceInfo* r : ResourcesOf(registry, group, version)) {
    json res = {{"name", r->plural},
                {"singularName", r->singular},
                {"namespaced", r->namespaced},
                {"kind", r->kind},
                {"verbs", r->verbs}};
    if (!r->short_names.empty()) res["shortNames"] = r->short_names;
    if (!r->categories.empty()) res["categories"] = r->categories;
    resources.push_back(std::move(res));
    for (const SubresourceInfo& s : SortedSubresources(*r)) {
      json sub = {{"name", StrCat(r->plural, "/", s.name)},
                  {"singularName", ""},
                  {"namespaced", r->namespaced},
                  {"kind", s.kind},
                  {"verbs", s.verbs}};
      if (!s.group.empty()) sub["group"] = s.group;
      if (!s.version.empty()) sub["version"] = s.version;
      resources.push_back(std::move(sub));
    }
  }
  json doc = {{"kind", "APIResourceList"},
              {"apiVersion", "v1"},
              {"groupVersion", GroupVersion(group, version)},
              {"resources", std::move(resources)}};
  return doc.dump();
}

std::string AggregatedDiscoveryJson(const Registry& registry, bool core) {
  json items = json::array();
  for (const GroupInfo& g : registry.Groups()) {
    if (g.name.empty() != core) continue;
    // The preferred version comes first.
    std::vector<std::string> versions = g.versions;
    std::stable_partition(versions.begin(), versions.end(),
                          [&](const std::string& v) { return v == g.preferred_version; });
    json jversions = json::array();
    for (const std::string& v : versions) {
      json resources = json::array();
      for (const ResourceInfo* r : ResourcesOf(registry, g.name, v)) {
        resources.push_back(AggregatedResource(*r));
      }
      jversions.push_back(
          {{"version", v}, {"resources", std::move(resources)}, {"freshness", "Current"}});
    }
    json metadata = {{"creationTimestamp", nullptr}};
    if (!g.name.empty()) metadata["name"] = g.name;
    items.push_back({{"metadata", std::move(metadata)}, {"versions", std::move(jversions)}});
  }
  json doc = {{"kind", "APIGroupDiscoveryList"},
              {"apiVersion", "apidiscovery.k8s.io/v2"},
              {"metadata", json::object()},
              {"items", std::move(items)}};
  return doc.dump();
}

}  // namespace wisp::api
