// File: include/wisp/apimachinery/quantity.h
//
// resource.Quantity values: "250m", "1", "0.5" CPU; "64Mi", "1G", "1e9",
// "128974848" bytes. Parsed to integers (milli-units or units, rounded up)
// and printed back in upstream's canonical form.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wisp::apimachinery {

// The quantity times 1000, rounded up (CPU millicores). Negative quantities
// are refused.
absl::StatusOr<int64_t> ParseMilliQuantity(std::string_view s);

// The quantity, rounded up (bytes).
absl::StatusOr<int64_t> ParseQuantity(std::string_view s);

// As ParseMilliQuantity, negative quantities included (validation reports
// them rather than the parser).
absl::StatusOr<int64_t> ParseSignedMilliQuantity(std::string_view s);

// Upstream's decoding check of a Quantity string: "quantities must match the
// regular expression ..." for a malformed one, "unable to parse quantity's
// suffix" for an unknown suffix.
absl::Status CheckQuantitySyntax(std::string_view s);

// `s` as upstream's Quantity.String() prints it ("1000m" -> "1",
// "1024Mi" -> "1Gi"); `s` itself when it does not parse.
std::string CanonicalQuantity(std::string_view s);

// Whether `s` is written with a binary suffix (Ki, Mi, ...): upstream keeps
// a quantity's format through arithmetic and prints it that way.
bool IsBinaryQuantity(std::string_view s);

// `milli` / 1000 as upstream's Quantity.String() prints it: decimal SI
// ("1500m", "2", "3k", "500M") or, for binary quantities that are whole
// units, the largest exact binary suffix ("128Mi", "1536Ki", "1000").
std::string FormatMilliQuantity(int64_t milli, bool binary);

}  // namespace wisp::apimachinery
