#include "wisp/base/duration.h"

#include <charconv>
#include <cstdint>
#include <limits>

#include "wisp/base/strings.h"

namespace wisp::base {
namespace {

constexpr int64_t kMaxSeconds = std::numeric_limits<int>::max();

absl::Status DurationError(std::string_view text, std::string_view reason) {
  return absl::InvalidArgumentError(
      base::StrCat("invalid duration ", base::Quote(text), ": ", reason));
}

int64_t UnitSeconds(char unit) {
  switch (unit) {
    case 's':
      return 1;
    case 'm':
      return 60;
    case 'h':
      return 3600;
    default:
      return 0;
  }
}

}  // namespace

absl::StatusOr<int> ParseDurationSeconds(std::string_view text) {
  constexpr std::string_view kForm =
      "use <number><unit> terms with unit s, m or h, e.g. \"30s\", "
      "\"5m\", \"1h30m\"";
  if (text.empty()) return DurationError(text, kForm);
  int64_t total = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (end == rest.data() || value < 0 || rest.front() == '+' || rest.front() == '-') {
      return DurationError(text, kForm);
    }
    if (ec == std::errc::result_out_of_range) return DurationError(text, "too long");
    rest.remove_prefix(static_cast<size_t>(end - rest.data()));
    if (rest.empty()) {
      if (total == 0 && end == text.data() + text.size()) {
        return DurationError(text, base::StrCat("missing unit; did you mean \"", text, "s\"?"));
      }
      return DurationError(text, kForm);
    }
    int64_t unit = UnitSeconds(rest.front());
    if (unit == 0) return DurationError(text, kForm);
    rest.remove_prefix(1);
    if (value > kMaxSeconds / unit || total + value * unit > kMaxSeconds) {
      return DurationError(text, "too long");
    }
    total += value * unit;
  }
  return static_cast<int>(total);
}

std::string FormatDurationSeconds(int seconds) {
  if (seconds <= 0) return base::StrCat(seconds, "s");
  std::string out;
  if (seconds >= 3600) out += base::StrCat(seconds / 3600, "h");
  if (seconds % 3600 >= 60) out += base::StrCat(seconds % 3600 / 60, "m");
  if (seconds % 60 != 0) out += base::StrCat(seconds % 60, "s");
  return out;
}

}  // namespace wisp::base
