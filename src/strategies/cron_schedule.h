// File: src/strategies/cron_schedule.h
//
// Standard cron schedule syntax as CronJobs accept it (robfig/cron/v3's
// ParseStandard: an optional TZ=/CRON_TZ= prefix, then five fields or a
// descriptor such as @hourly or @every 1h), and time zone lookup as Go's
// time.LoadLocation does it. Stateless; thread-safe (reads the tz database).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wisp::strategies {

// Where Go's time.LoadLocation looks for zones on Linux first.
inline constexpr std::string_view kZoneInfoDir = "/usr/share/zoneinfo";

// nullopt when `schedule` parses; otherwise the parser's error message.
// A TZ=/CRON_TZ= prefix names a zone looked up under `zoneinfo_dir`.
std::optional<std::string> CronScheduleError(std::string_view schedule,
                                             std::string_view zoneinfo_dir = kZoneInfoDir);

// nullopt when time.LoadLocation(name) succeeds: "" and "UTC" are built in,
// "Local" is the server's zone, anything else must be a TZif file under
// `zoneinfo_dir`. Otherwise its error ("unknown time zone <name>").
std::optional<std::string> TimeZoneError(std::string_view name,
                                         std::string_view zoneinfo_dir = kZoneInfoDir);

}  // namespace wisp::strategies
