// Helpers for the strategies tests: JSON literals and cause lookup.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "wisp/apimachinery/status.h"
#include "wisp/strategies/strategy.h"

namespace wisp::strategies {

// The same aliases as src/strategies/json_util.h (redeclaring is allowed).
using Json = nlohmann::json;
using Causes = std::vector<apimachinery::Cause>;

}  // namespace wisp::strategies

namespace wisp::strategies::testing {

inline Json J(std::string_view text) { return Json::parse(text); }

inline std::string Describe(const Causes& causes) {
  std::string out;
  for (const auto& c : causes) out += c.field + " [" + c.reason + "] " + c.message + "\n";
  return out.empty() ? "(no causes)" : out;
}

// The first cause on `field` with `reason`, or nullptr.
inline const apimachinery::Cause* FindCause(const Causes& causes, std::string_view field,
                                            std::string_view reason) {
  for (const auto& c : causes) {
    if (c.field == field && c.reason == reason) return &c;
  }
  return nullptr;
}

inline ::testing::AssertionResult HasCause(const Causes& causes, std::string_view field,
                                           std::string_view reason,
                                           std::string_view message_part = "") {
  for (const auto& c : causes) {
    if (c.field == field && c.reason == reason &&
        c.message.find(message_part) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure()
         << "no " << reason << " on " << field << " containing '" << message_part << "' in:\n"
         << Describe(causes);
}

// Default + PrepareForCreate + ValidateCreate, as the API server runs them.
inline Causes Create(const Strategy& s, Json& obj) {
  s.Default(obj);
  s.PrepareForCreate(obj);
  return s.ValidateCreate(obj);
}

// Default + PrepareForUpdate + ValidateUpdate. Like the API server, fills in
// metadata.resourceVersion when the client left it out.
inline Causes Update(const Strategy& s, Json& obj, const Json& old) {
  if (obj.is_object() && obj.contains("metadata") && obj["metadata"].is_object() &&
      !obj["metadata"].contains("resourceVersion")) {
    obj["metadata"]["resourceVersion"] = "1";
  }
  s.Default(obj);
  s.PrepareForUpdate(obj, old);
  return s.ValidateUpdate(obj, old);
}

}  // namespace wisp::strategies::testing
