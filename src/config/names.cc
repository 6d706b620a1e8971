#include "config/names.h"

#include <algorithm>
#include <vector>

#include "config/net.h"
#include "config/problems.h"
#include "wisp/base/strings.h"

namespace wisp::config::internal {
namespace {

constexpr size_t kMaxLabel = 63;
constexpr size_t kMaxSubdomain = 253;
constexpr size_t kMaxImageName = 255;
constexpr size_t kMaxTag = 128;

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }
bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    size_t pos = s.find(sep);
    parts.push_back(s.substr(0, pos));
    if (pos == std::string_view::npos) return parts;
    s.remove_prefix(pos + 1);
  }
}

// A label of [a-z0-9-] (or [A-Za-z0-9-] when !lower_only), 1..63 long,
// starting and ending alphanumeric.
bool IsLabel(std::string_view s, bool lower_only) {
  auto alnum = lower_only ? IsLowerAlnum : IsAlnum;
  if (s.empty() || s.size() > kMaxLabel) return false;
  if (!alnum(s.front()) || !alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return alnum(c) || c == '-'; });
}

absl::Status ImageError(std::string_view ref, std::string_view reason) {
  return absl::InvalidArgumentError(
      base::StrCat("invalid image reference ", Quote(ref), ": ", reason));
}

// alnum+ (separator alnum+)*, separator one of ".", "_", "__", "-"+.
bool IsPathComponent(std::string_view s) {
  size_t i = 0;
  for (;;) {
    size_t start = i;
    while (i < s.size() && IsLowerAlnum(s[i])) ++i;
    if (i == start) return false;
    if (i == s.size()) return true;
    if (s[i] == '.') {
      ++i;
    } else if (s[i] == '_') {
      i += (i + 1 < s.size() && s[i + 1] == '_') ? 2 : 1;
    } else if (s[i] == '-') {
      while (i < s.size() && s[i] == '-') ++i;
    } else {
      return false;
    }
  }
}

// host[:port], host a DNS name (any case), an IPv4 address or [IPv6].
bool IsRegistry(std::string_view s) {
  if (!s.empty() && s.front() == '[') {
    size_t close = s.find(']');
    if (close == std::string_view::npos) return false;
    std::optional<IpAddress> ip = ParseIp(s.substr(1, close - 1));
    if (!ip || ip->family != 6) return false;
    if (close + 1 == s.size()) return true;
    return s[close + 1] == ':' && ParsePort(s.substr(close + 2)).has_value();
  }
  std::string_view host = s;
  size_t colon = s.find(':');
  if (colon != std::string_view::npos) {
    host = s.substr(0, colon);
    if (!ParsePort(s.substr(colon + 1))) return false;
  }
  return IsDnsName(host, /*allow_wildcard=*/false) || ParseIp(host).has_value();
}

bool IsTag(std::string_view s) {
  auto word = [](char c) { return IsAlnum(c) || c == '_'; };
  if (s.empty() || s.size() > kMaxTag || !word(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return word(c) || c == '.' || c == '-'; });
}

// algorithm ":" hex{32,}, algorithm components [A-Za-z][A-Za-z0-9]* joined
// by one of "+.-_".
bool IsDigest(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view algorithm = s.substr(0, colon);
  std::string_view hex = s.substr(colon + 1);
  if (hex.size() < 32 || !std::all_of(hex.begin(), hex.end(), IsHex)) return false;
  bool want_letter = true;
  for (char c : algorithm) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (want_letter) {
      if (!letter) return false;
      want_letter = false;
    } else if (c == '+' || c == '.' || c == '-' || c == '_') {
      want_letter = true;
    } else if (!IsAlnum(c)) {
      return false;
    }
  }
  return !algorithm.empty() && !want_letter;
}

}  // namespace

