#include "wisp/tls/sans.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::tls {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsValidLabel(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// Network address + 1 in place over big-endian bytes; false on overflow.
bool Increment(unsigned char* bytes, int len) {
  for (int i = len - 1; i >= 0; --i) {
    if (++bytes[i] != 0) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::string> CanonicalIp(std::string_view ip) {
  std::string text(ip);
  unsigned char buf[16];
  char out[INET6_ADDRSTRLEN] = {};
  int af = inet_pton(AF_INET, text.c_str(), buf) == 1    ? AF_INET
           : inet_pton(AF_INET6, text.c_str(), buf) == 1 ? AF_INET6
                                                         : 0;
  if (af == 0 || inet_ntop(af, buf, out, sizeof out) == nullptr) {
    return absl::InvalidArgumentError(base::StrCat("\"", ip, "\" is not an IP address"));
  }
  return std::string(out);
}

bool IsValidDnsName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  if (name.substr(0, 2) == "*.") name.remove_prefix(2);
  while (!name.empty()) {
    size_t dot = name.find('.');
    if (!IsValidLabel(name.substr(0, dot))) return false;
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
    if (name.empty()) return false;  // Trailing dot.
  }
  return true;
}

absl::StatusOr<SubjectAltNames> ClassifySans(const std::vector<std::string>& names) {
  SubjectAltNames out;
  for (const std::string& name : names) {
    absl::StatusOr<std::string> ip = CanonicalIp(name);
    if (ip.ok()) {
      AddUnique(out.ip_addresses, *std::move(ip));
    } else if (IsValidDnsName(name)) {
      AddUnique(out.dns_names, Lower(name));
    } else {
      return absl::InvalidArgumentError(
          base::StrCat("SAN \"", name, "\" is neither an IP address nor a DNS name"));
    }
  }
  return out;
}

absl::StatusOr<std::string> FirstServiceIp(std::string_view cidr) {
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(base::StrCat("service CIDR \"", cidr, "\": ", why));
  };
  size_t slash = cidr.find('/');
  if (slash == std::string_view::npos) return bad("missing /prefix");
  std::string addr(cidr.substr(0, slash));
  std::string_view prefix_text = cidr.substr(slash + 1);
  unsigned char buf[16] = {};
  int af = inet_pton(AF_INET, addr.c_str(), buf) == 1    ? AF_INET
           : inet_pton(AF_INET6, addr.c_str(), buf) == 1 ? AF_INET6
                                                         : 0;
  if (af == 0) return bad("not an IP network");
  int len = af == AF_INET ? 4 : 16;
  int prefix = -1;
  if (!prefix_text.empty() && prefix_text.size() <= 3 &&
      std::all_of(prefix_text.begin(), prefix_text.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    prefix = std::stoi(std::string(prefix_text));
  }
  if (prefix < 0 || prefix > len * 8) return bad("bad prefix length");
  if (len * 8 - prefix < 2) return bad("too small to hold a service address");
  for (int bit = prefix; bit < len * 8; ++bit) {  // Clear host bits.
    buf[bit / 8] = static_cast<unsigned char>(buf[bit / 8] & ~(0x80 >> (bit % 8)));
  }
  if (!Increment(buf, len)) return bad("overflow");
  char out[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(af, buf, out, sizeof out) == nullptr) return bad("cannot format");
  return std::string(out);
}

absl::StatusOr<std::string> HostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return base::ErrnoStatus("gethostname");
  if (buf[0] == '\0') return absl::FailedPreconditionError("gethostname returned an empty name");
  return Lower(buf);
}

absl::StatusOr<std::vector<std::string>> HostAddresses() {
  struct ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return base::ErrnoStatus("getifaddrs");
  std::unique_ptr<struct ifaddrs, void (*)(struct ifaddrs*)> owner(list, ::freeifaddrs);
  std::vector<std::string> out;
  for (struct ifaddrs* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
    if (ifa->ifa_addr == nullptr || (ifa->ifa_flags & IFF_LOOPBACK) != 0) continue;
    char buf[INET6_ADDRSTRLEN] = {};
    if (ifa->ifa_addr->sa_family == AF_INET) {
      const auto* sin = reinterpret_cast<const struct sockaddr_in*>(ifa->ifa_addr);
      if ((ntohl(sin->sin_addr.s_addr) >> 24) == 127) continue;
      inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf);
    } else if (ifa->ifa_addr->sa_family == AF_INET6) {
      const auto* sin6 = reinterpret_cast<const struct sockaddr_in6*>(ifa->ifa_addr);
      if (IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr) || IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr)) {
        continue;
      }
      inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf);
    } else {
      continue;
    }
    if (buf[0] != '\0') AddUnique(out, buf);
  }
  return out;
}

}  // namespace wisp::tls
