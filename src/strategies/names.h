// File: src/strategies/names.h
//
// Name rules shared by the strategies: metadata validation by NameRule and
// the upstream validators apimachinery does not provide (IANA service port
// names, RBAC path-segment names). Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "strategies/json_util.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/strategies/strategy.h"

namespace wisp::strategies {

// Validates obj.metadata as upstream's ValidateObjectMeta with the kind's
// scope and name rule. A missing metadata is validated as an empty one.
Causes ValidateMeta(const Json& obj, const StrategyTraits& traits);

// The validator behind a NameRule.
apimachinery::NameValidator ValidatorFor(NameRule rule);
// Messages of the validator behind a NameRule (empty when valid).
std::vector<std::string> ValidateName(NameRule rule, std::string_view name);

// upstream validation.IsValidPortName (IANA_SVC_NAME).
std::vector<std::string> IsValidPortName(std::string_view name);

// upstream path.IsValidPathSegmentName.
std::vector<std::string> IsValidPathSegmentName(std::string_view name);

}  // namespace wisp::strategies
