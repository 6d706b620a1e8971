// Helpers for tests that compare the api module with the upstream reference
// documents under ../shared/reference (tests skip when they are absent).
#pragma once

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace wisp::api::testing {

inline std::string ReferenceDir() { return WISP_SOURCE_DIR "/../shared/reference/k8s-openapi"; }

// The upstream OpenAPI v3 document of a group-version, if present.
inline std::optional<nlohmann::json> LoadReferenceV3Uncached(std::string_view group,
                                                             std::string_view version) {
  std::string name = group.empty() ? std::string("api__") + std::string(version)
                                   : "apis__" + std::string(group) + "__" + std::string(version);
  std::ifstream in(ReferenceDir() + "/v3/" + name + "_openapi.json");
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(ss.str(), nullptr, false);
  if (doc.is_discarded()) return std::nullopt;
  return doc;
}

// Parsed once per process and group-version (the files are large).
inline const nlohmann::json* LoadReferenceV3(std::string_view group, std::string_view version) {
  static std::map<std::string, std::optional<nlohmann::json>> cache;  // test-only memo
  std::string key = std::string(group) + "/" + std::string(version);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, LoadReferenceV3Uncached(group, version)).first;
  return it->second ? &*it->second : nullptr;
}

}  // namespace wisp::api::testing
