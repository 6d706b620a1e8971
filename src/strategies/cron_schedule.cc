// A validating parser for standard cron schedules (messages as robfig/cron).
#include "strategies/cron_schedule.h"

#include <array>
#include <cctype>
#include <charconv>
#include <fstream>
#include <vector>

#include "strategies/json_util.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

struct Bounds {
  int min, max;
  std::vector<std::string_view> names;  // names[i] means min + i
};

std::optional<std::string> ParseInt(std::string_view expr, const Bounds& b, int& out) {
  for (size_t i = 0; i < b.names.size(); ++i) {
    std::string lower;
    for (char c : expr) lower.push_back(static_cast<char>(std::tolower(c)));
    if (lower == b.names[i]) {
      out = b.min + static_cast<int>(i);
      return std::nullopt;
    }
  }
  auto res = std::from_chars(expr.data(), expr.data() + expr.size(), out);
  if (expr.empty() || res.ec != std::errc() || res.ptr != expr.data() + expr.size()) {
    return base::StrCat("failed to parse int from ", expr, ": strconv.Atoi: parsing \"", expr,
                        "\": invalid syntax");
  }
  if (out < 0) return base::StrCat("negative number (", out, ") not allowed: ", expr);
  return std::nullopt;
}

std::optional<std::string> ParseRange(std::string_view expr, const Bounds& b) {
  std::vector<std::string_view> step_parts = SplitOn(expr, '/');
  if (step_parts.size() > 2) return base::StrCat("too many slashes: ", expr);
  std::vector<std::string_view> range = SplitOn(step_parts[0], '-');
  if (range.size() > 2) return base::StrCat("too many hyphens: ", expr);
  int start = b.min, end = b.max;
  bool star = range[0] == "*" || range[0] == "?";
  if (!star) {
    if (auto err = ParseInt(range[0], b, start)) return err;
    end = start;
    if (range.size() == 2) {
      if (auto err = ParseInt(range[1], b, end)) return err;
    }
  }
  if (step_parts.size() == 2) {
    int step = 0;
    if (auto err = ParseInt(step_parts[1], Bounds{b.min, b.max, {}}, step)) {
      return err;
    }
    if (step == 0) return base::StrCat("step of range should be a positive number: ", expr);
    if (!star && range.size() == 1) end = b.max;
  }
  if (start < b.min) {
    return base::StrCat("beginning of range (", start, ") below minimum (", b.min, "): ", expr);
  }
  if (end > b.max) {
    return base::StrCat("end of range (", end, ") above maximum (", b.max, "): ", expr);
  }
  if (start > end) {
    return base::StrCat("beginning of range (", start, ") beyond end of range (", end, "): ", expr);
  }
  return std::nullopt;
}

std::optional<std::string> ParseDescriptor(std::string_view s) {
  for (std::string_view d :
       {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}) {
    if (s == d) return std::nullopt;
  }
  constexpr std::string_view kEvery = "@every ";
  if (s.substr(0, kEvery.size()) == kEvery) {
    std::string_view d = s.substr(kEvery.size());
    bool ok = !d.empty() && std::isdigit(static_cast<unsigned char>(d[0]));
    for (char c : d)
      ok = ok && (std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
                  std::string_view("hmsun").find(c) != std::string_view::npos);
    if (ok) return std::nullopt;
    return base::StrCat("failed to parse duration ", s, ": time: invalid duration \"", d, "\"");
  }
  return base::StrCat("unrecognized descriptor: ", s);
}

}  // namespace

std::optional<std::string> TimeZoneError(std::string_view name, std::string_view zoneinfo_dir) {
  if (name.empty() || name == "UTC" || name == "Local") return std::nullopt;
  if (name.find("..") != std::string_view::npos || name[0] == '/' || name[0] == '\\') {
    return "time: invalid location name";
  }
  // A zone is a TZif file; directories and other files fail to load. (Go
  // words some of those failures differently; all are refused.)
  std::ifstream file(base::StrCat(zoneinfo_dir, "/", name), std::ios::binary);
  char magic[4] = {};
  if (file && file.read(magic, sizeof(magic)) && std::string_view(magic, 4) == "TZif") {
    return std::nullopt;
  }
  return base::StrCat("unknown time zone ", name);
}

std::optional<std::string> CronScheduleError(std::string_view schedule,
                                             std::string_view zoneinfo_dir) {
  if (schedule.empty()) return "empty spec string";
  if (schedule.starts_with("TZ=") || schedule.starts_with("CRON_TZ=")) {
    size_t space = schedule.find(' ');
    // robfig/cron panics on a prefix without a space (a 500 upstream);
    // the TZ rule of CronJob validation still refuses it.
    if (space == std::string_view::npos) return std::nullopt;
    size_t eq = schedule.find('=');
    std::string_view zone = schedule.substr(eq + 1, space - eq - 1);
    if (std::optional<std::string> err = TimeZoneError(zone, zoneinfo_dir)) {
      return base::StrCat("provided bad location ", zone, ": ", *err);
    }
    schedule = schedule.substr(space);
    while (!schedule.empty() && std::isspace(static_cast<unsigned char>(schedule.front()))) {
      schedule.remove_prefix(1);
    }
    while (!schedule.empty() && std::isspace(static_cast<unsigned char>(schedule.back()))) {
      schedule.remove_suffix(1);
    }
  }
  if (!schedule.empty() && schedule[0] == '@') return ParseDescriptor(schedule);
  std::vector<std::string_view> fields;
  for (std::string_view f : SplitOn(schedule, ' ')) {
    if (!f.empty()) fields.push_back(f);
  }
  if (fields.size() != 5) {
    std::string list;
    for (size_t i = 0; i < fields.size(); ++i) list += base::StrCat(i ? " " : "", fields[i]);
    return base::StrCat("expected exactly 5 fields, found ", fields.size(), ": [", list, "]");
  }
  static const std::array<Bounds, 5> kBounds = {
      Bounds{0, 59, {}},
      Bounds{0, 23, {}},
      Bounds{1, 31, {}},
      Bounds{1,
             12,
             {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
      Bounds{0, 6, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
  };
  for (size_t i = 0; i < 5; ++i) {
    for (std::string_view part : SplitOn(fields[i], ',')) {
      if (auto err = ParseRange(part, kBounds[i])) return err;
    }
  }
  return std::nullopt;
}

}  // namespace wisp::strategies
