// Unknown and duplicate field detection: a SAX walk of the raw JSON text
// (duplicate keys are only visible there) alongside the kind's schema.
#include "wisp/api/field_validation.h"

#include <algorithm>
#include <optional>

#include "nlohmann/json.hpp"
#include "wisp/apimachinery/go_time.h"
#include "wisp/apimachinery/quantity.h"
#include "wisp/base/strings.h"

namespace wisp::api {
namespace {

using base::StrCat;
using nlohmann::json;

// The schema of one JSON value.
struct Slot {
  bool skip = false;                // unknown or free-form: do not look inside
  const TypeSchema* def = nullptr;  // object definition (null for plain scalars)
  Container container = Container::kNone;
};

struct Frame {
  bool is_array = false;
  Slot slot;                      // of the container itself
  std::string path;               // of the container
  size_t index = 0;               // next array index
  std::vector<std::string> keys;  // object keys seen so far
  Slot next;                      // slot of the value after the last key
  std::string next_path;
};

class Walker : public nlohmann::json_sax<json> {
 public:
  Walker(const Registry& registry, const TypeSchema* root) : registry_(registry) {
    root_.def = root;
    root_.skip = root == nullptr;
  }

  std::vector<std::string>& problems() { return problems_; }
  size_t error_position() const { return error_position_; }
  const std::string& error_message() const { return error_message_; }

  bool null() override { return Scalar(); }
  bool boolean(bool) override { return Scalar(); }
  bool number_integer(number_integer_t) override { return Scalar(); }
  bool number_unsigned(number_unsigned_t) override { return Scalar(); }
  bool number_float(number_float_t, const string_t&) override { return Scalar(); }
  bool string(string_t&) override { return Scalar(); }
  bool binary(binary_t&) override { return Scalar(); }

  bool start_object(std::size_t) override {
    auto [slot, path] = NextValue();
    Frame f;
    f.slot = slot;
    f.path = std::move(path);
    stack_.push_back(std::move(f));
    return true;
  }

  bool key(string_t& key) override {
    Frame& f = stack_.back();
    std::string path = f.path.empty() ? key : StrCat(f.path, ".", key);
    if (std::find(f.keys.begin(), f.keys.end(), key) != f.keys.end()) {
      if (!f.slot.skip) problems_.push_back(StrCat("duplicate field \"", path, "\""));
    } else {
      f.keys.push_back(key);
    }
    f.next_path = path;
    f.next = ChildOfObject(f.slot, key);
    if (f.next.skip && !f.slot.skip && IsUnknown(f.slot, key)) {
      problems_.push_back(StrCat("unknown field \"", path, "\""));
    }
    return true;
  }

  bool end_object() override {
    stack_.pop_back();
    return true;
  }

  bool start_array(std::size_t) override {
    auto [slot, path] = NextValue();
    Frame f;
    f.is_array = true;
    f.slot = slot;
    f.path = std::move(path);
    stack_.push_back(std::move(f));
    return true;
  }

  bool end_array() override {
    stack_.pop_back();
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error_position_ = position;
    error_message_ = ex.what();
    return false;
  }

 private:
  bool Scalar() {
    NextValue();
    return true;
  }

  // The slot and path of the value that starts now; advances array indexes.
  std::pair<Slot, std::string> NextValue() {
    if (stack_.empty()) return {root_, ""};
    Frame& f = stack_.back();
    if (!f.is_array) return {f.next, f.next_path};
    std::string path = StrCat(f.path, "[", f.index++, "]");
    Slot element;
    if (f.slot.skip || f.slot.container != Container::kList) {
      element.skip = true;  // a list where the schema has none: a type error, not ours
    } else {
      element = Element(f.slot.def);
    }
    return {element, std::move(path)};
  }

  static Slot Element(const TypeSchema* def) {
    Slot s;
    s.def = def;
    s.skip = def == nullptr || def->scalar != ValueType::kObject;
    return s;
  }

  Slot FieldSlot(const FieldSchema& field) const {
    Slot s;
    if (field.type == ValueType::kObject) s.def = registry_.Schema(field.ref);
    s.container = field.container;
    if (field.container == Container::kNone) {
      s.skip = s.def == nullptr || s.def->scalar != ValueType::kObject;
    }
    return s;
  }

