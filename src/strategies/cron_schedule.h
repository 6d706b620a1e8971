// File: src/strategies/cron_schedule.h
//
// Standard cron schedule syntax as CronJobs accept it (robfig/cron's
// ParseStandard: five fields or a descriptor such as @hourly or @every 1h).
// Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wisp::strategies {

// nullopt when `schedule` parses; otherwise the parser's error message.
std::optional<std::string> CronScheduleError(std::string_view schedule);

}  // namespace wisp::strategies
