// File: src/strategies/selector.h
//
// metav1.LabelSelector as JSON: matching a label set and upstream's
// ValidateLabelSelector. Stateless; thread-safe.
#pragma once

#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// Whether `selector` (matchLabels + matchExpressions) selects `labels`. An
// empty selector selects everything; a malformed one selects nothing.
bool SelectorMatches(const Json& selector, const Json& labels);
// True when the selector has neither matchLabels nor matchExpressions.
bool SelectorEmpty(const Json& selector);
// Validates a LabelSelector found at `path` (e.g. "spec.selector") as
// upstream's ValidateLabelSelector on create: matchLabels, and each
// expression's operator, value count, key and values.
void ValidateLabelSelector(const Json& selector, std::string_view path, Causes& causes);

}  // namespace wisp::strategies
