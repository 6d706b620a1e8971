#include "config/net.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

#include "config/names.h"
#include "config/problems.h"
#include "wisp/base/strings.h"

namespace wisp::config::internal {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool HasSpaceOrControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f;
  });
}

// The bit at `index` (0 = most significant) of an address.
bool Bit(const IpAddress& ip, int index) {
  return (ip.bytes[static_cast<size_t>(index / 8)] >> (7 - index % 8)) & 1;
}

IpAddress Masked(const IpAddress& ip, int prefix) {
  IpAddress out = ip;
  for (int i = prefix; i < ip.bits(); ++i) {
    out.bytes[static_cast<size_t>(i / 8)] &= static_cast<uint8_t>(~(1u << (7 - i % 8)));
  }
  return out;
}

absl::Status CidrError(std::string_view text, std::string_view reason) {
  return absl::InvalidArgumentError(base::StrCat("invalid CIDR ", Quote(text), ": ", reason));
}

absl::Status UrlError(std::string_view url, std::string_view reason) {
  return absl::InvalidArgumentError(base::StrCat("invalid URL ", Quote(url), ": ", reason));
}

// Checks "host:port" (the part of an endpoint URL after the scheme).
absl::Status CheckHostPort(std::string_view url, std::string_view rest) {
  std::string_view host;
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return UrlError(url, "missing \"]\" after IPv6 address");
    host = rest.substr(1, close - 1);
    std::optional<IpAddress> ip = ParseIp(host);
    if (!ip || ip->family != 6) {
      return UrlError(url, base::StrCat(Quote(host), " is not an IPv6 address"));
    }
    rest.remove_prefix(close + 1);
    if (rest.empty() || rest.front() != ':') return UrlError(url, "expected :port after the host");
    port = rest.substr(1);
  } else {
    size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) return UrlError(url, "missing :port after the host");
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return UrlError(url, "IPv6 hosts must be in brackets, e.g. https://[fd00::1]:2379");
    }
    std::optional<IpAddress> ip = ParseIp(host);
    if (!ip && !IsDnsName(host, /*allow_wildcard=*/false)) {
      return UrlError(url, base::StrCat("host ", Quote(host), " is not an IP address or DNS name"));
    }
  }
  if (port.find('/') != std::string_view::npos || port.find('?') != std::string_view::npos) {
    return UrlError(url, "must not have a path or query after the port");
  }
  if (!ParsePort(port)) return UrlError(url, "port must be a number 1..65535");
  return absl::OkStatus();
}

}  // namespace

bool IpAddress::IsUnspecified() const {
  size_t n = family == 4 ? 4 : 16;
  return std::all_of(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(n),
                     [](uint8_t b) { return b == 0; });
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == 4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

std::string Cidr::ToString() const { return base::StrCat(base.ToString(), "/", prefix); }

std::optional<IpAddress> ParseIp(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string s(text);  // inet_pton needs a NUL-terminated string.
  IpAddress ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) {
    ip.family = 4;
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
    ip.family = 6;
    return ip;
  }
  return std::nullopt;
}

absl::StatusOr<Cidr> ParseCidr(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return CidrError(text, "missing \"/<prefix length>\", e.g. \"10.244.0.0/16\"");
  }
  std::string_view addr = text.substr(0, slash);
  std::string_view len = text.substr(slash + 1);
  std::optional<IpAddress> ip = ParseIp(addr);
  if (!ip) return CidrError(text, base::StrCat(Quote(addr), " is not an IPv4 or IPv6 address"));
  int max = ip->bits();
  int prefix = -1;
  if (AllDigits(len) && len.size() <= 3) {
    std::from_chars(len.data(), len.data() + len.size(), prefix);
  }
  if (prefix < 0 || prefix > max || (len.size() > 1 && len.front() == '0')) {
    return CidrError(text, base::StrCat("prefix length must be 0..", max));
  }
  Cidr cidr{*ip, prefix};
  IpAddress masked = Masked(*ip, prefix);
  if (!(masked == *ip)) {
    Cidr suggestion{masked, prefix};
    return CidrError(
        text, base::StrCat("host bits are set; did you mean ", Quote(suggestion.ToString()), "?"));
  }
  return cidr;
}

bool Overlaps(const Cidr& a, const Cidr& b) {
  if (a.base.family != b.base.family) return false;
  int common = std::min(a.prefix, b.prefix);
  for (int i = 0; i < common; ++i) {
    if (Bit(a.base, i) != Bit(b.base, i)) return false;
  }
  return true;
}

std::optional<int> ParsePort(std::string_view text) {
  if (!AllDigits(text) || text.size() > 5) return std::nullopt;
  int port = 0;
  std::from_chars(text.data(), text.data() + text.size(), port);
  if (port < 1 || port > 65535) return std::nullopt;
  return port;
}

absl::Status CheckEndpointUrl(std::string_view url) {
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return UrlError(url, "must start with http:// or https://");
  }
  if (rest.empty()) return UrlError(url, "missing host:port");
  if (rest.find('@') != std::string_view::npos) {
    return UrlError(url, "must not carry user credentials");
  }
  return CheckHostPort(url, rest);
}

absl::Status CheckGitUrl(std::string_view url) {
  if (url.empty()) return UrlError(url, "must not be empty");
  if (HasSpaceOrControl(url)) return UrlError(url, "must not contain spaces or control characters");
  for (std::string_view scheme : {"https://", "http://", "ssh://", "git://", "file://"}) {
    if (url.starts_with(scheme)) {
      if (url.size() == scheme.size()) return UrlError(url, "missing location after the scheme");
      return absl::OkStatus();
    }
  }
  if (url.find("://") != std::string_view::npos) {
    return UrlError(url, "scheme must be https, http, ssh, git or file");
  }
  // scp-like: [user@]host:path
  size_t colon = url.find(':');
  if (colon == std::string_view::npos) {
    return UrlError(url, "expected a URL (https://...) or [user@]host:path");
  }
  std::string_view host = url.substr(0, colon);
  size_t at = host.find('@');
  if (at != std::string_view::npos) host.remove_prefix(at + 1);
  if (!IsDnsName(host, /*allow_wildcard=*/false) && !ParseIp(host)) {
    return UrlError(url, base::StrCat("host ", Quote(host), " is not an IP address or DNS name"));
  }
  if (colon + 1 == url.size()) return UrlError(url, "missing path after \"host:\"");
  return absl::OkStatus();
}

}  // namespace wisp::config::internal
