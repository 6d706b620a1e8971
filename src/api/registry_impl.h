// File: src/api/registry_impl.h (private)
//
// The Registry implementation built from text tables. Build() once, then
// read-only (safe for concurrent readers).
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "wisp/api/registry.h"

namespace wisp::api::internal {

class RegistryImpl final : public Registry {
 public:
  // Parses the tables, adds the List definitions and the
  // x-kubernetes-group-version-kind of every served kind.
  absl::Status Build(std::string_view resource_table,
                     const std::vector<std::string_view>& schema_texts);

  const ResourceInfo* Find(std::string_view group, std::string_view version,
                           std::string_view plural) const override;
  const ResourceInfo* FindKind(std::string_view group, std::string_view version,
                               std::string_view kind) const override;
  const std::vector<ResourceInfo>& Resources() const override { return resources_; }
  std::vector<GroupInfo> Groups() const override;
  const TypeSchema* Schema(std::string_view definition_name) const override;
  const std::vector<TypeSchema>& Schemas() const override { return schemas_; }

 private:
  TypeSchema* MutableSchema(std::string_view definition_name);

  std::vector<ResourceInfo> resources_;
  std::vector<TypeSchema> schemas_;  // sorted by name
};

}  // namespace wisp::api::internal
