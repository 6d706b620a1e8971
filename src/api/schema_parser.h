// File: src/api/schema_parser.h (private)
//
// Parses wisp's compact schema text into TypeSchema values.
//
// Format. `@<package>` sets the package of the definitions that follow
// ("@io.k8s.api.core.v1"). A line starting in column 0 opens a definition:
//   Name [field ...]          an object definition
//   Name=<scalar>             a scalar definition: time, mtime (date-time
//                             strings), qty (Quantity), ios (IntOrString),
//                             any (anything: RawExtension, FieldsV1), str
//   Name+ [field ...]         an object that keeps unknown fields
// Indented lines continue the current definition's field list. '#' starts a
// comment line. A field token is
//   [*]name[#number][:type][~strategy[:mergekey]][|listtype[:key,key]]
// `*` marks a required field. `#number` is the protobuf field number;
// `#2.1` says the field is number 1 of an embedded message that is number 2
// of this one (Go's inlined structs: Volume.hostPath is #2.1). type defaults to s and is one of
//   s (string)  i (int32)  l (int64)  b (bool)  d (double)  byte (base64)
//   <Def>  []<type>  {}<type>  {}[]<type>
// where <Def> names a definition: full ("io.k8s.api.core.v1.Pod") or short,
// resolved in the current package, then core/v1, meta/v1, resource,
// intstr, runtime. strategy: m (merge), r (retainKeys), mr (merge,retainKeys),
// x (replace).
// listtype: a (atomic), s (set), m (map, with its keys).
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "wisp/api/schema.h"

namespace wisp::api::internal {

// Parses every text and resolves all references; the result is sorted by
// name. Fails on syntax errors, duplicate definitions or unresolved names.
absl::StatusOr<std::vector<TypeSchema>> ParseSchemas(const std::vector<std::string_view>& texts);

// Marks fields of `types` (sorted by name) with their Go encoding. Format:
// `@<package>` lines as above, then one line per definition:
//   Name [?field | +field ...]
// with continuation lines indented. `?` sets FieldSchema::omit_zero, `+`
// FieldSchema::always_encoded, `=` FieldSchema::encoded_when_empty. Fails on
// an unknown definition or field.
absl::Status ApplyEncodings(std::string_view text, std::vector<TypeSchema>& types);

}  // namespace wisp::api::internal
