// File: src/strategies/container_validation.h
//
// Upstream validation of one container of a pod spec (core
// validateContainers / validateInitContainers): name, image, policies,
// ports, env, volume mounts, resources, probes, lifecycle hooks, restart
// policy and security context, with upstream's field paths and messages.
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "strategies/json_util.h"

namespace wisp::strategies {

// What the containers of one pod spec share while they are validated.
struct ContainerScope {
  const std::set<std::string>& volumes;  // volume names the spec declares
  std::set<std::string>& names;          // container names seen so far
  std::optional<int64_t> grace_period;   // spec.terminationGracePeriodSeconds
  // Of `volumes`, those a volumeDevice may name (persistentVolumeClaim or
  // ephemeral sources).
  std::set<std::string> claim_volumes = {};
};

// validateObjectFieldSelector: a downward API fieldRef at `path` naming one
// of `allowed` (sorted; subscripted labels and annotations aside).
void ValidateObjectFieldSelector(const Json& ref, const std::string& path,
                                 const std::vector<std::string>& allowed, Causes& causes);
// validateContainerResourceFieldSelector: a resourceFieldRef at `path`, its
// resource and divisor; `volume` when in a downward API volume, which must
// name its container.
void ValidateResourceFieldSelector(const Json& ref, const std::string& path, bool volume,
                                   Causes& causes);

// validateContainerOnlyForPod: what pods check and pod templates do not
// (an image without leading or trailing whitespace).
void ValidateContainerForPod(const Json& c, const std::string& path, Causes& causes);

// Validates the container `c` found at `path` (e.g. "spec.containers[0]");
// `init` for spec.initContainers.
void ValidateContainer(const Json& c, const std::string& path, bool init, ContainerScope& scope,
                       Causes& causes);

}  // namespace wisp::strategies
