// File: src/strategies/data_keys.h
//
// The rules ConfigMaps and Secrets share: key syntax of data/binaryData,
// the 1 MiB size limit and `immutable: true`. Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// upstream api.MaxSecretSize (also the ConfigMap limit).
constexpr size_t kMaxDataSize = 1024 * 1024;

// Validates the keys of obj[field] (IsConfigMapKey) at path "<field>[key]".
void ValidateDataKeys(const Json& obj, std::string_view field, Causes& causes);
// Bytes a base64 value decodes to (without decoding it).
size_t Base64DecodedSize(std::string_view value);
// Standard base64 encoding (for Secret.stringData).
std::string Base64Encode(std::string_view raw);
// `immutable: true` in `old` freezes `immutable` and the given data fields.
void ValidateImmutableData(const Json& obj, const Json& old,
                           std::initializer_list<std::string_view> fields, Causes& causes);

}  // namespace wisp::strategies
