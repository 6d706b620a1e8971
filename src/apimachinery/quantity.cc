// File: src/apimachinery/quantity.cc
#include "wisp/apimachinery/quantity.h"

#include <algorithm>
#include <climits>
#include <iterator>
#include <string>

#include "wisp/base/strings.h"

namespace wisp::apimachinery {
namespace {

using Int = __int128;
constexpr Int kMax = static_cast<Int>(INT64_MAX);

// Upstream decodes a quantity's text with surrounding space trimmed.
std::string_view Trim(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t\n\r\f\v");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\n\r\f\v") - first + 1);
}

// The named suffixes: a power of ten, or of 1024.
struct Suffix {
  std::string_view suffix;
  int exp10, exp2;
};
constexpr Suffix kSuffixes[] = {
    {"", 0, 0},   {"n", -9, 0}, {"u", -6, 0}, {"m", -3, 0}, {"k", 3, 0},  {"M", 6, 0},
    {"G", 9, 0},  {"T", 12, 0}, {"P", 15, 0}, {"E", 18, 0}, {"Ki", 0, 1}, {"Mi", 0, 2},
    {"Gi", 0, 3}, {"Ti", 0, 4}, {"Pi", 0, 5}, {"Ei", 0, 6},
};

// A parsed quantity: digits * 10^exp10 * 1024^exp2 (exact).
struct Parsed {
  bool negative = false;
  Int digits = 0;
  int exp10 = 0;
  int exp2 = 0;  // in units of 1024
};

absl::StatusOr<Parsed> Parse(std::string_view s, bool allow_negative) {
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(base::StrCat("quantity \"", s, "\" ", why));
  };
  size_t i = 0;
  Parsed p;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    if (s[i] == '-' && !allow_negative) return bad("is negative");
    p.negative = s[i] == '-';
    ++i;
  }
  bool point = false;
  int significant = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (p.digits == 0 && c == '0') {
      if (point) --p.exp10;
      continue;
    }
    if (significant >= 30) {  // more digits than any int64 result needs: keep the scale
      if (!point) ++p.exp10;
      continue;
    }
    p.digits = p.digits * 10 + (c - '0');
    ++significant;
    if (point) --p.exp10;
  }
  if (s.empty()) return bad("is empty");  // without digits ("Gi", ".") it is zero
  std::string_view suffix = s.substr(i);
  if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    // A decimal exponent ("1e3", "5E-2"); "E" alone is exa, "Ei" exbi.
    size_t j = 1;
    bool negative = false;
    if (suffix[j] == '+' || suffix[j] == '-') negative = suffix[j++] == '-';
    int exp = 0;
    bool digits = false;
    for (; j < suffix.size() && suffix[j] >= '0' && suffix[j] <= '9'; ++j) {
      digits = true;
      exp = std::min(exp * 10 + (suffix[j] - '0'), 1000);
    }
    if (digits && j == suffix.size()) {
      p.exp10 += negative ? -exp : exp;
      return p;
    }
  }
  for (const Suffix& e : kSuffixes) {
    if (e.suffix == suffix) {
      p.exp10 += e.exp10;
      p.exp2 = e.exp2;
      return p;
    }
  }
  return bad(base::StrCat("has unknown suffix \"", suffix, "\""));
}

// The parsed value times 10^scale, rounded up; OUT_OF_RANGE past int64.
absl::StatusOr<int64_t> Scaled(std::string_view s, int scale, bool allow_negative = false) {
  s = Trim(s);
  absl::StatusOr<Parsed> p = Parse(s, allow_negative);
  if (!p.ok()) return p.status();
  auto too_big = [&] {
    return absl::OutOfRangeError(base::StrCat("quantity \"", s, "\" is too large"));
  };
  Int v = p->digits;
  if (v == 0) return 0;
  for (int k = 0; k < p->exp2; ++k) {
    v *= 1024;
    if (v > kMax * 1000) return too_big();
  }
  int exp = p->exp10 + scale;
  for (; exp > 0; --exp) {
    v *= 10;
    if (v > kMax) return too_big();
  }
  for (; exp < 0; ++exp) v = (v + 9) / 10;  // ceil(ceil(v/10)/10) = ceil(v/100)
  if (v > kMax) return too_big();
  return p->negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
}

}  // namespace

absl::StatusOr<int64_t> ParseMilliQuantity(std::string_view s) { return Scaled(s, 3); }

absl::StatusOr<int64_t> ParseQuantity(std::string_view s) { return Scaled(s, 0); }

absl::StatusOr<int64_t> ParseSignedMilliQuantity(std::string_view s) { return Scaled(s, 3, true); }

absl::Status CheckQuantitySyntax(std::string_view s) {
  // Upstream's parseQuantityString on the trimmed text: sign, digits,
  // optional fraction, then a suffix of [eEinumkKMGTP] characters optionally
  // followed by a signed decimal exponent; the suffix must then be a known
  // one. Digits may be missing altogether ("Gi" is zero).
  static constexpr const char* kFormat =
      "quantities must match the regular expression "
      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  s = Trim(s);
  if (s.empty()) return absl::InvalidArgumentError(kFormat);
  auto digit = [&](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  while (i < s.size() && digit(i)) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && digit(i)) ++i;
  }
  const std::string_view suffix = s.substr(i);
  while (i < s.size() && std::string_view("eEinumkKMGTP").find(s[i]) != std::string_view::npos) {
    ++i;
  }
  if (i < s.size()) {
    if (s[i] == '+' || s[i] == '-') ++i;
    while (i < s.size() && digit(i)) ++i;
    if (i < s.size()) return absl::InvalidArgumentError(kFormat);
  }
  for (const Suffix& known : kSuffixes) {
    if (suffix == known.suffix) return absl::OkStatus();
  }
  // A decimal exponent: e or E, an optional sign, digits.
  size_t j = 1;
  if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    if (suffix[j] == '+' || suffix[j] == '-') ++j;
    const bool digits = j < suffix.size();
    while (j < suffix.size() && suffix[j] >= '0' && suffix[j] <= '9') ++j;
    if (digits && j == suffix.size()) return absl::OkStatus();
  }
  return absl::InvalidArgumentError("unable to parse quantity's suffix");
}

std::string CanonicalQuantity(std::string_view s) {
  absl::StatusOr<int64_t> milli = ParseSignedMilliQuantity(s);
  if (!milli.ok()) return std::string(s);
  return FormatMilliQuantity(*milli, IsBinaryQuantity(s));
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
  // Upstream prints binary quantities below 1024 in decimal SI.
  if (v < 1024) binary = false;
  const uint64_t base = binary ? 1024 : 1000;
  size_t exp = 0;
  while (exp + 1 < std::size(kDecimal) && v % base == 0) {
    v /= base;
    ++exp;
  }
  return base::StrCat(sign, v, binary ? kBinary[exp] : kDecimal[exp]);
}

}  // namespace wisp::apimachinery
