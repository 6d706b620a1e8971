// File: src/kubelet/yaml_json.h
//
// YAML (or JSON, a subset) text to nlohmann::json, with YAML 1.2 core-schema
// scalars: unquoted true/false, null/~, integers and floats become JSON
// booleans, null and numbers; quoted scalars stay strings.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"

namespace wisp::kubelet {

// The first document of `text`. InvalidArgument with the line on bad YAML.
absl::StatusOr<nlohmann::json> YamlToJson(std::string_view text);

}  // namespace wisp::kubelet
