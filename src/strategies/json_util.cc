// Non-throwing JSON access and field paths for strategies.
#include "strategies/json_util.h"

#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {

const Json* Find(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

Json* Find(Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

const Json* FindPath(const Json& obj, std::initializer_list<std::string_view> keys) {
  const Json* cur = &obj;
  for (std::string_view key : keys) {
    cur = Find(*cur, key);
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

Json* ObjectAt(Json& obj, std::string_view key) {
  Json* v = Find(obj, key);
  return v != nullptr && v->is_object() ? v : nullptr;
}

const Json* ObjectAt(const Json& obj, std::string_view key) {
  const Json* v = Find(obj, key);
  return v != nullptr && v->is_object() ? v : nullptr;
}

Json* ArrayAt(Json& obj, std::string_view key) {
  Json* v = Find(obj, key);
  return v != nullptr && v->is_array() ? v : nullptr;
}

const Json* ArrayAt(const Json& obj, std::string_view key) {
  const Json* v = Find(obj, key);
  return v != nullptr && v->is_array() ? v : nullptr;
}

void SetDefault(Json& obj, std::string_view key, Json value) {
  if (!obj.is_object()) return;
  auto it = obj.find(key);
  if (it == obj.end()) {
    obj.emplace(std::string(key), std::move(value));
  } else if (it->is_null()) {
    *it = std::move(value);
  }
}

std::string Str(const Json& obj, std::string_view key) {
  const Json* v = Find(obj, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
}

std::optional<int64_t> Int(const Json& obj, std::string_view key) {
  const Json* v = Find(obj, key);
  if (v == nullptr || !v->is_number_integer()) return std::nullopt;
  return v->get<int64_t>();
}

std::optional<bool> Bool(const Json& obj, std::string_view key) {
  const Json* v = Find(obj, key);
  if (v == nullptr || !v->is_boolean()) return std::nullopt;
  return v->get<bool>();
}

std::vector<std::string> StringList(const Json& obj, std::string_view key) {
  std::vector<std::string> out;
  if (const Json* list = ArrayAt(obj, key)) {
    for (const Json& v : *list) out.push_back(v.is_string() ? v.get<std::string>() : "");
  }
  return out;
}

size_t Size(const Json& obj, std::string_view key) {
  const Json* v = Find(obj, key);
  return v != nullptr && (v->is_array() || v->is_object()) ? v->size() : 0;
}

Json ValueOr(const Json& obj, std::string_view key, Json fallback) {
  const Json* v = Find(obj, key);
  return v != nullptr ? *v : fallback;
}

std::string Child(std::string_view path, std::string_view name) {
  if (path.empty()) return std::string(name);
  return base::StrCat(path, ".", name);
}

std::string Index(std::string_view path, size_t i) { return base::StrCat(path, "[", i, "]"); }

std::string Key(std::string_view path, std::string_view key) {
  return base::StrCat(path, "[", key, "]");
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

void AddFinalizer(Json& obj, std::string_view finalizer) {
  if (!obj.is_object()) return;
  Json& meta = obj["metadata"];
  if (!meta.is_object()) meta = Json::object();
  Json& list = meta["finalizers"];
  if (!list.is_array()) list = Json::array();
  for (const Json& f : list) {
    if (f.is_string() && f.get<std::string>() == finalizer) return;
  }
  list.push_back(std::string(finalizer));
}

apimachinery::Cause FieldNotFound(std::string_view field, const Json& value) {
  apimachinery::Cause cause;
  cause.reason = "FieldValueNotFound";
  cause.message = base::StrCat("Not found: ", value.dump());
  cause.field = std::string(field);
  return cause;
}

void AddInvalid(Causes& causes, std::string_view field, const Json& value,
                const std::vector<std::string>& messages) {
  for (const std::string& msg : messages) {
    causes.push_back(apimachinery::FieldInvalid(field, value, msg));
  }
}

void Append(Causes& causes, Causes more) {
  for (auto& c : more) causes.push_back(std::move(c));
}

void ValidateEnum(const Json& obj, std::string_view key, std::string_view path,
                  const std::vector<std::string>& supported, bool required, Causes& causes) {
  std::string value = Str(obj, key);
  std::string field = Child(path, key);
  if (value.empty()) {
    if (required) causes.push_back(apimachinery::FieldRequired(field, ""));
    return;
  }
  for (const std::string& s : supported) {
    if (s == value) return;
  }
  causes.push_back(apimachinery::FieldNotSupported(field, Json(value), supported));
}

}  // namespace wisp::strategies
