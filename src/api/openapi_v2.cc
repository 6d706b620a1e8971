// GET /openapi/v2: a Swagger 2.0 document with the definitions of every
// served kind (and what they reference), as JSON or as the protobuf
// encoding of gnostic's openapi.v2.Document, which client-go asks for.
// kubectl reads it to validate the items of a `kind: List` file. There are
// no paths: clients that need operations use /openapi/v3.
//
// Quantity, int-or-string and free-form values carry no type, so a reader
// accepts every form the API server accepts for them.
#include <string>

#include "api/openapi_schema.h"
#include "wisp/api/discovery.h"
#include "wisp/api/registry.h"
#include "wisp/base/strings.h"

namespace wisp::api {
namespace {

using base::StrCat;
using nlohmann::json;

std::string Ref(const std::string& name) { return StrCat("#/definitions/", name); }

// As v3, but Swagger 2.0 has no oneOf: quantities, int-or-strings and
// free-form values are untyped (any JSON value).
json ScalarV2(ValueType type, const std::string& format) {
  switch (type) {
    case ValueType::kObject:
    case ValueType::kIntOrString:
    case ValueType::kQuantity:
    case ValueType::kAny:
      return json::object();
    default:
      return internal::ScalarJson(type, format);
  }
}

json ElementV2(const FieldSchema& f) {
  if (f.type == ValueType::kObject) return {{"$ref", Ref(f.ref)}};
  return ScalarV2(f.type, f.format);
}

json FieldV2(const FieldSchema& f) {
  switch (f.container) {
    case Container::kNone:
      return ElementV2(f);
    case Container::kList:
      return {{"type", "array"}, {"items", ElementV2(f)}};
    case Container::kMap:
      return {{"type", "object"}, {"additionalProperties", ElementV2(f)}};
    case Container::kMapOfList:
      return {{"type", "object"},
              {"additionalProperties", {{"type", "array"}, {"items", ElementV2(f)}}}};
  }
  return json::object();
}

json DefinitionV2(const TypeSchema& t) {
  if (t.scalar != ValueType::kObject) return ScalarV2(t.scalar, t.format);
  json s = {{"type", "object"}};
  if (t.preserve_unknown_fields && t.fields.empty()) s.erase("type");
  if (!t.fields.empty()) {
    json props = json::object();
    json required = json::array();
    for (const FieldSchema& f : t.fields) {
      props[f.name] = FieldV2(f);
      if (f.required) required.push_back(f.name);
    }
    s["properties"] = std::move(props);
    if (!required.empty()) s["required"] = std::move(required);
  }
  if (!t.gvk_kind.empty()) {
    s["x-kubernetes-group-version-kind"] =
        json::array({{{"group", t.gvk_group}, {"kind", t.gvk_kind}, {"version", t.gvk_version}}});
  }
  return s;
}

json DocumentJson(const Registry& registry) {
  std::vector<std::string> roots;
  for (const ResourceInfo& r : registry.Resources()) {
    roots.push_back(r.schema);
    if (r.Listable()) roots.push_back(StrCat(r.schema, "List"));
  }
  json definitions = json::object();
  for (const TypeSchema* t : internal::ReachableDefinitions(registry, roots)) {
    definitions[t->name] = DefinitionV2(*t);
  }
  return {{"swagger", "2.0"},
          {"info", {{"title", "Kubernetes"}, {"version", "unversioned"}}},
          {"paths", json::object()},
          {"definitions", std::move(definitions)}};
}

// --- protobuf (openapi.v2 field numbers) ---

void Varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void Bytes(std::string& out, int field, std::string_view data) {
  Varint(out, (static_cast<uint64_t>(field) << 3) | 2);
  Varint(out, data.size());
  out.append(data);
}

// A gvk vendor extension value as the YAML text of Any.yaml.
std::string GvkYaml(const json& list) {
  std::string y;
  for (const json& g : list) {
    y += StrCat("- group: ", json(g.value("group", "")).dump(),
                "\n  kind: ", json(g.value("kind", "")).dump(),
                "\n  version: ", json(g.value("version", "")).dump(), "\n");
  }
  return y;
}

std::string SchemaProto(const json& s) {
  std::string out;
  if (auto it = s.find("$ref"); it != s.end()) Bytes(out, 1, it->get<std::string>());
  if (auto it = s.find("format"); it != s.end()) Bytes(out, 2, it->get<std::string>());
  if (auto it = s.find("required"); it != s.end()) {
    for (const json& r : *it) Bytes(out, 19, r.get<std::string>());
  }
  if (auto it = s.find("additionalProperties"); it != s.end()) {
    std::string item;
    Bytes(item, 1, SchemaProto(*it));  // AdditionalPropertiesItem.schema
    Bytes(out, 21, item);
  }
  if (auto it = s.find("type"); it != s.end()) {
    std::string type_item;
    Bytes(type_item, 1, it->get<std::string>());  // TypeItem.value
    Bytes(out, 22, type_item);
  }
  if (auto it = s.find("items"); it != s.end()) {
    std::string items;
    Bytes(items, 1, SchemaProto(*it));  // ItemsItem.schema
    Bytes(out, 23, items);
  }
  if (auto it = s.find("properties"); it != s.end()) {
    std::string props;
    for (auto p = it->begin(); p != it->end(); ++p) {
      std::string named;
      Bytes(named, 1, p.key());
      Bytes(named, 2, SchemaProto(p.value()));
      Bytes(props, 1, named);  // Properties.additional_properties
    }
    Bytes(out, 25, props);
  }
  if (auto it = s.find("x-kubernetes-group-version-kind"); it != s.end()) {
    std::string any;
    Bytes(any, 2, GvkYaml(*it));  // Any.yaml
    std::string named;
    Bytes(named, 1, "x-kubernetes-group-version-kind");
    Bytes(named, 2, any);
    Bytes(out, 31, named);  // Schema.vendor_extension
  }
  return out;
}

std::string DocumentProto(const json& doc) {
  std::string out;
  Bytes(out, 1, "2.0");
  std::string info;
  Bytes(info, 1, doc["info"]["title"].get<std::string>());
  Bytes(info, 2, doc["info"]["version"].get<std::string>());
  Bytes(out, 2, info);
  Bytes(out, 8, "");  // Paths: none
  std::string definitions;
  for (auto it = doc["definitions"].begin(); it != doc["definitions"].end(); ++it) {
    std::string named;
    Bytes(named, 1, it.key());
    Bytes(named, 2, SchemaProto(it.value()));
    Bytes(definitions, 1, named);
  }
  Bytes(out, 9, definitions);
  return out;
}

}  // namespace

std::string OpenApiV2Json(const Registry& registry) { return DocumentJson(registry).dump(); }

std::string OpenApiV2Protobuf(const Registry& registry) {
  return DocumentProto(DocumentJson(registry));
}

}  // namespace wisp::api
