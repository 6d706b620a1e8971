// File: wisp/api/registry.h
//
// wisp's one declarative registry of built-in Kubernetes kinds: names, scope,
// verbs, subresources, field selectors, the etcd key layout and the field
// schema. Discovery, OpenAPI and field validation derive from it.
//
// Thread-safety: a Registry is immutable after construction; all const
// methods are safe to call concurrently. Pointers it returns live as long as
// the Registry.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wisp/api/schema.h"

namespace wisp::api {

struct SubresourceInfo {
  std::string name;                  // "status", "scale", "log", "eviction", "binding", ...
  std::string group, version, kind;  // body kind; empty group/version = same as parent
  std::vector<std::string> verbs;    // e.g. {"get","patch","update"}
};

struct ResourceInfo {
  std::string group;                     // "" for core
  std::string version;                   // "v1"
  std::string kind;                      // "Pod"
  std::string list_kind;                 // "PodList"
  std::string plural;                    // "pods"
  std::string singular;                  // "pod"
  std::vector<std::string> short_names;  // {"po"}
  std::vector<std::string> categories;   // {"all"}
  std::vector<std::string> verbs;        // upstream discovery verbs
  bool namespaced = true;
  std::vector<SubresourceInfo> subresources;
  std::string schema;  // definition name of the kind's schema: "io.k8s.api.core.v1.Pod"
  // Selectable fields besides metadata.name / metadata.namespace.
  std::vector<std::string> field_selectors;
  // etcd key segment under /registry/ (pods -> "pods", services -> "services/specs").
  std::string storage_resource;
  bool has_generation = false;  // metadata.generation bumps on spec change

  std::string ApiVersion() const;  // "v1" or "apps/v1"
  const SubresourceInfo* Subresource(std::string_view name) const;
  bool Listable() const;  // verbs include "list" (only then is there a <Kind>List schema)
};

struct GroupInfo {
  std::string name;  // "" for core
  std::vector<std::string> versions;
  std::string preferred_version;
};

class Registry {
 public:
  virtual ~Registry() = default;

  virtual const ResourceInfo* Find(std::string_view group, std::string_view version,
                                   std::string_view plural) const = 0;
  virtual const ResourceInfo* FindKind(std::string_view group, std::string_view version,
                                       std::string_view kind) const = 0;
  virtual const std::vector<ResourceInfo>& Resources() const = 0;
  // Core ("" with v1) first, then upstream's order of groups.
  virtual std::vector<GroupInfo> Groups() const = 0;
  // The definition named like "io.k8s.api.core.v1.Pod"; nullptr when unknown.
  virtual const TypeSchema* Schema(std::string_view definition_name) const = 0;
  // Every definition, sorted by name.
  virtual const std::vector<TypeSchema>& Schemas() const = 0;
};

// The registry of every built-in kind wisp serves. Never fails: the built-in
// tables are checked by unit tests (a broken table aborts in debug builds).
std::unique_ptr<Registry> NewBuiltInRegistry();

}  // namespace wisp::api