absl::Status CheckDnsLabel(std::string_view name) {
  if (IsLabel(name, /*lower_only=*/true)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      base::StrCat(Quote(name),
                   " is not a DNS label: use 1-63 lowercase letters, digits or '-', "
                   "starting and ending with a letter or digit"));
}

absl::Status CheckDnsSubdomain(std::string_view name) {
  bool ok = !name.empty() && name.size() <= kMaxSubdomain;
  for (std::string_view label : Split(name, '.')) {
    ok = ok && IsLabel(label, /*lower_only=*/true);
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(
      base::StrCat(Quote(name),
                   " is not a DNS subdomain: use dot-separated labels of lowercase letters, "
                   "digits or '-' (each 1-63 long, starting and ending with a letter or digit), "
                   "at most 253 characters"));
}

bool IsDnsName(std::string_view name, bool allow_wildcard) {
  if (name.empty() || name.size() > kMaxSubdomain) return false;
  std::vector<std::string_view> labels = Split(name, '.');
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i == 0 && allow_wildcard && labels[i] == "*" && labels.size() > 1) continue;
    if (!IsLabel(labels[i], /*lower_only=*/false)) return false;
  }
  return true;
}

absl::Status CheckImageReference(std::string_view ref) {
  if (ref.empty()) return ImageError(ref, "must not be empty");
  std::string_view name = ref;
  size_t at = name.find('@');
  if (at != std::string_view::npos) {
    if (!IsDigest(name.substr(at + 1))) {
      return ImageError(ref, "digest must be <algorithm>:<hex>, e.g. sha256:<64 hex digits>");
    }
    name = name.substr(0, at);
  }
  size_t colon = name.rfind(':');
  size_t slash = name.rfind('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    if (!IsTag(name.substr(colon + 1))) {
      return ImageError(ref, "tag must be 1-128 of [A-Za-z0-9_.-], not starting with '.' or '-'");
    }
    name = name.substr(0, colon);
  }
  if (name.size() > kMaxImageName) return ImageError(ref, "name is longer than 255 characters");
  std::vector<std::string_view> parts = Split(name, '/');
  size_t first_path = 0;
  if (parts.size() > 1 &&
      (parts[0].find_first_of(".:[") != std::string_view::npos || parts[0] == "localhost" ||
       std::any_of(parts[0].begin(), parts[0].end(),
                   [](char c) { return c >= 'A' && c <= 'Z'; }))) {
    if (!IsRegistry(parts[0])) {
      return ImageError(ref, base::StrCat("registry ", Quote(parts[0]), " is not host[:port]"));
    }
    first_path = 1;
  }
  for (size_t i = first_path; i < parts.size(); ++i) {
    if (!IsPathComponent(parts[i])) {
      return ImageError(ref, base::StrCat("repository path component ", Quote(parts[i]),
                                          " must be lowercase letters and digits separated by "
                                          "'.', '_', '__' or '-'"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckFlagName(std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("flag name must not be empty");
  if (name.front() == '-') {
    size_t dashes = name.find_first_not_of('-');
    std::string_view bare = dashes == std::string_view::npos ? "" : name.substr(dashes);
    return absl::InvalidArgumentError(
        base::StrCat("flag name ", Quote(name), " must not start with '-'; write ", Quote(bare)));
  }
  bool ok = IsAlnum(name.front()) && std::all_of(name.begin(), name.end(), [](char c) {
              return IsAlnum(c) || c == '-' || c == '_' || c == '.';
            });
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(base::StrCat(
      "flag name ", Quote(name), " may contain only letters, digits, '-', '_' and '.'"));
}

absl::Status CheckAbsolutePath(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return absl::InvalidArgumentError(base::StrCat(Quote(path), " is not an absolute path"));
  }
  bool control = std::any_of(path.begin(), path.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
  if (control) {
    return absl::InvalidArgumentError(
        base::StrCat("path ", Quote(path), " must not contain control characters"));
  }
  return absl::OkStatus();
}

}  // namespace wisp::config::internal
