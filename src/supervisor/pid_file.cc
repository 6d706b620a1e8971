#include "supervisor/pid_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <vector>

#include "supervisor/unique_fd.h"
#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::supervisor {
namespace {

template <typename T>
bool ParseNumber(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto res = std::from_chars(s.data(), s.data() + s.size(), out);
  return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

// Splits on single spaces; /proc stat fields never contain empty ones.
std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    size_t sp = s.find(' ');
    out.push_back(s.substr(0, sp));
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  return out;
}

}  // namespace

std::string FormatPidRecord(const PidRecord& record) {
  return base::StrCat(record.pid, " ", record.start_time, "\n");
}

absl::StatusOr<PidRecord> ParsePidRecord(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  std::vector<std::string_view> fields = SplitSpaces(text);
  PidRecord record;
  if (fields.size() != 2 || !ParseNumber(fields[0], record.pid) || record.pid <= 0 ||
      !ParseNumber(fields[1], record.start_time)) {
    return absl::InvalidArgumentError(
        base::StrCat("pid file: want \"<pid> <start_time>\", got \"", text, "\""));
  }
  return record;
}

absl::Status WritePidFile(const std::string& path, const PidRecord& record) {
  return base::WriteFileAtomic(path, FormatPidRecord(record), 0644);
}

absl::StatusOr<PidRecord> ReadPidFile(const std::string& path) {
  absl::StatusOr<std::string> text = base::ReadFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<PidRecord> record = ParsePidRecord(*text);
  if (!record.ok()) {
    return absl::InvalidArgumentError(
        base::StrCat(path, ": ", base::ToStd(record.status().message())));
  }
  return record;
}

absl::StatusOr<ProcStat> ParseProcStat(std::string_view line) {
  size_t close = line.rfind(')');
  if (close == std::string_view::npos || close + 2 > line.size()) {
    return absl::InvalidArgumentError("proc stat: no command name");
  }
  // After ") " come fields 3 (state), 4 (ppid), 5 (pgrp), ... 22 (starttime).
  std::vector<std::string_view> rest = SplitSpaces(line.substr(close + 2));
  ProcStat stat;
  constexpr size_t kStartTime = 22 - 3;
  constexpr size_t kPgrp = 5 - 3;
  if (rest.size() <= kStartTime || rest[0].size() != 1 || !ParseNumber(rest[kPgrp], stat.pgrp) ||
      !ParseNumber(rest[kStartTime], stat.start_time)) {
    return absl::InvalidArgumentError("proc stat: malformed fields");
  }
  stat.state = rest[0][0];
  return stat;
}

absl::StatusOr<ProcStat> ReadProcStat(pid_t pid) {
  const std::string path = base::StrCat("/proc/", pid, "/stat");
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  // ENOENT: no such process; ESRCH: it exited between open and read.
  if (!fd) {
    if (errno == ENOENT) return absl::NotFoundError(base::StrCat("no process ", pid));
    return base::ErrnoStatus(base::StrCat("open ", path));
  }
  char buf[1024];  // A stat line is a few hundred bytes; the command name is short.
  ssize_t n;
  do {
    n = ::read(fd.get(), buf, sizeof buf);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == ESRCH) return absl::NotFoundError(base::StrCat("no process ", pid));
    return base::ErrnoStatus(base::StrCat("read ", path));
  }
  return ParseProcStat(std::string_view(buf, static_cast<size_t>(n)));
}

PidStatus CheckPid(const PidRecord& record) {
  absl::StatusOr<ProcStat> stat = ReadProcStat(record.pid);
  if (absl::IsNotFound(stat.status())) return PidStatus::kDead;
  if (!stat.ok() || stat->start_time != record.start_time) return PidStatus::kRecycled;
  if (stat->state == 'Z' || stat->state == 'X') return PidStatus::kDead;
  return PidStatus::kAlive;
}

}  // namespace wisp::supervisor
