// OpenAPI v3 documents (root and per group-version) derived from the registry.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "api/openapi_schema.h"
#include "api/resource_table.h"
#include "nlohmann/json.hpp"
#include "wisp/api/discovery.h"
#include "wisp/base/strings.h"

namespace wisp::api {
namespace {

using base::StrCat;
using internal::SchemaRef;
using nlohmann::json;

constexpr std::string_view kMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.";

std::string Prefix(std::string_view group, std::string_view version) {
  return group.empty() ? StrCat("/api/", version) : StrCat("/apis/", group, "/", version);
}

// "rbac.authorization.k8s.io" + "v1" -> "RbacAuthorizationV1"; core -> "CoreV1".
std::string OperationGroup(std::string_view group, std::string_view version) {
  std::string out;
  std::string_view g = group.empty() ? std::string_view("core") : group;
  if (g.size() > 7 && g.substr(g.size() - 7) == ".k8s.io") g.remove_suffix(7);
  bool upper = true;
  for (char c : g) {
    if (c == '.' || c == '-') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  std::string v(version);
  if (!v.empty()) v[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(v[0])));
  return StrCat(out, v);
}

std::string Capitalized(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

json QueryParam(std::string_view name, std::string_view type, std::string_view what) {
  return {{"name", name},
          {"in", "query"},
          {"description", what},
          {"schema", {{"type", type}, {"uniqueItems", true}}}};
}

json PathParam(std::string_view name, std::string_view what) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"description", what},
          {"schema", {{"type", "string"}, {"uniqueItems", true}}}};
}

json WriteParams(bool patch) {
  json p = json::array({
      QueryParam("dryRun", "string", "Set to All to run every stage except persisting."),
      QueryParam("fieldManager", "string", "Name of the actor making the change."),
      QueryParam("fieldValidation", "string",
                 "Ignore, Warn or Strict handling of unknown and duplicate fields."),
  });
  if (patch) p.push_back(QueryParam("force", "boolean", "Force an apply request."));
  return p;
}

json ListParams() {
  return json::array({
      QueryParam("allowWatchBookmarks", "boolean", "Ask for BOOKMARK watch events."),
      QueryParam("continue", "string", "Continue token of a previous list."),
      QueryParam("fieldSelector", "string", "Restrict the list by fields."),
      QueryParam("labelSelector", "string", "Restrict the list by labels."),
      QueryParam("limit", "integer", "Maximum number of items to return."),
      QueryParam("resourceVersion", "string", "Resource version to read at."),
      QueryParam("resourceVersionMatch", "string", "How resourceVersion applies."),
      QueryParam("sendInitialEvents", "boolean", "Start a watch with the current state."),
      QueryParam("timeoutSeconds", "integer", "Timeout of the list or watch call."),
      QueryParam("watch", "boolean", "Watch for changes instead of listing."),
  });
}

json JsonBody(std::string_view definition) {
  json schema = {{"$ref", SchemaRef(definition)}};
  return {
      {"required", true},
      {"content",
       {{"application/json", {{"schema", schema}}}, {"application/yaml", {{"schema", schema}}}}}};
}

json PatchBody() {
  json schema = {{"$ref", SchemaRef(StrCat(kMeta, "Patch"))}};
  json content = json::object();
  for (const char* type :
       {"application/apply-patch+yaml", "application/json-patch+json",
        "application/merge-patch+json", "application/strategic-merge-patch+json"}) {
    content[type] = {{"schema", schema}};
  }
  return {{"required", true}, {"content", std::move(content)}};
}

json Responses(std::string_view definition, const std::vector<std::string>& codes) {
  json out = json::object();
  json content = {{"application/json", {{"schema", {{"$ref", SchemaRef(definition)}}}}},
                  {"application/yaml", {{"schema", {{"$ref", SchemaRef(definition)}}}}}};
  for (const std::string& code : codes) {
    out[code] = {{"description", code == "201" ? "Created" : "OK"}, {"content", content}};
  }
  out["401"] = {{"description", "Unauthorized"}};
  return out;
}

struct OpSpec {
  std::string method, action, id, description, response;
  json params = json::array();
  json body = nullptr;  // null: no request body
  std::vector<std::string> codes = {"200"};
};

