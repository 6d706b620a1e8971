// File: include/wisp/base/duration.h
//
// Durations as the cluster config and duration flags write them: whole seconds spelled as one
// or more <number><unit> terms, unit s, m or h ("30s", "5m", "1h30m").
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wisp::base {

// Parses a duration into seconds (>= 0). InvalidArgument names the input and
// the expected form; a bare number is refused with a suggestion ("30" ->
// did you mean "30s"?).
absl::StatusOr<int> ParseDurationSeconds(std::string_view text);

// The shortest canonical spelling: 90 -> "1m30s", 3600 -> "1h", 0 -> "0s".
// ParseDurationSeconds(FormatDurationSeconds(s)) == s for every s >= 0.
std::string FormatDurationSeconds(int seconds);

}  // namespace wisp::base
