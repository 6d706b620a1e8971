// File: src/apimachinery/quantity.cc
#include "wisp/apimachinery/quantity.h"

#include <cmath>
#include <iterator>
#include <string>

#include "wisp/base/strings.h"

namespace wisp::apimachinery {
namespace {

// The suffix's multiplier, or 0 if it is not one.
long double Multiplier(std::string_view suffix) {
  struct Entry {
    std::string_view suffix;
    long double mult;
  };
  static constexpr Entry kSuffixes[] = {
      {"", 1},
      {"m", 1e-3},
      {"k", 1e3},
      {"M", 1e6},
      {"G", 1e9},
      {"T", 1e12},
      {"P", 1e15},
      {"E", 1e18},
      {"Ki", 1024.0L},
      {"Mi", 1048576.0L},
      {"Gi", 1073741824.0L},
      {"Ti", 1099511627776.0L},
      {"Pi", 1125899906842624.0L},
      {"Ei", 1152921504606846976.0L},
      {"n", 1e-9},
      {"u", 1e-6},
  };
  for (const Entry& e : kSuffixes) {
    if (e.suffix == suffix) return e.mult;
  }
  return 0;
}

absl::StatusOr<long double> Parse(std::string_view s) {
  std::string text(s);
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
    ++i;
  }
  if (i == 0 || (i == 1 && !std::isdigit(static_cast<unsigned char>(text[0])))) {
    return absl::InvalidArgumentError(base::StrCat("quantity \"", s, "\" has no number"));
  }
  long double number = std::strtold(text.substr(0, i).c_str(), nullptr);
  std::string_view suffix = std::string_view(text).substr(i);
  if (!suffix.empty() && (suffix[0] == 'e' || suffix[0] == 'E') && suffix.size() > 1) {
    return number * std::pow(10.0L, std::strtold(std::string(suffix.substr(1)).c_str(), nullptr));
  }
  long double mult = Multiplier(suffix);
  if (mult == 0) {
    return absl::InvalidArgumentError(
        base::StrCat("quantity \"", s, "\" has unknown suffix \"", suffix, "\""));
  }
  if (number < 0) {
    return absl::InvalidArgumentError(base::StrCat("quantity \"", s, "\" is negative"));
  }
  return number * mult;
}

}  // namespace

absl::StatusOr<int64_t> ParseMilliQuantity(std::string_view s) {
  absl::StatusOr<long double> v = Parse(s);
  if (!v.ok()) return v.status();
  return static_cast<int64_t>(std::ceil(*v * 1000 - 1e-9L));
}

absl::StatusOr<int64_t> ParseQuantity(std::string_view s) {
  absl::StatusOr<long double> v = Parse(s);
  if (!v.ok()) return v.status();
  return static_cast<int64_t>(std::ceil(*v - 1e-9L));
}

bool IsBinaryQuantity(std::string_view s) { return s.size() >= 2 && s.back() == 'i'; }

std::string FormatMilliQuantity(int64_t milli, bool binary) {
  if (milli == 0) return "0";
  const std::string sign = milli < 0 ? "-" : "";
  uint64_t v = milli < 0 ? 0 - static_cast<uint64_t>(milli) : static_cast<uint64_t>(milli);
  if (v % 1000 != 0) return base::StrCat(sign, v, "m");
  v /= 1000;
  static constexpr const char* kDecimal[] = {"", "k", "M", "G", "T", "P", "E"};
  static constexpr const char* kBinary[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  const uint64_t base = binary ? 1024 : 1000;
  size_t exp = 0;
  while (exp + 1 < std::size(kDecimal) && v % base == 0) {
    v /= base;
    ++exp;
  }
  return base::StrCat(sign, v, binary ? kBinary[exp] : kDecimal[exp]);
}

}  // namespace wisp::apimachinery
