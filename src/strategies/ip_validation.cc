// Go 1.16's net.ParseIP / ParseCIDR (what k8s.io/utils/net keeps as the
// "sloppy" parsers) and upstream's IP and CIDR field checks.
#include "strategies/ip_validation.h"

#include <string>

#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

// Go's dtoi / xtoi: the number spelled by the digits at the front of `s`.
// nullopt without a digit or once the value reaches 0xFFFFFF (Go's `big`);
// `used` counts the digits read.
std::optional<int> LeadingNumber(std::string_view s, int base, size_t& used) {
  int n = 0;
  for (used = 0; used < s.size(); ++used) {
    const char c = s[used];
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      break;
    }
    n = n * base + digit;
    if (n >= 0xFFFFFF) return std::nullopt;
  }
  if (used == 0) return std::nullopt;
  return n;
}

// Four decimal octets separated by dots, nothing before or after.
std::optional<IpBytes> ParseIpv4(std::string_view s) {
  IpBytes ip{};
  ip[10] = ip[11] = 0xff;
  for (int i = 0; i < 4; ++i) {
    if (s.empty()) return std::nullopt;
    if (i > 0) {
      if (s.front() != '.') return std::nullopt;
      s.remove_prefix(1);
    }
    size_t used = 0;
    const std::optional<int> octet = LeadingNumber(s, 10, used);
    if (!octet || *octet > 0xFF) return std::nullopt;
    ip[12 + i] = static_cast<uint8_t>(*octet);
    s.remove_prefix(used);
  }
  if (!s.empty()) return std::nullopt;
  return ip;
}

// Groups of up to 0xFFFF separated by colons, at most one "::" standing for
// at least one zero group, optionally ending in a dotted IPv4 address.
std::optional<IpBytes> ParseIpv6(std::string_view s) {
  IpBytes ip{};
  int ellipsis = -1;  // byte index the "::" stands at
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return ip;
  }
  int i = 0;
  while (i < 16) {
    size_t used = 0;
    const std::optional<int> group = LeadingNumber(s, 16, used);
    if (!group || *group > 0xFFFF) return std::nullopt;
    if (used < s.size() && s[used] == '.') {  // trailing IPv4 part
      if ((ellipsis < 0 && i != 12) || i + 4 > 16) return std::nullopt;
      const std::optional<IpBytes> v4 = ParseIpv4(s);
      if (!v4) return std::nullopt;
      for (int k = 0; k < 4; ++k) ip[i + k] = (*v4)[12 + k];
      i += 4;
      s = {};
      break;
    }
    ip[i] = static_cast<uint8_t>(*group >> 8);
    ip[i + 1] = static_cast<uint8_t>(*group & 0xff);
    i += 2;
    s.remove_prefix(used);
    if (s.empty()) break;
    if (s.front() != ':' || s.size() == 1) return std::nullopt;
    s.remove_prefix(1);
    if (s.front() == ':') {
      if (ellipsis >= 0) return std::nullopt;
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return std::nullopt;
  if (i < 16) {
    if (ellipsis < 0) return std::nullopt;
    const int gap = 16 - i;
    for (int j = i - 1; j >= ellipsis; --j) ip[j + gap] = ip[j];
    for (int j = ellipsis; j < ellipsis + gap; ++j) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return std::nullopt;
  }
  return ip;
}

bool AllZero(const IpBytes& ip, int from, int to) {
  for (int i = from; i < to; ++i) {
    if (ip[i] != 0) return false;
  }
  return true;
}

}  // namespace

std::optional<IpBytes> ParseIpSloppy(std::string_view text) {
  // Go picks the family from the first separator it meets.
  for (char c : text) {
    if (c == '.') return ParseIpv4(text);
    if (c == ':') return ParseIpv6(text);
  }
  return std::nullopt;
}

bool IsIpv4(const IpBytes& ip) { return AllZero(ip, 0, 10) && ip[10] == 0xff && ip[11] == 0xff; }

std::optional<Cidr> ParseCidrSloppy(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view addr = text.substr(0, slash);
  const std::string_view mask = text.substr(slash + 1);
  int width = 32;
  std::optional<IpBytes> ip = ParseIpv4(addr);
  if (!ip) {
    width = 128;
    ip = ParseIpv6(addr);
  }
  size_t used = 0;
  const std::optional<int> prefix = LeadingNumber(mask, 10, used);
  if (!ip || !prefix || used != mask.size() || *prefix > width) return std::nullopt;
  Cidr cidr{*ip, 128 - width + *prefix, *prefix};
  for (int b = cidr.bits; b < 128; ++b) cidr.ip[b / 8] &= static_cast<uint8_t>(~(0x80 >> (b % 8)));
  return cidr;
}

bool CidrContains(const Cidr& net, const IpBytes& ip) {
  if (IsIpv4(net.ip) != IsIpv4(ip)) return false;
  for (int b = 0; b < net.bits; ++b) {
    const uint8_t bit = static_cast<uint8_t>(0x80 >> (b % 8));
    if ((net.ip[b / 8] & bit) != (ip[b / 8] & bit)) return false;
  }
  return true;
}

void ValidateIp(std::string_view field, std::string_view value, Causes& causes) {
  if (ParseIpSloppy(value)) return;
  causes.push_back(
      apimachinery::FieldInvalid(field, Json(std::string(value)),
                                 "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
}

void ValidateCidr(std::string_view field, std::string_view value, Causes& causes) {
  if (ParseCidrSloppy(value)) return;
  causes.push_back(apimachinery::FieldInvalid(
      field, Json(std::string(value)),
      "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
}

void ValidateNonSpecialIp(std::string_view field, std::string_view value, Causes& causes) {
  const Json bad(std::string{value});
  const std::optional<IpBytes> ip = ParseIpSloppy(value);
  if (!ip) {
    causes.push_back(apimachinery::FieldInvalid(field, bad, "must be a valid IP address"));
    return;
  }
  // Go's net.IP predicates; IPv4 is recognised in its mapped form.
  const bool v4 = IsIpv4(*ip);
  const bool unspecified = AllZero(*ip, 0, 16) || (v4 && AllZero(*ip, 12, 16));
  const bool loopback = v4 ? (*ip)[12] == 127 : AllZero(*ip, 0, 15) && (*ip)[15] == 1;
  const bool link_local =
      v4 ? (*ip)[12] == 169 && (*ip)[13] == 254 : (*ip)[0] == 0xfe && ((*ip)[1] & 0xc0) == 0x80;
  const bool link_local_multicast = v4 ? (*ip)[12] == 224 && (*ip)[13] == 0 && (*ip)[14] == 0
                                       : (*ip)[0] == 0xff && ((*ip)[1] & 0x0f) == 0x02;
  if (unspecified) {
    causes.push_back(apimachinery::FieldInvalid(
        field, bad, std::string("may not be unspecified (").append(value).append(")")));
  }
  if (loopback) {
    causes.push_back(apimachinery::FieldInvalid(
        field, bad, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  }
  if (link_local) {
    causes.push_back(apimachinery::FieldInvalid(
        field, bad, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  }
  if (link_local_multicast) {
    causes.push_back(apimachinery::FieldInvalid(
        field, bad, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  }
}

}  // namespace wisp::strategies
