#include "supervisor/output_capture.h"

#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "wisp/base/strings.h"

namespace wisp::supervisor {
namespace {

// Best effort: a full or closed stderr must not stall or fail the child's log.
void WriteBestEffort(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

OutputCapture::OutputCapture(std::string name, LogWriter& log, int copy_fd)
    : prefix_(base::StrCat("[", name, "] ")), log_(log), copy_fd_(copy_fd) {}

absl::Status OutputCapture::Feed(std::string_view chunk) {
  absl::Status result;
  while (!chunk.empty()) {
    if (size_t last_nl = chunk.rfind('\n'); last_nl != std::string_view::npos) {
      // Every complete line of the chunk goes out in one batch.
      pending_.append(chunk.substr(0, last_nl + 1));
      chunk.remove_prefix(last_nl + 1);
    } else {
      size_t room = kMaxLineBytes - pending_.size();  // Invariant: > 0 between calls.
      if (chunk.size() < room) {
        pending_.append(chunk);
        break;
      }
      pending_.append(chunk.substr(0, room));
      chunk.remove_prefix(room);
      pending_.push_back('\n');  // Cut a runaway line.
    }
    absl::Status st = Emit(pending_);
    if (result.ok()) result = st;
    pending_.clear();
  }
  return result;
}

absl::Status OutputCapture::Flush() {
  if (pending_.empty()) return absl::OkStatus();
  pending_.push_back('\n');
  absl::Status st = Emit(pending_);
  pending_.clear();
  return st;
}

absl::Status OutputCapture::Emit(std::string_view lines) {
  absl::Status st = log_.WriteLines(lines);
  if (copy_fd_ < 0) return st;
  // Writes of whole lines up to PIPE_BUF bytes stay atomic on a pipe, so the
  // copy never tears a line of another writer (our own log lines) or its own.
  std::string copy;
  while (!lines.empty()) {
    size_t nl = lines.find('\n');
    std::string_view line = lines.substr(0, nl + 1);
    lines.remove_prefix(nl + 1);
    if (!copy.empty() && copy.size() + prefix_.size() + line.size() > PIPE_BUF) {
      WriteBestEffort(copy_fd_, copy);
      copy.clear();
    }
    copy.append(prefix_);
    copy.append(line);
  }
  WriteBestEffort(copy_fd_, copy);
  return st;
}

}  // namespace wisp::supervisor
