// File: src/apimachinery/go_time.cc
//
// A transcription of the behaviour (not the code) of Go's time.Parse for
// the two layouts Kubernetes uses: the layout is walked chunk by chunk
// (literal prefix, then a standard element), and the first chunk the value
// does not fit names the error, as Go's ParseError does.
#include "wisp/apimachinery/go_time.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "absl/status/status.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery {
namespace {

constexpr std::string_view kLayout = "2006-01-02T15:04:05Z07:00";
constexpr std::string_view kMicroLayout = "2006-01-02T15:04:05.000000Z07:00";

enum class Elem { kYear, kMonth, kDay, kHour, kMinute, kSecond, kMicros, kZone };

struct Chunk {
  std::string_view prefix;
  std::string_view layout;  // the element as the layout spells it
  Elem elem;
};

constexpr std::array<Chunk, 7> kChunks = {{{"", "2006", Elem::kYear},
                                           {"-", "01", Elem::kMonth},
                                           {"-", "02", Elem::kDay},
                                           {"T", "15", Elem::kHour},
                                           {":", "04", Elem::kMinute},
                                           {":", "05", Elem::kSecond},
                                           {"", "Z07:00", Elem::kZone}}};

std::string Quote(std::string_view s) { return base::StrCat("\"", s, "\""); }

bool Digit(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// Go's getnum: one or two digits (exactly two when `fixed`).
bool GetNum(std::string_view& s, bool fixed, int* out) {
  if (!Digit(s, 0)) return false;
  if (!Digit(s, 1)) {
    if (fixed) return false;
    *out = s[0] - '0';
    s.remove_prefix(1);
    return true;
  }
  *out = (s[0] - '0') * 10 + (s[1] - '0');
  s.remove_prefix(2);
  return true;
}

// Fraction ".ddd" of `n` bytes (dot included) as nanoseconds.
bool Nanos(std::string_view s, size_t n, int32_t* out) {
  if (n < 2 || s.size() < n || (s[0] != '.' && s[0] != ',')) return false;
  int64_t ns = 0;
  size_t digits = 0;
  for (size_t i = 1; i < n; ++i) {
    if (!Digit(s, i)) return false;
    if (digits < 9) {
      ns = ns * 10 + (s[i] - '0');
      ++digits;
    }
  }
  for (; digits < 9; ++digits) ns *= 10;
  *out = static_cast<int32_t>(ns);
  return true;
}

int DaysIn(int month, int64_t year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

}  // namespace

bool IsMicroTimeDefinition(std::string_view name) {
  constexpr std::string_view kSuffix = ".MicroTime";
  return name.size() >= kSuffix.size() && name.substr(name.size() - kSuffix.size()) == kSuffix;
}

absl::StatusOr<GoTime> ParseGoTime(std::string_view value, bool micro) {
  const std::string_view layout = micro ? kMicroLayout : kLayout;
  const std::string head = base::StrCat("parsing time ", Quote(value));
  auto cannot = [&](std::string_view rest, std::string_view elem) {
    return absl::InvalidArgumentError(base::StrCat(head, " as ", Quote(layout), ": cannot parse ",
                                                   Quote(rest), " as ", Quote(elem)));
  };
  auto message = [&](std::string_view what) {
    return absl::InvalidArgumentError(base::StrCat(head, what));
  };
  std::string_view v = value;
  int64_t year = 0;
  int month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int32_t nanos = 0;
  int64_t offset = 0;
  for (const Chunk& chunk : kChunks) {
    for (char c : chunk.prefix) {
      if (v.empty() || v[0] != c) return cannot(v, chunk.prefix);
      v.remove_prefix(1);
    }
    if (micro && chunk.elem == Elem::kZone) {
      // The layout's ".000000" before the zone: exactly six digits.
      if (!Nanos(v, 7, &nanos)) return cannot(v, ".000000");
      v.remove_prefix(7);
    }
    const std::string_view hold = v;
    std::string_view range;
    bool ok = true;
    switch (chunk.elem) {
      case Elem::kYear:
        ok = v.size() >= 4 && Digit(v, 0) && Digit(v, 1) && Digit(v, 2) && Digit(v, 3);
        if (ok) {
          year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
          v.remove_prefix(4);
        }
        break;
      case Elem::kMonth:
        ok = GetNum(v, true, &month);
        if (ok && (month < 1 || month > 12)) range = "month";
        break;
      case Elem::kDay:
        ok = GetNum(v, true, &day);
        break;
      case Elem::kHour:
        ok = GetNum(v, false, &hour);
        if (ok && hour >= 24) range = "hour";
        break;
      case Elem::kMinute:
        ok = GetNum(v, true, &minute);
        if (ok && minute >= 60) range = "minute";
        break;
      case Elem::kSecond:
        ok = GetNum(v, true, &second);
        if (ok && second >= 60) range = "second";
        // A fraction the layout does not spell is still read (Time only).
        if (ok && range.empty() && !micro && v.size() >= 2 && (v[0] == '.' || v[0] == ',') &&
            Digit(v, 1)) {
          size_t n = 2;
          while (Digit(v, n)) ++n;
          Nanos(v, n, &nanos);
          v.remove_prefix(n);
        }
        break;
      case Elem::kZone: {
        if (!v.empty() && v[0] == 'Z') {
          v.remove_prefix(1);
          break;
        }
        ok = v.size() >= 6 && v[3] == ':' && (v[0] == '+' || v[0] == '-');
        int hh = 0, mm = 0;
        if (ok) {
          std::string_view h = v.substr(1, 2);
          std::string_view m = v.substr(4, 2);
          ok = GetNum(h, true, &hh) && GetNum(m, true, &mm);
        }
        if (!ok) break;
        if (hh > 24) range = "time zone offset hour";
        if (mm > 60) range = "time zone offset minute";
        offset = (hh * 60 + mm) * 60 * (v[0] == '-' ? -1 : 1);
        v.remove_prefix(6);
        break;
      }
    }
    if (!ok) return cannot(hold, chunk.layout);
    if (!range.empty()) return message(base::StrCat(": ", range, " out of range"));
  }
  if (!v.empty()) return message(base::StrCat(": extra text: ", Quote(v)));
  if (day < 1 || day > DaysIn(month, year)) return message(": day out of range");
  GoTime t;
  t.seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  t.nanos = nanos;
  return t;
}

std::string FormatGoTime(GoTime t, bool micro) {
  int64_t days = t.seconds / 86400;
  int64_t rem = t.seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y = 0;
  int m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char buf[48];
  const int hh = static_cast<int>(rem / 3600), mi = static_cast<int>(rem / 60 % 60),
            ss = static_cast<int>(rem % 60);
  if (micro) {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%06dZ",
                  static_cast<long long>(y), m, d, hh, mi, ss, t.nanos / 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                  d, hh, mi, ss);
  }
  return buf;
}

}  // namespace wisp::apimachinery
