// File: src/apiserver/limit_ranges.h (private to the apiserver)
//
// The validating half of upstream's LimitRanger admission: a pod (on
// create) or a claim (on create and update) must stay within the min, max
// and maxLimitRequestRatio of every item of its namespace's LimitRanges:
//   type Container: each container and init container's requests/limits;
//   type Pod: the pod's total (containers summed, init containers as the
//             peak; overhead left out, as upstream);
//   type PersistentVolumeClaim: the claim's requested storage.
// The defaulting half (defaultRequest / default) is Rest::AdmitLimitRanges.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wisp::apiserver {

enum class LimitedKind { kPod, kClaim };

// Upstream's messages for what `obj` breaks of `limit_range`, in upstream's
// order ("maximum cpu usage per Container is 1, but limit is 2").
std::vector<std::string> LimitRangeViolations(const nlohmann::json& limit_range, LimitedKind kind,
                                              const nlohmann::json& obj);

}  // namespace wisp::apiserver
