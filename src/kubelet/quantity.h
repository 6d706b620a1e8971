// File: src/kubelet/quantity.h
//
// resource.Quantity values as the kubelet needs them: "250m", "1", "0.5"
// CPU in millicores; "64Mi", "1G", "1e9", "128974848" memory in bytes.
#pragma once

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace wisp::kubelet {

// The quantity times 1000, rounded up (CPU millicores).
absl::StatusOr<int64_t> ParseMilliQuantity(std::string_view s);

// The quantity, rounded up (bytes).
absl::StatusOr<int64_t> ParseQuantity(std::string_view s);

}  // namespace wisp::kubelet
