// File: src/strategies/ip_validation.h
//
// IP address and CIDR checks with upstream's parsing and wording:
// validation.IsValidIP / IsValidCIDR (k8s.io/apimachinery/pkg/util/validation)
// and ValidateNonSpecialIP (pkg/apis/core/validation). Text is read as
// k8s.io/utils/net's ParseIPSloppy / ParseCIDRSloppy read it (Go 1.16's
// parser): IPv4 octets may carry leading zeros ("010.0.0.1" is 10.0.0.1),
// IPv6 zones are refused.
//
// Stateless; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// An address in 16 bytes; IPv4 is held as ::ffff:a.b.c.d, as Go keeps it.
using IpBytes = std::array<uint8_t, 16>;

// nullopt when `text` is not an address.
std::optional<IpBytes> ParseIpSloppy(std::string_view text);
// Go's ip.To4() != nil: IPv4, or IPv4-mapped IPv6.
bool IsIpv4(const IpBytes& ip);
// A network: its address with the host bits cleared, its prefix length in
// the 16-byte form (`bits`) and as written (`mask_size`).
struct Cidr {
  IpBytes ip;
  int bits = 0;
  int mask_size = 0;
};
// "addr/prefix" with a prefix no longer than the address; nullopt otherwise.
std::optional<Cidr> ParseCidrSloppy(std::string_view text);
// Go's IPNet.Contains: an IPv4 network never holds an IPv6 address nor the
// reverse (IPv4-mapped IPv6 counts as IPv4).
bool CidrContains(const Cidr& net, const IpBytes& ip);

// IsValidIP: one Invalid cause on `field` unless `value` is an address.
void ValidateIp(std::string_view field, std::string_view value, Causes& causes);
// IsValidCIDR: one Invalid cause on `field` unless `value` is a CIDR.
void ValidateCidr(std::string_view field, std::string_view value, Causes& causes);
// ValidateNonSpecialIP: `value` may not be unspecified, loopback, link-local
// unicast or link-local multicast (one cause per rule broken).
void ValidateNonSpecialIp(std::string_view field, std::string_view value, Causes& causes);

}  // namespace wisp::strategies
