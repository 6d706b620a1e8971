// File: wisp/apimachinery/label_selector.h
//
// Label selectors as upstream's k8s.io/apimachinery/pkg/labels: the string
// syntax of ?labelSelector= (`a=b,c!=d,e in (x,y),f notin (z),g,!h,n>5`) and
// the metav1.LabelSelector object (matchLabels / matchExpressions).
//
// Parse errors carry upstream's message text (e.g. "unable to parse
// requirement: found '', expected: identifier"); the API server wraps them
// in a 400 BadRequest. Requirements are kept sorted by key as upstream does,
// so String() is canonical.
//
// Immutable after construction: safe for concurrent use.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wisp::apimachinery {

struct LabelRequirement {
  // One of "=", "==", "!=", "in", "notin", "exists", "!", "gt", "lt".
  std::string key;
  std::string op;
  std::vector<std::string> values;  // sorted, de-duplicated
};

class LabelSelector {
 public:
  // Everything: matches all objects.
  LabelSelector() = default;

  static absl::StatusOr<LabelSelector> Parse(std::string_view selector);
  // metav1.LabelSelector; null selects nothing, {} selects everything
  // (LabelSelectorAsSelector).
  static absl::StatusOr<LabelSelector> FromJson(const nlohmann::json& meta_v1_label_selector);
  // A selector that matches no object.
  static LabelSelector Nothing();

  // `labels` is metadata.labels (an object of strings, or null/absent).
  bool Matches(const nlohmann::json& labels) const;
  // True if this selector matches everything.
  bool Empty() const { return !nothing_ && requirements_.empty(); }
  const std::vector<LabelRequirement>& Requirements() const { return requirements_; }
  std::string String() const;

 private:
  std::vector<LabelRequirement> requirements_;
  bool nothing_ = false;
};

}  // namespace wisp::apimachinery
