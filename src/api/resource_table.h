// File: src/api/resource_table.h (private)
//
// Parses the one-line-per-resource table into ResourceInfo values.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "wisp/api/registry.h"

namespace wisp::api::internal {

// Format, one resource per line ('#' starts a comment line):
//   <group/version|v1> <Kind> <plural> <ns|cluster> [key=value ...]
// keys: short=a,b  cat=a,b  verbs=a,b (default: the eight standard verbs)
//       sub=name,name (known subresource templates, see resource_table.cc)
//       store=<etcd segment> (default: plural)  fs=field,field  gen (flag)
//       schema=<definition> (default: io.k8s.api.<pkg>.<version>.<Kind>)
absl::StatusOr<std::vector<ResourceInfo>> ParseResourceTable(std::string_view text);

// "io.k8s.api.core.v1" for ("", "v1"), "io.k8s.api.rbac.v1" for
// ("rbac.authorization.k8s.io", "v1"): the OpenAPI package of a group.
std::string DefinitionPackage(std::string_view group, std::string_view version);

}  // namespace wisp::api::internal
