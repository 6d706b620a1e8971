// File: wisp/strategies/pod_ephemeral.h
//
// Updates through pods/ephemeralcontainers (upstream's
// podEphemeralContainersStrategy): the only way to add ephemeral (debug)
// containers to a running pod, as `kubectl debug` does. The API server runs
// the pod strategy's Default, then these two instead of PrepareForUpdate and
// ValidateUpdate. Stateless; thread-safe.
#pragma once

#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {

// `obj` becomes `old` with only spec.ephemeralContainers and
// metadata.resourceVersion taken from `obj`.
void PrepareEphemeralContainersUpdate(nlohmann::json& obj, const nlohmann::json& old);

// Upstream ValidatePodEphemeralContainersUpdate: the pod spec (with each
// ephemeral container's own rules), no ephemeral containers on static
// pods, and none removed or changed once added.
std::vector<apimachinery::Cause> ValidateEphemeralContainersUpdate(const nlohmann::json& obj,
                                                                   const nlohmann::json& old);

}  // namespace wisp::strategies
