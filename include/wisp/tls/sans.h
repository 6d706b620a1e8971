// File: wisp/tls/sans.h
//
// Subject alternative names: classifying user-given names into DNS names and
// IP addresses, the first address of a service CIDR, and the host's own names
// and addresses (for the API serving certificate).
//
// Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wisp::tls {

struct SubjectAltNames {
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;  // Canonical text (inet_ntop).
};

// Canonical text of an IPv4 or IPv6 literal ("::0:1" -> "::1"), or
// InvalidArgument.
absl::StatusOr<std::string> CanonicalIp(std::string_view ip);

// True if `name` is a syntactically valid DNS SAN: labels of [A-Za-z0-9-_],
// 1..63 characters, total <= 253, an optional leading "*." wildcard.
bool IsValidDnsName(std::string_view name);

// Sorts each entry into an IP (if it parses as one, canonicalized) or a DNS
// name (lowercased, validated); drops duplicates, keeps first-seen order.
// InvalidArgument naming the first entry that is neither.
absl::StatusOr<SubjectAltNames> ClassifySans(const std::vector<std::string>& names);

// The first usable address of a CIDR: network address + 1 ("10.96.0.0/12" ->
// "10.96.0.1", "fd00::/108" -> "fd00::1"). Kubernetes gives it to the
// `default/kubernetes` Service. InvalidArgument for a malformed CIDR or one
// too small to hold it.
absl::StatusOr<std::string> FirstServiceIp(std::string_view cidr);

// The machine's host name (gethostname), lowercased.
absl::StatusOr<std::string> HostName();

// Every non-loopback address of the host's interfaces (getifaddrs), IPv4 and
// IPv6, canonical text, without duplicates. IPv6 link-local addresses
// (fe80::/10) are left out: they need a zone and no client dials them.
absl::StatusOr<std::vector<std::string>> HostAddresses();

}  // namespace wisp::tls
