// File: src/supervisor/pid_file.h
//
// Pid files that survive pid reuse. A pid file holds "<pid> <start_time>\n",
// where start_time is field 22 of /proc/<pid>/stat (clock ticks since boot).
// A pid alone cannot tell our old child from an unrelated process that got
// the same number later; the pair can.
//
// Functions are thread-safe (they share no state).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wisp::supervisor {

struct PidRecord {
  pid_t pid = 0;
  uint64_t start_time = 0;  // Ticks since boot, /proc/<pid>/stat field 22.

  bool operator==(const PidRecord&) const = default;
};

// "<pid> <start_time>\n".
std::string FormatPidRecord(const PidRecord& record);
// Inverse of FormatPidRecord; InvalidArgument on anything else.
absl::StatusOr<PidRecord> ParsePidRecord(std::string_view text);

// Atomic write (temp file + rename), so a reader never sees half a record.
absl::Status WritePidFile(const std::string& path, const PidRecord& record);
// NotFound if the file does not exist.
absl::StatusOr<PidRecord> ReadPidFile(const std::string& path);

// The fields of /proc/<pid>/stat the supervisor needs.
struct ProcStat {
  char state = '?';  // R, S, D, Z (zombie), X (dead), ...
  pid_t pgrp = 0;    // Field 5: process group.
  uint64_t start_time = 0;
};

// Parses one /proc/<pid>/stat line. The command name (field 2) may contain
// spaces and parentheses; it ends at the last ')'.
absl::StatusOr<ProcStat> ParseProcStat(std::string_view line);
// NotFound if no such process exists.
absl::StatusOr<ProcStat> ReadProcStat(pid_t pid);

enum class PidStatus {
  kDead,      // No such process, or only a zombie is left of it.
  kAlive,     // The recorded process is still running.
  kRecycled,  // The pid now belongs to another process (or cannot be checked).
};

// Decides what `record` refers to now. Anything uncertain is kRecycled, the
// answer that leaves the process alone.
PidStatus CheckPid(const PidRecord& record);

}  // namespace wisp::supervisor
