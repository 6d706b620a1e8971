// File: config/net.h
//
// IP addresses, CIDRs and URLs as the cluster config spells them. IPv4 and
// IPv6 are both supported; IPv4 must be dotted-quad without leading zeros,
// IPv6 any RFC 4291 text form without a zone. Errors are InvalidArgument with
// a message that quotes the input and says what is wrong with it.
//
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wisp::config::internal {

struct IpAddress {
  int family = 4;                   // 4 or 6.
  std::array<uint8_t, 16> bytes{};  // Network order; IPv4 uses the first 4.

  int bits() const { return family == 4 ? 32 : 128; }
  bool IsUnspecified() const;  // 0.0.0.0 or ::
  std::string ToString() const;
  bool operator==(const IpAddress&) const = default;
};

struct Cidr {
  IpAddress base;
  int prefix = 0;

  std::string ToString() const;
};

// Parses an IPv4 or IPv6 address; nullopt if `text` is neither.
std::optional<IpAddress> ParseIp(std::string_view text);

// Parses "address/prefix". Host bits must be zero (the error suggests the
// masked form), e.g. `invalid CIDR "10.0.0.0/33": prefix length must be 0..32`.
absl::StatusOr<Cidr> ParseCidr(std::string_view text);

// True when the two ranges share at least one address. Ranges of different
// families never overlap.
bool Overlaps(const Cidr& a, const Cidr& b);

// Parses a decimal TCP port, 1..65535; nullopt otherwise.
std::optional<int> ParsePort(std::string_view text);

// Checks an etcd client URL: http(s)://host:port, host an IPv4 address, a
// bracketed IPv6 address or a DNS name, nothing after the port.
absl::Status CheckEndpointUrl(std::string_view url);

// Checks a Git remote: https://, http://, ssh://, git:// or file:// followed by
// a location, or scp-like [user@]host:path.
absl::Status CheckGitUrl(std::string_view url);

}  // namespace wisp::config::internal
