// File: wisp/base/log.h
//
// The one logging facade. Every line carries a `component=` field so that the
// supervisor's combined stderr stays readable. The backend (spdlog) is hidden
// in log.cc to keep it out of every translation unit.
//
// Thread-safe. Never pass secrets, tokens or private keys to these functions.
#pragma once

#include <string_view>

namespace wisp::base {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Sets the minimum level written to stderr. Safe to call at any time.
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();

void Log(LogLevel level, std::string_view component, std::string_view message);

inline void LogDebug(std::string_view component, std::string_view message) {
  Log(LogLevel::kDebug, component, message);
}
inline void LogInfo(std::string_view component, std::string_view message) {
  Log(LogLevel::kInfo, component, message);
}
inline void LogWarn(std::string_view component, std::string_view message) {
  Log(LogLevel::kWarn, component, message);
}
inline void LogError(std::string_view component, std::string_view message) {
  Log(LogLevel::kError, component, message);
}

}  // namespace wisp::base
