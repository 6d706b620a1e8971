// File: src/strategies/pod_warnings.h
//
// Upstream's warnings for pods and pod templates (pkg/api/pod/warnings.go):
// what is accepted but probably not what the client meant. They reach the
// client as Warning headers (kubectl prints "Warning: ..."). Stateless;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "strategies/json_util.h"

namespace wisp::strategies {

// Warnings for the pod spec `spec` and its metadata `meta` found under
// `path` ("" for a pod, "spec.template" for a template), in upstream's order,
// each once: deprecated node labels in selectors, affinity and topology
// spread keys, null spread and pod (anti-)affinity selectors, non-functional
// annotations (critical-pod, sysctls, seccomp, AppArmor), deprecated volume
// plugins, overlapping volume item paths, duplicate host aliases and image
// pull secrets, fractional byte quantities, env vars hiding earlier ones,
// clashing container ports, negative grace periods. For a pod (path "") it
// also gives the AppArmor annotation warning upstream's pod PrepareForCreate
// sends, so `spec` must still hold the client's AppArmor fields.
std::vector<std::string> PodSpecWarnings(const Json& spec, const Json& meta, std::string_view path);

// The warning for an object whose name becomes pod names and host names but
// is not a DNS label (`pod`: a pod's own name); nothing for a good name.
std::vector<std::string> PodNameWarnings(std::string_view name, bool pod);

}  // namespace wisp::strategies
