// File: wisp/strategies/pod_admission.h
//
// Pod mutations the API server's admission applies in upstream's plugin
// order (DefaultTolerationSeconds runs before RuntimeClass merges its
// tolerations). Stateless; thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>

namespace wisp::strategies {

// Upstream's DefaultTolerationSeconds: a new pod tolerates its node being
// not-ready or unreachable for 300 s unless its own tolerations cover those
// NoExecute taints. Idempotent.
void AddDefaultTolerations(nlohmann::json& spec);

}  // namespace wisp::strategies
