// File: src/kubelet/log_rotation.h
//
// Container log rotation, as upstream's kubelet does it
// (containerLogMaxSize / containerLogMaxFiles): when the CRI log file of a
// running container grows past max_size it is renamed to
// `<log>.<YYYYMMDD-hhmmss>` (UTC), the runtime is asked to reopen the log
// (ReopenContainerLog). The oldest rotated files are removed before the
// rename, so at no moment are there more than max_files files of that log
// (the live one included).
// Rotated files are kept uncompressed.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "wisp/cri/runtime.h"

namespace wisp::kubelet {

// The rotated files of `log_path` (`<log>.<stamp>`), oldest first.
std::vector<std::string> RotatedLogs(const std::string& log_path);

struct LogRotationPolicy {
  int64_t max_size = 10 * 1024 * 1024;  // Bytes; upstream's 10Mi.
  int max_files = 5;                    // At least 2.
};

class LogRotator {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  LogRotator(cri::Runtime& runtime, LogRotationPolicy policy, Clock now)
      : runtime_(runtime), policy_(policy), now_(std::move(now)) {}

  // Rotates `log_path` of the running container `container_id` if it is
  // larger than the policy allows. A missing or small log is left alone.
  // On a failed reopen the file is renamed back, so nothing is lost.
  absl::Status MaybeRotate(const std::string& container_id, const std::string& log_path);

 private:
  // Removes the oldest rotated files of `log_path` beyond the newest `keep`.
  void RemoveExcess(const std::string& log_path, size_t keep);

  cri::Runtime& runtime_;
  LogRotationPolicy policy_;
  Clock now_;
};

}  // namespace wisp::kubelet
