// File: src/strategies/pod_qos.h
//
// Pod QoS class (upstream pkg/apis/core/helper/qos.GetPodQOS) and resource
// quantity parsing. Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// Parses a Kubernetes quantity ("100m", "1Gi", "0.5", "1e3", "2k") into its
// value; nullopt when malformed. Precision is that of long double, enough to
// compare the request/limit sums QoS needs.
std::optional<long double> ParseQuantity(std::string_view text);

// "Guaranteed", "Burstable" or "BestEffort" for a (defaulted) pod spec.
std::string PodQosClass(const Json& spec);

}  // namespace wisp::strategies
