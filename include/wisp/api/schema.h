// File: wisp/api/schema.h
//
// The field schema of API types, as wisp's type registry states it: one
// TypeSchema per OpenAPI definition ("io.k8s.api.core.v1.PodSpec"), each a
// list of FieldSchema. Values are immutable once the Registry is built and are
// safe to read from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wisp::api {

// The JSON shape of a value (one field, or one element of a list or map).
enum class ValueType {
  kString,   // format in FieldSchema::format ("byte", "date-time", ...)
  kInteger,  // format "int32" or "int64"
  kNumber,   // format "double"
  kBoolean,
  kObject,       // a named definition, FieldSchema::ref
  kIntOrString,  // x-kubernetes-int-or-string
  kQuantity,     // resource.Quantity: string or number
  kAny,          // anything (RawExtension, preserve-unknown-fields)
};

enum class Container { kNone, kList, kMap, kMapOfList };  // kMapOfList: map[string][]T

struct FieldSchema {
  std::string name;
  Container container = Container::kNone;
  ValueType type = ValueType::kString;  // of the field, or of its elements
  std::string ref;                      // definition name when type == kObject
  std::string format;                   // "int32", "int64", "double", "byte", "date-time"
  bool required = false;
  std::string patch_strategy;              // "merge", "retainKeys", "merge,retainKeys" or ""
  std::string patch_merge_key;             // e.g. "name"
  std::string list_type;                   // "atomic", "set", "map" or ""
  std::vector<std::string> list_map_keys;  // for list_type == "map"
  std::vector<std::string> enum_values;
  // Protobuf field number (go-to-protobuf's generated.proto); 0 when the
  // field has none (apiVersion/kind of a kind travel in the envelope).
  int proto_number = 0;
  // For fields Go inlines from an embedded struct (Probe.exec lives in
  // Probe.handler = 1): the numbers of the embedded messages, outermost
  // first. Empty for ordinary fields.
  std::vector<int> proto_embedding;
  // How Go encodes the field (schemas_encoding.cc): a non-pointer scalar
  // with omitempty is not encoded when zero ("", 0, false); a non-pointer
  // struct is always encoded ({}, or null for a zero time).
  bool omit_zero = false;
  bool always_encoded = false;
  // A field without omitempty: written even when empty, as its zero value
  // ("", 0, false, null for a list or map, "0" for a Quantity).
  bool encoded_when_empty = false;
};

// One definition. Scalar definitions (Time, Quantity, IntOrString, ...) have
// no fields and scalar != kObject.
struct TypeSchema {
  std::string name;  // "io.k8s.api.core.v1.Pod"
  ValueType scalar = ValueType::kObject;
  std::string format;  // for scalar definitions ("date-time")
  bool preserve_unknown_fields = false;
  std::vector<FieldSchema> fields;  // sorted by name
  // Kinds that carry x-kubernetes-group-version-kind.
  std::string gvk_group, gvk_version, gvk_kind;

  // Binary search on the sorted fields; nullptr when absent.
  const FieldSchema* Field(std::string_view field_name) const;
};

}  // namespace wisp::api
