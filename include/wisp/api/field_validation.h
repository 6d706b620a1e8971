// File: wisp/api/field_validation.h
//
// Unknown and duplicate field detection for fieldValidation=Strict|Warn.
// Pure function of its arguments; safe to call concurrently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "wisp/api/registry.h"

namespace wisp::api {

// Walks the JSON request body against resource's schema and returns one
// message per problem in upstream's wording, in document order:
//   unknown field "spec.foo"
//   duplicate field "metadata.name"
// Paths are dotted, list items as `spec.containers[0].foo`. Map-typed fields
// (labels, annotations, data) accept any key; RawExtension and
// preserve-unknown-fields values accept anything. apiVersion/kind are known.
// Returns InvalidArgument when the body is not valid JSON (the message names
// the byte offset).
absl::StatusOr<std::vector<std::string>> FindUnknownAndDuplicateFields(const Registry& registry,
                                                                       const ResourceInfo& resource,
                                                                       std::string_view json_body);

// Removes from `obj` (a decoded object of the schema definition
// `definition`) every field its schema does not know, as upstream's typed
// decoding drops them, and returns their paths in the wording above
// (`spec.foo`, `spec.containers[0].foo`), in key order. Free-form and
// preserve-unknown-fields values keep everything. Also drops what the Go
// object would not encode again (omitempty): null or empty optional lists
// and maps (`labels: {}`), null optional scalars.
std::vector<std::string> PruneUnknownFields(const Registry& registry, const std::string& definition,
                                            nlohmann::json& obj);

}  // namespace wisp::api
