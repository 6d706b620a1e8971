// Continue tokens compatible with k8s.io/apiserver/pkg/storage/continue.go.
#include "wisp/apimachinery/continue_token.h"

#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "absl/status/status.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery {

using base::StrCat;

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string RawUrlEncode(std::string_view in) {
  std::string out;
  size_t i = 0;
  auto b = [&](size_t k) { return static_cast<unsigned char>(in[k]); };
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (b(i) << 16) | (b(i + 1) << 8) | b(i + 2);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (in.size() - i == 1) {
    uint32_t v = b(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (in.size() - i == 2) {
    uint32_t v = (b(i) << 16) | (b(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

// base64.RawURLEncoding.DecodeString with Go's error text.
absl::StatusOr<std::string> RawUrlDecode(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    const char* p = std::strchr(kAlphabet, in[i]);
    if (in[i] == '\0' || p == nullptr) {
      return absl::InvalidArgumentError(StrCat("illegal base64 data at input byte ", i));
    }
    acc = (acc << 6) | static_cast<uint32_t>(p - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (in.size() % 4 == 1) {
    return absl::InvalidArgumentError(StrCat("illegal base64 data at input byte ", in.size() - 1));
  }
  return out;
}

// encoding/json string encoding (HTML-safe, as Go's json.Marshal).
std::string GoJsonString(std::string_view s) {
  std::string out =
      nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string esc;
  for (char c : out) {
    if (c == '<') {
      esc += "\\u003c";
    } else if (c == '>') {
      esc += "\\u003e";
    } else if (c == '&') {
      esc += "\\u0026";
    } else {
      esc += c;
    }
  }
  return esc;
}

// Go's path.Clean, enough to detect keys that are not already clean.
std::string PathClean(const std::string& p) {
  bool rooted = !p.empty() && p[0] == '/';
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    std::string seg = p.substr(i, j - i);
    if (seg.empty() || seg == ".") {
      // skip
    } else if (seg == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back("..");
      }
    } else {
      parts.push_back(seg);
    }
    i = j + 1;
  }
  std::string out = rooted ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += "/";
    out += parts[k];
  }
  if (out.empty()) out = ".";
  return out;
}

}  // namespace

std::string EncodeContinue(int64_t resource_version, std::string_view start_key) {
  std::string json = StrCat("{\"v\":\"meta.k8s.io/v1\",\"rv\":", resource_version,
                            ",\"start\":", GoJsonString(start_key), "}");
  return RawUrlEncode(json);
}

absl::StatusOr<ContinueToken> DecodeContinue(std::string_view token) {
  auto data = RawUrlDecode(token);
  if (!data.ok()) {
    return absl::InvalidArgumentError(
        StrCat("continue key is not valid: ", base::ToStd(data.status().message())));
  }
  nlohmann::json j = nlohmann::json::parse(*data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError("continue key is not valid: not a JSON object");
  }
  auto v = j.find("v");
  std::string version = v != j.end() && v->is_string() ? v->get<std::string>() : "";
  if (version != "meta.k8s.io/v1") {
    return absl::InvalidArgumentError(
        StrCat("continue key is not valid: server does not recognize this encoded version \"",
               version, "\""));
  }
  auto rv = j.find("rv");
  int64_t resource_version = rv != j.end() && rv->is_number_integer() ? rv->get<int64_t>() : 0;
  if (resource_version == 0) {
    return absl::InvalidArgumentError(
        "continue key is not valid: incorrect encoded start resourceVersion (version "
        "meta.k8s.io/v1)");
  }
  auto start = j.find("start");
  std::string start_key = start != j.end() && start->is_string() ? start->get<std::string>() : "";
  if (start_key.empty()) {
    return absl::InvalidArgumentError(
        "continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
  }
  std::string key = start_key[0] == '/' ? start_key : StrCat("/", start_key);
  if (PathClean(key) != key) {
    return absl::InvalidArgumentError(StrCat("continue key is not valid: ", start_key));
  }
  return ContinueToken{resource_version, key.substr(1)};
}

}  // namespace wisp::apimachinery