  Slot ChildOfObject(const Slot& parent, const std::string& key) const {
    Slot skip{.skip = true};
    if (parent.skip) return skip;
    switch (parent.container) {
      case Container::kList:
        return skip;  // an object where a list belongs: a type error, not ours
      case Container::kMap:
        return Element(parent.def);
      case Container::kMapOfList:
        return Slot{.skip = false, .def = parent.def, .container = Container::kList};
      case Container::kNone:
        break;
    }
    if (parent.def == nullptr || parent.def->preserve_unknown_fields) return skip;
    const FieldSchema* field = parent.def->Field(key);
    return field == nullptr ? skip : FieldSlot(*field);
  }

  static bool IsUnknown(const Slot& parent, const std::string& key) {
    return parent.container == Container::kNone && parent.def != nullptr &&
           !parent.def->preserve_unknown_fields && parent.def->Field(key) == nullptr;
  }

  const Registry& registry_;
  Slot root_;
  std::vector<Frame> stack_;
  std::vector<std::string> problems_;
  size_t error_position_ = 0;
  std::string error_message_;
};

// What a Go struct decoded from `value` would not encode again: an optional
// list or map that is null or empty, an optional scalar that is null
// (omitempty). A null struct is left alone: Go may print it ({} or null).
bool OmittedWhenEncoded(const FieldSchema& field, const json& value) {
  if (field.required) return false;
  if (field.container != Container::kNone) {
    return value.is_null() || ((value.is_array() || value.is_object()) && value.empty());
  }
  return value.is_null() && field.type != ValueType::kObject;
}

// Quantities are stored as upstream's resource.Quantity re-encodes them
// ("1024Mi" -> "1Gi", "1000m" -> "1", the number 0.5 -> "500m").
void CanonicalizeQuantity(json& q) {
  if (q.is_string()) {
    q = apimachinery::CanonicalQuantity(q.get_ref<const std::string&>());
  } else if (q.is_number()) {
    q = apimachinery::CanonicalQuantity(q.dump());
  }
}

void CanonicalizeQuantities(Container container, json& v) {
  if (container == Container::kNone) return CanonicalizeQuantity(v);
  if (!v.is_structured()) return;
  for (auto& e : v) {
    if (container == Container::kMapOfList && e.is_array()) {
      for (auto& q : e) CanonicalizeQuantity(q);
    } else {
      CanonicalizeQuantity(e);
    }
  }
}

// Timestamps are stored as metav1.Time (UTC, whole seconds) and MicroTime
// (UTC, microseconds) encode them; a value that does not parse was refused
// by the type check and is left alone.
void CanonicalizeTimes(const TypeSchema& def, Container container, json& v) {
  const bool micro = apimachinery::IsMicroTimeDefinition(def.name);
  auto one = [micro](json& t) {
    if (!t.is_string()) return;
    auto parsed = apimachinery::ParseGoTime(t.get_ref<const std::string&>(), micro);
    if (!parsed.ok()) return;
    // Go's zero time (0001-01-01T00:00:00Z) is written as null.
    constexpr int64_t kGoZeroSeconds = -62135596800;
    if (parsed->seconds == kGoZeroSeconds && parsed->nanos == 0) {
      t = nullptr;
    } else {
      t = apimachinery::FormatGoTime(*parsed, micro);
    }
  };
  if (container == Container::kNone) return one(v);
  if (container == Container::kList && v.is_array()) {
    for (json& t : v) one(t);
  }
}

// Prunes the object `v` of schema `def` at `path`.
void PruneObject(const Registry& registry, const TypeSchema* def, json& v, const std::string& path,
                 std::vector<std::string>& pruned);

// Prunes the value `v` of field `f` at `path` (each element of a list or map).
void PruneField(const Registry& registry, const FieldSchema& f, json& v, const std::string& path,
                std::vector<std::string>& pruned) {
  if (f.type != ValueType::kObject) return;
  const TypeSchema* def = registry.Schema(f.ref);
  if (def != nullptr && def->scalar == ValueType::kQuantity) {
    CanonicalizeQuantities(f.container, v);
    return;
  }
  if (def != nullptr && def->format == "date-time") {
    CanonicalizeTimes(*def, f.container, v);
    return;
  }
  if (def == nullptr || def->scalar != ValueType::kObject) return;
  switch (f.container) {
    case Container::kNone:
      PruneObject(registry, def, v, path, pruned);
      return;
    case Container::kList:
      if (!v.is_array()) return;
      for (size_t i = 0; i < v.size(); ++i) {
        PruneObject(registry, def, v[i], StrCat(path, "[", i, "]"), pruned);
      }
      return;
    case Container::kMap:
      if (!v.is_object()) return;
      for (auto& [key, e] : v.items())
        PruneObject(registry, def, e, StrCat(path, ".", key), pruned);
      return;
    case Container::kMapOfList:
      if (!v.is_object()) return;
      for (auto& [key, list] : v.items()) {
        if (!list.is_array()) continue;
        for (size_t i = 0; i < list.size(); ++i) {
          PruneObject(registry, def, list[i], StrCat(path, ".", key, "[", i, "]"), pruned);
        }
      }
      return;
  }
}

// What Go writes for an unset field without omitempty: null for a list or
// map, "", 0, false, "0" for a Quantity; nullopt for anything else.
std::optional<json> ZeroOf(const Registry& registry, const FieldSchema& f) {
  if (f.container != Container::kNone) return json(nullptr);
  if (f.type == ValueType::kString) return json("");
  if (f.type == ValueType::kInteger || f.type == ValueType::kNumber) return json(0);
  if (f.type == ValueType::kBoolean) return json(false);
  const TypeSchema* ref = f.type == ValueType::kObject ? registry.Schema(f.ref) : nullptr;
  if (ref != nullptr && ref->scalar == ValueType::kQuantity) return json("0");
  return std::nullopt;
}

// The zero value of a Go scalar: "", 0 or false.
bool IsZeroScalar(const json& v) {
  return (v.is_string() && v.get_ref<const std::string&>().empty()) ||
         (v.is_boolean() && !v.get<bool>()) || (v.is_number() && v == 0);
}

void PruneObject(const Registry& registry, const TypeSchema* def, json& v, const std::string& path,
                 std::vector<std::string>& pruned) {
  if (def == nullptr || def->preserve_unknown_fields || !v.is_object()) return;
  for (auto it = v.begin(); it != v.end();) {
    const std::string child = path.empty() ? it.key() : StrCat(path, ".", it.key());
    const FieldSchema* field = def->Field(it.key());
    if (field == nullptr) {
      pruned.push_back(child);
      it = v.erase(it);
      continue;
    }
    if (!field->encoded_when_empty &&
        (OmittedWhenEncoded(*field, it.value()) ||
         (field->omit_zero && field->container == Container::kNone && IsZeroScalar(it.value())))) {
      it = v.erase(it);
      continue;
    }
    PruneField(registry, *field, it.value(), child, pruned);
    ++it;
  }
  // What Go writes for fields the client left unset, in one pass: fields
  // without omitempty as their zero, struct values as {} (then their own
  // such fields) or null for a zero time.
  for (const FieldSchema& f : def->fields) {
    if (f.encoded_when_empty && !v.contains(f.name)) {
      if (std::optional<json> zero = ZeroOf(registry, f)) v[f.name] = *std::move(zero);
      continue;
    }
    if (!f.always_encoded || f.container != Container::kNone || f.type != ValueType::kObject) {
      continue;
    }
    auto it = v.find(f.name);
    if (it != v.end() && !it->is_null()) continue;
    const TypeSchema* ref = registry.Schema(f.ref);
    if (ref == nullptr) continue;
    if (ref->scalar != ValueType::kObject) {
      v[f.name] = nullptr;
      continue;
    }
    json& added = v[f.name] = json::object();
    PruneObject(registry, ref, added, path.empty() ? f.name : StrCat(path, ".", f.name), pruned);
  }
}

}  // namespace

std::vector<std::string> PruneUnknownFields(const Registry& registry, const std::string& definition,
                                            json& obj) {
  std::vector<std::string> pruned;
  PruneObject(registry, registry.Schema(definition), obj, "", pruned);
  return pruned;
}

absl::StatusOr<std::vector<std::string>> FindUnknownAndDuplicateFields(const Registry& registry,
                                                                       const ResourceInfo& resource,
                                                                       std::string_view json_body) {
  Walker walker(registry, registry.Schema(resource.schema));
  bool ok = false;
  try {
    ok = json::sax_parse(json_body.begin(), json_body.end(), &walker);
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(StrCat("invalid JSON body: ", e.what()));
  }
  if (!ok) {
    return absl::InvalidArgumentError(StrCat("invalid JSON body at byte ", walker.error_position(),
                                             ": ", walker.error_message()));
  }
  return std::move(walker.problems());
}

}  // namespace wisp::api
