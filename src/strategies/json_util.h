// File: src/strategies/json_util.h
//
// Non-throwing access to decoded API objects (nlohmann::json) and upstream
// field-path building. Every helper checks JSON types first, so strategies
// never throw on malformed bodies. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "wisp/apimachinery/status.h"

namespace wisp::strategies {

using Json = nlohmann::json;
using Causes = std::vector<apimachinery::Cause>;

// obj[key] when obj is an object holding a non-null key; nullptr otherwise.
const Json* Find(const Json& obj, std::string_view key);
Json* Find(Json& obj, std::string_view key);
// Walks nested objects; nullptr when any step is missing.
const Json* FindPath(const Json& obj, std::initializer_list<std::string_view> keys);
// obj[key] when it is an object (nullptr otherwise, nothing created).
Json* ObjectAt(Json& obj, std::string_view key);
const Json* ObjectAt(const Json& obj, std::string_view key);
// obj[key] when it is an array (nullptr otherwise).
Json* ArrayAt(Json& obj, std::string_view key);
const Json* ArrayAt(const Json& obj, std::string_view key);

// Sets obj[key] = value when obj is an object and key is absent or null.
void SetDefault(Json& obj, std::string_view key, Json value);
// obj[key] as a string; "" when absent or not a string.
std::string Str(const Json& obj, std::string_view key);
// obj[key] as an integer; nullopt when absent or not an integer.
std::optional<int64_t> Int(const Json& obj, std::string_view key);
// obj[key] as a bool; nullopt when absent or not a bool.
std::optional<bool> Bool(const Json& obj, std::string_view key);
// The strings of the array at obj[key] (entries that are not strings read
// as ""); empty when absent or not an array.
std::vector<std::string> StringList(const Json& obj, std::string_view key);
// Number of entries of an array or object at obj[key]; 0 when absent.
size_t Size(const Json& obj, std::string_view key);
// Value of obj[key], or null when absent (for equality comparisons).
Json ValueOr(const Json& obj, std::string_view key, Json fallback = nullptr);

// Upstream field.Path rendering: Child("spec", "x") = "spec.x",
// Index("spec.c", 0) = "spec.c[0]", Key("data", "k") = "data[k]".
std::string Child(std::string_view path, std::string_view name);
std::string Index(std::string_view path, size_t i);
std::string Key(std::string_view path, std::string_view key);

// `s` cut at every `sep`, empty pieces kept ("a,,b" -> a, "", b).
std::vector<std::string_view> SplitOn(std::string_view s, char sep);
// Adds `finalizer` to metadata.finalizers unless it is there.
void AddFinalizer(Json& obj, std::string_view finalizer);

// Causes the apimachinery helpers do not cover.
apimachinery::Cause FieldNotFound(std::string_view field, const Json& value);
// Appends one Invalid cause per message of a validator (IsDns1123Label ...).
void AddInvalid(Causes& causes, std::string_view field, const Json& value,
                const std::vector<std::string>& messages);
void Append(Causes& causes, Causes more);
// obj[key] must be one of `supported`: NotSupported otherwise, Required when
// absent and `required`. The field is Child(path, key).
void ValidateEnum(const Json& obj, std::string_view key, std::string_view path,
                  const std::vector<std::string>& supported, bool required, Causes& causes);

}  // namespace wisp::strategies
