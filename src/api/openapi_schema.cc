// OpenAPI v3 schema objects for registry definitions. Descriptions are
// wisp's own short words.
#include "api/openapi_schema.h"

#include <algorithm>
#include <set>

#include "wisp/base/strings.h"

namespace wisp::api::internal {
namespace {

using base::StrCat;
using nlohmann::json;

std::string_view ShortName(std::string_view definition_name) {
  size_t dot = definition_name.rfind('.');
  return dot == std::string_view::npos ? definition_name : definition_name.substr(dot + 1);
}

// The schema of one element (or of the field when it has no container).
json ElementJson(const FieldSchema& f) {
  if (f.type == ValueType::kObject) {
    return {{"allOf", json::array({{{"$ref", SchemaRef(f.ref)}}})}};
  }
  return ScalarJson(f.type, f.format);
}

json FieldJson(const FieldSchema& f) {
  json s;
  switch (f.container) {
    case Container::kNone:
      s = ElementJson(f);
      break;
    case Container::kList:
      s = {{"type", "array"}, {"items", ElementJson(f)}};
      break;
    case Container::kMap:
      s = {{"type", "object"}, {"additionalProperties", ElementJson(f)}};
      break;
    case Container::kMapOfList:
      s = {{"type", "object"},
           {"additionalProperties", {{"type", "array"}, {"items", ElementJson(f)}}}};
      break;
  }
  s["description"] = StrCat("The ", f.name, " field.");
  if (!f.patch_strategy.empty()) s["x-kubernetes-patch-strategy"] = f.patch_strategy;
  if (!f.patch_merge_key.empty()) s["x-kubernetes-patch-merge-key"] = f.patch_merge_key;
  if (!f.list_type.empty()) s["x-kubernetes-list-type"] = f.list_type;
  if (!f.list_map_keys.empty()) s["x-kubernetes-list-map-keys"] = f.list_map_keys;
  if (!f.enum_values.empty()) s["enum"] = f.enum_values;
  return s;
}

}  // namespace

json ScalarJson(ValueType type, const std::string& format) {
  json s = json::object();
  switch (type) {
    case ValueType::kString:
      s["type"] = "string";
      break;
    case ValueType::kInteger:
      s["type"] = "integer";
      break;
    case ValueType::kNumber:
      s["type"] = "number";
      break;
    case ValueType::kBoolean:
      s["type"] = "boolean";
      break;
    case ValueType::kQuantity:
      s["oneOf"] = json::array({{{"type", "string"}}, {{"type", "number"}}});
      break;
    case ValueType::kIntOrString:
      s["oneOf"] = json::array({{{"type", "integer"}}, {{"type", "string"}}});
      s["x-kubernetes-int-or-string"] = true;
      break;
    case ValueType::kAny:
    case ValueType::kObject:
      s["type"] = "object";
      break;
  }
  if (!format.empty()) s["format"] = format;
  return s;
}

std::string SchemaRef(std::string_view definition_name) {
  return StrCat("#/components/schemas/", definition_name);
}

json DefinitionJson(const TypeSchema& type) {
  if (type.scalar != ValueType::kObject) {
    json s = ScalarJson(type.scalar, type.format);
    s["description"] = StrCat(ShortName(type.name), " value.");
    return s;
  }
  json s = {{"type", "object"}, {"description", StrCat(ShortName(type.name), ".")}};
  if (!type.fields.empty()) {
    json props = json::object();
    json required = json::array();
    for (const FieldSchema& f : type.fields) {
      props[f.name] = FieldJson(f);
      if (f.required) required.push_back(f.name);
    }
    s["properties"] = std::move(props);
    if (!required.empty()) s["required"] = std::move(required);
  }
  if (type.preserve_unknown_fields) s["x-kubernetes-preserve-unknown-fields"] = true;
  if (!type.gvk_kind.empty()) {
    s["x-kubernetes-group-version-kind"] = json::array(
        {{{"group", type.gvk_group}, {"kind", type.gvk_kind}, {"version", type.gvk_version}}});
  }
  return s;
}

std::vector<const TypeSchema*> ReachableDefinitions(const Registry& registry,
                                                    const std::vector<std::string>& roots) {
  std::set<std::string> seen;
  std::vector<std::string> todo = roots;
  std::vector<const TypeSchema*> out;
  while (!todo.empty()) {
    std::string name = std::move(todo.back());
    todo.pop_back();
    if (!seen.insert(name).second) continue;
    const TypeSchema* t = registry.Schema(name);
    if (t == nullptr) continue;
    out.push_back(t);
    for (const FieldSchema& f : t->fields) {
      if (f.type == ValueType::kObject && !seen.count(f.ref)) todo.push_back(f.ref);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const TypeSchema* a, const TypeSchema* b) { return a->name < b->name; });
  return out;
}

}  // namespace wisp::api::internal
