// File: wisp/apimachinery/go_time.h
//
// Timestamps as Kubernetes' Go types read and write them. metav1.Time
// decodes with Go's time.Parse(RFC3339) and encodes in UTC to whole
// seconds; metav1.MicroTime decodes with the layout
// "2006-01-02T15:04:05.000000Z07:00" (exactly six fraction digits) and
// encodes in UTC to the microsecond. Parse errors carry Go's text, which
// the API server returns as is. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wisp::apimachinery {

// An instant: seconds since the Unix epoch (UTC) and nanoseconds.
struct GoTime {
  int64_t seconds = 0;
  int32_t nanos = 0;
};

// Whether the OpenAPI definition `name` is metav1.MicroTime (the other
// "date-time" scalar being metav1.Time).
bool IsMicroTimeDefinition(std::string_view name);

// Parses `value` as metav1.Time (`micro` false) or metav1.MicroTime does;
// on failure the status message is Go's time.ParseError text, e.g.
// `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`.
absl::StatusOr<GoTime> ParseGoTime(std::string_view value, bool micro);

// "2026-01-02T03:04:05Z" (Time) or "2026-01-02T03:04:05.123456Z" (MicroTime).
std::string FormatGoTime(GoTime t, bool micro);

}  // namespace wisp::apimachinery
