// File: src/api/type_check.cc
#include "wisp/api/type_check.h"

#include "wisp/apimachinery/go_time.h"
#include "wisp/apimachinery/quantity.h"
#include "wisp/base/strings.h"

namespace wisp::api {
namespace {

using base::StrCat;
using nlohmann::json;

// Go's name for a JSON value's type in its decoding errors.
const char* JsonKind(const json& v) {
  if (v.is_string()) return "string";
  if (v.is_number()) return "number";
  if (v.is_boolean()) return "bool";
  if (v.is_array()) return "array";
  return "object";
}

// The Go struct name of a definition: "io.k8s.api.apps.v1.DeploymentSpec"
// -> "DeploymentSpec".
std::string StructName(const std::string& definition) {
  size_t last = definition.rfind('.');
  return last == std::string::npos ? definition : definition.substr(last + 1);
}

std::string ShortName(const std::string& definition) {
  // "io.k8s.api.core.v1.PodSpec" -> "v1.PodSpec"
  size_t last = definition.rfind('.');
  if (last == std::string::npos) return definition;
  size_t prev = definition.rfind('.', last - 1);
  return prev == std::string::npos ? definition : definition.substr(prev + 1);
}

class Checker {
 public:
  explicit Checker(const Registry& registry) : registry_(registry) {}

  // `owner` is the Go struct holding the value at `path` (for messages).
  std::optional<std::string> Object(const TypeSchema& def, const json& v, const std::string& path,
                                    const std::string& owner) {
    if (def.preserve_unknown_fields && def.fields.empty()) return std::nullopt;
    if (!v.is_object()) return Mismatch(v, path, ShortName(def.name), owner);
    // Go's decoder names the innermost struct: DeploymentSpec.spec.replicas.
    const std::string self = StructName(def.name);
    for (const auto& [key, value] : v.items()) {
      const FieldSchema* field = def.Field(key);
      if (field == nullptr) continue;
      auto problem = Field(*field, value, path.empty() ? key : StrCat(path, ".", key), self);
      if (problem) return problem;
    }
    return std::nullopt;
  }

 private:
  std::optional<std::string> Field(const FieldSchema& f, const json& v, const std::string& path,
                                   const std::string& owner) {
    if (v.is_null()) return std::nullopt;
    switch (f.container) {
      case Container::kNone:
        return Value(f, v, path, owner);
      case Container::kList:
        if (!v.is_array()) return Mismatch(v, path, StrCat("[]", GoType(f)), owner);
        for (const json& e : v) {
          if (auto p = Value(f, e, path, owner)) return p;
        }
        return std::nullopt;
      case Container::kMap:
        if (!v.is_object()) return Mismatch(v, path, StrCat("map[string]", GoType(f)), owner);
        for (const auto& [k, e] : v.items()) {
          if (auto p = Value(f, e, path, owner)) return p;
        }
        return std::nullopt;
      case Container::kMapOfList:
        if (!v.is_object()) return Mismatch(v, path, StrCat("map[string][]", GoType(f)), owner);
        for (const auto& [k, list] : v.items()) {
          if (list.is_null()) continue;
          if (!list.is_array()) return Mismatch(list, path, StrCat("[]", GoType(f)), owner);
          for (const json& e : list) {
            if (auto p = Value(f, e, path, owner)) return p;
          }
        }
        return std::nullopt;
    }
    return std::nullopt;
  }

  // One value (or element) of field `f`.
  std::optional<std::string> Value(const FieldSchema& f, const json& v, const std::string& path,
                                   const std::string& owner) {
    if (v.is_null()) return std::nullopt;
    if (f.type != ValueType::kObject) {
      if (Accepts(f.type, v)) return QuantitySyntax(f.type, v);
      return Mismatch(v, path, GoType(f), owner);
    }
    const TypeSchema* def = registry_.Schema(f.ref);
    if (def == nullptr) return std::nullopt;
    if (def->scalar == ValueType::kObject) return Object(*def, v, path, owner);
    // Named scalar types (v1.Time, intstr.IntOrString) keep their Go name.
    if (Accepts(def->scalar, v)) {
      if (def->format == "date-time" && v.is_string()) return TimeSyntax(*def, v);
      return QuantitySyntax(def->scalar, v);
    }
    return Mismatch(v, path, ShortName(def->name), owner);
  }

  // A quantity string the decoder refuses: Quantity.UnmarshalJSON's error
  // is the whole message (Go's decoder does not wrap it).
  static std::optional<std::string> QuantitySyntax(ValueType type, const json& v) {
    if (type != ValueType::kQuantity || !v.is_string()) return std::nullopt;
    absl::Status status = apimachinery::CheckQuantitySyntax(v.get_ref<const std::string&>());
    if (status.ok()) return std::nullopt;
    return std::string(status.message());
  }

  // A v1.Time or v1.MicroTime Go's time.Parse refuses: its error is the
  // whole message, as for quantities.
  static std::optional<std::string> TimeSyntax(const TypeSchema& def, const json& v) {
    auto t = apimachinery::ParseGoTime(v.get_ref<const std::string&>(),
                                       apimachinery::IsMicroTimeDefinition(def.name));
    if (t.ok()) return std::nullopt;
    return std::string(t.status().message());
  }

  static bool Accepts(ValueType type, const json& v) {
    switch (type) {
      case ValueType::kString:
        return v.is_string();
      case ValueType::kInteger:
        return v.is_number_integer();
      case ValueType::kNumber:
        return v.is_number();
      case ValueType::kBoolean:
        return v.is_boolean();
      case ValueType::kIntOrString:
        return v.is_string() || v.is_number_integer();
      case ValueType::kQuantity:
        return v.is_string() || v.is_number();
      case ValueType::kObject:
      case ValueType::kAny:
        return true;
    }
    return true;
  }

  // The Go type of one value of `f`, as Go's decoder names it.
  static std::string GoType(const FieldSchema& f) {
    switch (f.type) {
      case ValueType::kString:
        return "string";
      case ValueType::kInteger:
        return f.format == "int32" ? "int32" : "int64";
      case ValueType::kNumber:
        return "float64";
      case ValueType::kBoolean:
        return "bool";
      case ValueType::kIntOrString:
        return "intstr.IntOrString";
      case ValueType::kQuantity:
        return "resource.Quantity";
      case ValueType::kAny:
        return "interface {}";
      case ValueType::kObject:
        return ShortName(f.ref);
    }
    return "interface {}";
  }

  static std::string Mismatch(const json& v, const std::string& path, const std::string& go_type,
                              const std::string& owner) {
    std::string what = JsonKind(v);
    if (v.is_number() && (go_type == "int32" || go_type == "int64")) what += " " + v.dump();
    return StrCat("json: cannot unmarshal ", what, " into Go struct field ", owner,
                  path.empty() ? "" : ".", path, " of type ", go_type);
  }

  const Registry& registry_;
};

}  // namespace

std::optional<std::string> FindTypeMismatchOf(const Registry& registry,
                                              const std::string& definition,
                                              const std::string& kind, const json& obj) {
  const TypeSchema* root = registry.Schema(definition);
  if (root == nullptr) return std::nullopt;
  if (!obj.is_object()) {
    return StrCat("json: cannot unmarshal ", JsonKind(obj), " into Go value of type ",
                  ShortName(root->name));
  }
  return Checker(registry).Object(*root, obj, "", kind);
}

std::optional<std::string> FindTypeMismatch(const Registry& registry, const ResourceInfo& resource,
                                            const json& obj) {
  return FindTypeMismatchOf(registry, resource.schema, resource.kind, obj);
}

}  // namespace wisp::api