json Operation(const OpSpec& s, const json& gvk, std::string_view tag) {
  json op = {{"description", s.description},    {"operationId", s.id},
             {"tags", json::array({tag})},      {"responses", Responses(s.response, s.codes)},
             {"x-kubernetes-action", s.action}, {"x-kubernetes-group-version-kind", gvk}};
  if (!s.params.empty()) op["parameters"] = s.params;
  if (!s.body.is_null()) op["requestBody"] = s.body;
  return op;
}

bool Has(const std::vector<std::string>& verbs, std::string_view v) {
  return std::find(verbs.begin(), verbs.end(), v) != verbs.end();
}

class PathBuilder {
 public:
  PathBuilder(std::string_view group, std::string_view version)
      : group_(group),
        version_(version),
        op_group_(OperationGroup(group, version)),
        tag_(StrCat(group.empty() ? "core" : group, "_", version)) {}

  void AddResource(const ResourceInfo& r) {
    std::string ns = r.namespaced ? "Namespaced" : "";
    std::string base = r.namespaced
                           ? StrCat(Prefix(group_, version_), "/namespaces/{namespace}/", r.plural)
                           : StrCat(Prefix(group_, version_), "/", r.plural);
    json gvk = {{"group", r.group}, {"version", r.version}, {"kind", r.kind}};
    std::string list = StrCat(r.schema, "List");
    std::string suffix = StrCat(ns, r.kind);
    json& coll = Path(base, r.namespaced, false);
    if (Has(r.verbs, "list")) {
      coll["get"] = Operation({"get", "list", StrCat("list", op_group_, suffix),
                               StrCat("list or watch ", r.kind), list, ListParams()},
                              gvk, tag_);
    }
    if (Has(r.verbs, "create")) {
      coll["post"] = Operation({"post",
                                "post",
                                StrCat("create", op_group_, suffix),
                                StrCat("create a ", r.kind),
                                r.schema,
                                WriteParams(false),
                                JsonBody(r.schema),
                                {"200", "201", "202"}},
                               gvk, tag_);
    }
    if (Has(r.verbs, "deletecollection")) {
      coll["delete"] = Operation(
          {"delete", "deletecollection", StrCat("delete", op_group_, "Collection", suffix),
           StrCat("delete a collection of ", r.kind), StrCat(kMeta, "Status"), ListParams()},
          gvk, tag_);
    }
    std::string item = StrCat(base, "/{name}");
    bool any_item = Has(r.verbs, "get") || Has(r.verbs, "update") || Has(r.verbs, "patch") ||
                    Has(r.verbs, "delete");
    if (any_item) AddItemOps(Path(item, r.namespaced, true), r, "", r.schema, r.verbs, gvk);
    if (r.namespaced && Has(r.verbs, "list")) {
      json& all = Path(StrCat(Prefix(group_, version_), "/", r.plural), false, false);
      all["get"] = Operation({"get", "list", StrCat("list", op_group_, r.kind, "ForAllNamespaces"),
                              StrCat("list or watch ", r.kind), list, ListParams()},
                             gvk, tag_);
    }
    for (const SubresourceInfo& s : r.subresources) AddSubresource(item, r, s);
  }

  json Take() { return std::move(paths_); }

 private:
  json& Path(const std::string& path, bool namespaced, bool named) {
    json& p = paths_[path];
    if (!p.contains("parameters")) {
      json params = json::array();
      if (named) params.push_back(PathParam("name", "name of the object"));
      if (namespaced) params.push_back(PathParam("namespace", "namespace of the object"));
      params.push_back(QueryParam("pretty", "string", "Pretty-print the output."));
      p["parameters"] = std::move(params);
    }
    return p;
  }

