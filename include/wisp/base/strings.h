// File: wisp/base/strings.h
//
// String building that accepts both std::string_view and absl::string_view.
// Debian's Abseil is built with its own absl::string_view (not an alias of
// std::string_view), so absl::StrCat rejects std::string_view arguments; use
// base::StrCat throughout wisp instead.
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace wisp::base {

inline std::string_view ToStd(absl::string_view s) { return {s.data(), s.size()}; }

// Double-quotes `s` for messages, escaping quotes, backslashes and control
// characters, so that odd input never breaks a one-line message.
std::string Quote(std::string_view s);

namespace internal {

inline void Append(std::string& out, std::string_view s) { out.append(s); }
inline void Append(std::string& out, absl::string_view s) { out.append(s.data(), s.size()); }
inline void Append(std::string& out, const char* s) { out.append(s); }
inline void Append(std::string& out, const std::string& s) { out.append(s); }
inline void Append(std::string& out, char c) { out.push_back(c); }
inline void Append(std::string& out, bool b) { out.append(b ? "true" : "false"); }
template <std::integral T>
requires(!std::same_as<T, char> && !std::same_as<T, bool>) void Append(std::string& out, T v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}
inline void Append(std::string& out, double v) { out.append(std::to_string(v)); }

}  // namespace internal

template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (internal::Append(out, args), ...);
  return out;
}

}  // namespace wisp::base
