// File: src/strategies/scheduling_validation.h
//
// Upstream validation of where a pod may run (pkg/apis/core/validation):
// node and pod (anti-)affinity, topology spread constraints and
// tolerations, with upstream's field paths, messages and order of causes.
// Validation of a new object (upstream's AllowInvalid* options are off).
// Stateless; thread-safe.
#pragma once

#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// validateAffinity: spec.affinity of the pod spec `spec` at `path` ("spec").
void ValidateAffinity(const Json& spec, std::string_view path, Causes& causes);

// validateTopologySpreadConstraints: spec.topologySpreadConstraints.
void ValidateTopologySpreadConstraints(const Json& spec, std::string_view path, Causes& causes);

// ValidateTolerations: spec.tolerations.
void ValidateTolerations(const Json& spec, std::string_view path, Causes& causes);

// ValidateNodeSelector: a NodeSelector (required node affinity) at `path`;
// at least one term, each with valid expressions and field requirements.
void ValidateNodeSelector(const Json& selector, std::string_view path, Causes& causes);

}  // namespace wisp::strategies
