// The built-in registry: the resource table plus the schema texts, parsed
// once at construction.
#include "wisp/api/registry.h"

#include <algorithm>
#include <cstdlib>

#include "api/builtin_tables.h"
#include "api/registry_impl.h"
#include "api/resource_table.h"
#include "api/schema_parser.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::api {

using base::StrCat;

std::string ResourceInfo::ApiVersion() const {
  return group.empty() ? version : StrCat(group, "/", version);
}

bool ResourceInfo::Listable() const {
  return std::find(verbs.begin(), verbs.end(), "list") != verbs.end();
}

const SubresourceInfo* ResourceInfo::Subresource(std::string_view name) const {
  for (const SubresourceInfo& s : subresources) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const FieldSchema* TypeSchema::Field(std::string_view field_name) const {
  auto it = std::lower_bound(
      fields.begin(), fields.end(), field_name,
      [](const FieldSchema& f, std::string_view n) { return std::string_view(f.name) < n; });
  return it != fields.end() && it->name == field_name ? &*it : nullptr;
}

namespace internal {

const ResourceInfo* RegistryImpl::Find(std::string_view group, std::string_view version,
                                       std::string_view plural) const {
  for (const ResourceInfo& r : resources_) {
    if (r.plural == plural && r.version == version && r.group == group) return &r;
  }
  return nullptr;
}

const ResourceInfo* RegistryImpl::FindKind(std::string_view group, std::string_view version,
                                           std::string_view kind) const {
  for (const ResourceInfo& r : resources_) {
    if (r.kind == kind && r.version == version && r.group == group) return &r;
  }
  return nullptr;
}

std::vector<GroupInfo> RegistryImpl::Groups() const {
  std::vector<GroupInfo> out;
  for (const ResourceInfo& r : resources_) {
    auto it =
        std::find_if(out.begin(), out.end(), [&](const GroupInfo& g) { return g.name == r.group; });
    if (it == out.end()) {
      out.push_back({r.group, {r.version}, r.version});  // first listed version is preferred
    } else if (std::find(it->versions.begin(), it->versions.end(), r.version) ==
               it->versions.end()) {
      it->versions.push_back(r.version);
    }
  }
  return out;
}

const TypeSchema* RegistryImpl::Schema(std::string_view definition_name) const {
  auto it = std::lower_bound(
      schemas_.begin(), schemas_.end(), definition_name,
      [](const TypeSchema& t, std::string_view n) { return std::string_view(t.name) < n; });
  return it != schemas_.end() && it->name == definition_name ? &*it : nullptr;
}

TypeSchema* RegistryImpl::MutableSchema(std::string_view definition_name) {
  return const_cast<TypeSchema*>(Schema(definition_name));
}

absl::Status RegistryImpl::Build(std::string_view resource_table,
                                 const std::vector<std::string_view>& schema_texts) {
  auto resources = ParseResourceTable(resource_table);
  if (!resources.ok()) return resources.status();
  resources_ = *std::move(resources);
  auto schemas = ParseSchemas(schema_texts);
  if (!schemas.ok()) return schemas.status();
  schemas_ = *std::move(schemas);
  if (auto s = ApplyEncodings(EncodingText(), schemas_); !s.ok()) return s;

  // Every kind gets its List definition unless the text states one.
  bool added = false;
  for (const ResourceInfo& r : resources_) {
    if (Schema(r.schema) == nullptr) {
      return absl::InvalidArgumentError(
          StrCat("resource ", r.plural, ": no schema definition ", r.schema));
    }
    std::string list_name = StrCat(r.schema, "List");
    if (!r.Listable() || Schema(list_name) != nullptr) continue;
    if (std::any_of(schemas_.begin(), schemas_.end(),
                    [&](const TypeSchema& t) { return t.name == list_name; })) {
      continue;
    }
    TypeSchema list;
    list.name = list_name;
    // Every upstream List message has metadata = 1 and items = 2.
    auto field = [&](const char* name, ValueType type, std::string ref, int proto_number) {
      FieldSchema f;
      f.name = name;
      f.type = type;
      f.ref = std::move(ref);
      f.proto_number = proto_number;
      list.fields.push_back(std::move(f));
    };
    field("apiVersion", ValueType::kString, "", 0);
    field("items", ValueType::kObject, r.schema, 2);
    list.fields.back().container = Container::kList;
    list.fields.back().required = true;
    field("kind", ValueType::kString, "", 0);
    field("metadata", ValueType::kObject, "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta", 1);
    schemas_.push_back(std::move(list));
    added = true;
  }
  if (added) {
    std::sort(schemas_.begin(), schemas_.end(),
              [](const TypeSchema& a, const TypeSchema& b) { return a.name < b.name; });
  }
  for (const ResourceInfo& r : resources_) {
    for (const std::string& name : {r.schema, StrCat(r.schema, "List")}) {
      TypeSchema* t = MutableSchema(name);
      if (t == nullptr) continue;  // kinds that cannot be listed have no List
      t->gvk_group = r.group;
      t->gvk_version = r.version;
      t->gvk_kind = name == r.schema ? r.kind : r.list_kind;
    }
  }
  return absl::OkStatus();
}

}  // namespace internal

std::unique_ptr<Registry> NewBuiltInRegistry() {
  auto registry = std::make_unique<internal::RegistryImpl>();
  absl::Status s = registry->Build(internal::BuiltInResourceTable(), internal::AllSchemaTexts());
  if (!s.ok()) {
    // The tables are compiled in and covered by unit tests: a failure here is
    // a programming error, not an environment problem.
    base::LogError("api", StrCat("built-in registry is broken: ", s.message()));
    std::abort();
  }
  return registry;
}

}  // namespace wisp::api
