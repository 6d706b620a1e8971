// File: src/strategies/pod_security_checks.h (private)
//
// The individual Pod Security Standards checks of upstream's
// k8s.io/pod-security-admission/policy as of Kubernetes v1.32, one per
// upstream check ID. pod_security.cc selects and orders them by level and
// version; this header is shared by the two files only. Pure functions:
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "strategies/json_util.h"
#include "wisp/strategies/pod_security.h"

namespace wisp::strategies::podsecurity::internal {

// The newest policy version whose rules differ from the one before (the
// v1.32 sysctls): latest and anything newer evaluate as this minor.
inline constexpr int64_t kNewestMinor = 32;

// Runs one check at policy version v1.<minor>; nullopt when the pod passes.
using CheckFn = std::optional<Violation> (*)(const Json& meta, const Json& spec, int64_t minor);

struct CheckDef {
  std::string_view id;  // upstream's check ID
  Level level;          // kBaseline or kRestricted
  // First policy version the check exists at (v1.<first_minor>).
  int64_t first_minor;
  // Restricted checks only: the baseline check this one replaces at the
  // restricted level wherever both exist ("" for none).
  std::string_view overrides;
  CheckFn run;
};

// Every check: baseline ones, then restricted ones, each group sorted by ID
// as Go sorts strings. That is the order upstream reports failures in.
std::span<const CheckDef> AllChecks();

// Go's strconv.Quote (fmt's %q) for the values messages quote: escapes
// quotes, backslashes, control characters and invalid UTF-8 bytes (\xNN);
// valid UTF-8 passes through.
std::string GoQuote(std::string_view s);

}  // namespace wisp::strategies::podsecurity::internal
