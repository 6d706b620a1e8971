// File: wisp/apimachinery/field_selector.h
//
// Field selectors as upstream's k8s.io/apimachinery/pkg/fields: terms
// `field=value`, `field==value`, `field!=value` joined by commas, with `\`
// escaping `\`, `,` and `=` in values. Parse errors carry upstream's text
// ("invalid selector: '...'; can't understand '...'"); the API server wraps
// them in a 400 BadRequest and checks which fields a kind supports.
//
// Immutable after construction: safe for concurrent use.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wisp::apimachinery {

struct FieldRequirement {
  std::string field;
  std::string op;     // "=", "==" or "!="
  std::string value;  // unescaped
};

class FieldSelector {
 public:
  // Everything.
  FieldSelector() = default;

  static absl::StatusOr<FieldSelector> Parse(std::string_view selector);
  // Sorted by term text, as upstream sorts the terms.
  const std::vector<FieldRequirement>& Requirements() const { return requirements_; }
  // `get` returns a field's value; std::nullopt (missing) compares as "" the
  // way upstream's fields.Set.Get does.
  bool Matches(const std::function<std::optional<std::string>(std::string_view)>& get) const;
  bool Empty() const { return requirements_.empty(); }
  // Canonical form, values re-escaped.
  std::string String() const;

 private:
  std::vector<FieldRequirement> requirements_;
};

// The value at `dotted_path` ("metadata.name", "spec.nodeName") as a field
// selector sees it: strings as is, bools "true"/"false", numbers in decimal.
// std::nullopt if a path segment is missing or the value is null, an object
// or an array (upstream's field sets hold "" for missing fields, which
// FieldSelector::Matches reproduces).
std::optional<std::string> FieldValue(const nlohmann::json& obj, std::string_view dotted_path);

}  // namespace wisp::apimachinery
