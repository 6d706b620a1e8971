// File: src/supervisor/log_writer.h
//
// Appends whole lines to one log file and rotates it by size:
//
//   name.log ─full─► name.log.1 ─► name.log.2 ─► … ─► name.log.N ─► deleted
//
// A rotation never splits a line: lines that would push the live file past
// `max_bytes` go to a fresh file. A single line longer than `max_bytes` is
// written on its own. Existing content counts toward the limit, so a
// restarted supervisor continues where the last one stopped.
//
// Not thread-safe: one supervisor's monitor thread owns it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "supervisor/unique_fd.h"

namespace wisp::supervisor {

class LogWriter {
 public:
  // REQUIRES: max_bytes > 0, max_files >= 0 (0 keeps only the live file).
  LogWriter(std::string path, uint64_t max_bytes, int max_files);

  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;

  // Appends `lines`, which must be empty or end with '\n'. Opens (creating)
  // the file on first use.
  absl::Status WriteLines(std::string_view lines);

  // Closes the file; the next WriteLines reopens it.
  void Close() { fd_.Reset(); }

  const std::string& path() const { return path_; }

 private:
  absl::Status OpenIfNeeded();
  absl::Status Append(std::string_view data);
  absl::Status Rotate();
  std::string RotatedPath(int index) const;

  const std::string path_;
  const uint64_t max_bytes_;
  const int max_files_;
  UniqueFd fd_;
  uint64_t size_ = 0;  // Bytes in the live file.
};

}  // namespace wisp::supervisor
