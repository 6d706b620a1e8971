#include "wisp/base/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

namespace wisp::base {
namespace {

std::atomic<LogLevel> g_level{LogLevel::kInfo};  // NOLINT: process-wide log threshold.

spdlog::logger& Logger() {
  // Built on first use; spdlog loggers are thread-safe (the _mt sink).
  static spdlog::logger* const kLogger = [] {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto* logger = new spdlog::logger("wisp", std::move(sink));
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    logger->set_level(spdlog::level::trace);
    logger->flush_on(spdlog::level::trace);
    return logger;
  }();
  return *kLogger;
}

spdlog::level::level_enum ToSpdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

}  // namespace

void SetLogLevel(LogLevel level) { g_level.store(level); }
LogLevel GetLogLevel() { return g_level.load(); }

void Log(LogLevel level, std::string_view component, std::string_view message) {
  if (level < g_level.load()) return;
  Logger().log(ToSpdlog(level), "component={} {}", component, message);
}

}  // namespace wisp::base