  void AddItemOps(json& p, const ResourceInfo& r, std::string_view sub, const std::string& body,
                  const std::vector<std::string>& verbs, const json& gvk) {
    std::string suffix = StrCat(r.namespaced ? "Namespaced" : "", r.kind, Capitalized(sub));
    std::string what = sub.empty() ? r.kind : StrCat(sub, " of the ", r.kind);
    if (Has(verbs, "get")) {
      p["get"] = Operation(
          {"get", "get", StrCat("read", op_group_, suffix), StrCat("read the ", what), body}, gvk,
          tag_);
    }
    if (Has(verbs, "update")) {
      p["put"] = Operation({"put",
                            "put",
                            StrCat("replace", op_group_, suffix),
                            StrCat("replace the ", what),
                            body,
                            WriteParams(false),
                            JsonBody(body),
                            {"200", "201"}},
                           gvk, tag_);
    }
    if (Has(verbs, "patch")) {
      p["patch"] = Operation({"patch",
                              "patch",
                              StrCat("patch", op_group_, suffix),
                              StrCat("partially update the ", what),
                              body,
                              WriteParams(true),
                              PatchBody(),
                              {"200", "201"}},
                             gvk, tag_);
    }
    if (Has(verbs, "delete") && sub.empty()) {
      OpSpec del{"delete",
                 "delete",
                 StrCat("delete", op_group_, suffix),
                 StrCat("delete the ", what),
                 StrCat(kMeta, "Status"),
                 json::array(),
                 JsonBody(StrCat(kMeta, "DeleteOptions")),
                 {"200", "202"}};
      del.body["required"] = false;
      p["delete"] = Operation(del, gvk, tag_);
    }
    if (Has(verbs, "create") && !sub.empty()) {
      p["post"] = Operation({"post",
                             "post",
                             StrCat("create", op_group_, suffix),
                             StrCat("create the ", what),
                             body,
                             WriteParams(false),
                             JsonBody(body),
                             {"200", "201", "202"}},
                            gvk, tag_);
    }
  }

  void AddSubresource(const std::string& item, const ResourceInfo& r, const SubresourceInfo& s) {
    // Connect subresources (exec, attach, portforward, proxy) and log stream
    // bytes rather than objects; they are not described here.
    if (s.kind.find("Options") != std::string::npos || s.name == "log") return;
    std::string g = s.group.empty() && s.version.empty() ? r.group : s.group;
    std::string v = s.version.empty() ? r.version : s.version;
    std::string body = StrCat(internal::DefinitionPackage(g, v), ".", s.kind);
    json gvk = {{"group", g}, {"version", v}, {"kind", s.kind}};
    AddItemOps(Path(StrCat(item, "/", s.name), r.namespaced, true), r, s.name, body, s.verbs, gvk);
    extra_.push_back(body);
  }

 public:
  std::vector<std::string> extra_;  // body definitions of subresources

 private:
  std::string group_, version_, op_group_, tag_;
  json paths_ = json::object();
};

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llX", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string OpenApiV3DocumentJson(const Registry& registry, std::string_view group,
                                  std::string_view version) {
  PathBuilder paths(group, version);
  std::vector<std::string> roots = {StrCat(kMeta, "Status"), StrCat(kMeta, "DeleteOptions"),
                                    StrCat(kMeta, "Patch"), StrCat(kMeta, "WatchEvent")};
  bool any = false;
  for (const ResourceInfo& r : registry.Resources()) {
    if (r.group != group || r.version != version) continue;
    any = true;
    paths.AddResource(r);
    roots.push_back(r.schema);
    roots.push_back(StrCat(r.schema, "List"));
  }
  if (!any) return "";
  roots.insert(roots.end(), paths.extra_.begin(), paths.extra_.end());
  json schemas = json::object();
  for (const TypeSchema* t : internal::ReachableDefinitions(registry, roots)) {
    schemas[t->name] = internal::DefinitionJson(*t);
  }
  json doc = {{"openapi", "3.0.0"},
              {"info", {{"title", "Kubernetes"}, {"version", "unversioned"}}},
              {"paths", paths.Take()},
              {"components", {{"schemas", std::move(schemas)}}}};
  return doc.dump();
}

std::string OpenApiV3Hash(const Registry& registry, std::string_view group,
                          std::string_view version) {
  // Two FNV-1a 64-bit passes with different offsets: stable and cheap; the
  // hash only needs to change when the document does.
  std::string doc = OpenApiV3DocumentJson(registry, group, version);
  uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
  for (unsigned char c : doc) {
    a = (a ^ c) * 0x100000001b3ULL;
    b = (b ^ c) * 0x100000001b3ULL;
  }
  return StrCat(Hex64(a), Hex64(b));
}

std::string OpenApiV3RootJson(const Registry& registry) {
  json paths = json::object();
  for (const GroupInfo& g : registry.Groups()) {
    for (const std::string& v : g.versions) {
      std::string key = Prefix(g.name, v).substr(1);
      paths[key] = {{"serverRelativeURL",
                     StrCat("/openapi/v3/", key, "?hash=", OpenApiV3Hash(registry, g.name, v))}};
    }
  }
  json doc = {{"paths", std::move(paths)}};
  return doc.dump();
}

}  // namespace wisp::api
