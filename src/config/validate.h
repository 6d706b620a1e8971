// File: config/validate.h
//
// The semantic checks of a typed ClusterConfig, shared by
// ValidateClusterConfig (no lines) and ParseClusterConfig (lines from the
// document). Thread-compatible.
#pragma once

#include "config/problems.h"
#include "wisp/config/cluster_config.h"

namespace wisp::config::internal {

// Appends every semantic problem of `config` to `problems`, each at the YAML
// path of the offending field.
void Validate(const ClusterConfig& config, Problems& problems);

}  // namespace wisp::config::internal
