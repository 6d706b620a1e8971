// File: wisp/base/build_info.h
//
// What this binary is: the wisp release, the commit it was built from, when,
// and which Kubernetes API version it serves. Filled in at configure time.
#pragma once

#include <string_view>

namespace wisp::base {

struct BuildInfo {
  std::string_view version;             // wisp's own semantic version, e.g. "0.1.0".
  std::string_view git_commit;          // Abbreviated commit hash, or "unknown".
  std::string_view build_date;          // RFC 3339, UTC.
  std::string_view kubernetes_version;  // The Kubernetes API version served, e.g. "v1.32.0".
};

// Thread-safe; the returned object lives for the whole program.
const BuildInfo& GetBuildInfo();

}  // namespace wisp::base
