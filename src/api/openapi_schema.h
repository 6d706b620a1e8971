// File: src/api/openapi_schema.h (private)
//
// OpenAPI v3 schema objects for registry definitions.
#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "wisp/api/registry.h"

namespace wisp::api::internal {

// "#/components/schemas/<name>"
std::string SchemaRef(std::string_view definition_name);

// The OpenAPI v3 schema of a scalar field type (with its format, if any).
nlohmann::json ScalarJson(ValueType type, const std::string& format);

// The schema object of one definition (properties, required, extensions).
nlohmann::json DefinitionJson(const TypeSchema& type);

// roots plus every definition reachable from them through field refs, sorted.
std::vector<const TypeSchema*> ReachableDefinitions(const Registry& registry,
                                                    const std::vector<std::string>& roots);

}  // namespace wisp::api::internal
