// File: config/names.h
//
// Syntax checks for the names a cluster config holds: DNS labels and
// subdomains (RFC 1123, as Kubernetes uses them), host names for
// certificates, container image references (the distribution/reference
// grammar), component flag names and file paths. Checks return OK or
// InvalidArgument whose message quotes the input and states the rule.
//
// Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "absl/status/status.h"

namespace wisp::config::internal {

// At most 63 characters of [a-z0-9-], starting and ending alphanumeric.
absl::Status CheckDnsLabel(std::string_view name);

// At most 253 characters; dot-separated DNS labels.
absl::Status CheckDnsSubdomain(std::string_view name);

// A host name as certificates and URLs carry it: dot-separated labels of
// [A-Za-z0-9-] (case-insensitive), at most 253 characters; with
// `allow_wildcard` the first label may be "*".
bool IsDnsName(std::string_view name, bool allow_wildcard);

// [registry[:port]/]path[:tag][@algorithm:hex], e.g. "wisp.local/pause:3.10",
// "docker.io/library/busybox@sha256:<64 hex>".
absl::Status CheckImageReference(std::string_view ref);

// A component flag name without leading dashes: [A-Za-z0-9][A-Za-z0-9._-]*.
absl::Status CheckFlagName(std::string_view name);

// An absolute path: starts with '/', no control characters.
absl::Status CheckAbsolutePath(std::string_view path);

}  // namespace wisp::config::internal
