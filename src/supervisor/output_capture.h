// File: src/supervisor/output_capture.h
//
// Turns a child's raw output stream into lines: each complete line goes to the
// component's log file and, optionally, to a "[name] line" copy on another fd
// (the supervisor's stderr). A trailing partial line is held until its newline
// arrives or Flush() (the child exited); a line longer than kMaxLineBytes is
// cut so one runaway writer cannot grow memory without bound.
//
// Not thread-safe: one supervisor's monitor thread owns it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "supervisor/log_writer.h"

namespace wisp::supervisor {

class OutputCapture {
 public:
  static constexpr size_t kMaxLineBytes = 16 << 10;

  // `copy_fd` < 0 disables the prefixed copy. The fd is not owned.
  OutputCapture(std::string name, LogWriter& log, int copy_fd);

  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;

  // Consumes a chunk of output. Returns the log file's write error, if any;
  // the copy is best effort.
  absl::Status Feed(std::string_view chunk);

  // Emits a pending partial line, newline-terminated.
  absl::Status Flush();

 private:
  absl::Status Emit(std::string_view lines);

  const std::string prefix_;
  LogWriter& log_;
  const int copy_fd_;
  std::string pending_;  // Output after the last newline.
};

}  // namespace wisp::supervisor
