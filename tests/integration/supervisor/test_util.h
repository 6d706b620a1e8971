// File: tests/integration/supervisor/test_util.h
//
// Helpers for the supervisor integration tests: temp dirs, waiting on a
// condition with a deadline, spawning helper processes, and a guard that
// kills every process a test knows about even when an assertion fails.
// Not thread-safe.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "supervisor/pid_file.h"
#include "wisp/base/files.h"

namespace wisp::supervisor::testing {

using std::chrono::milliseconds;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/wisp-sup-XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Polls `condition` every few milliseconds until it holds or `timeout` passes.
inline bool WaitFor(const std::function<bool()>& condition,
                    milliseconds timeout = milliseconds(10000)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(milliseconds(10));
  }
  return true;
}

inline std::string ReadOr(const std::string& path, const std::string& fallback = "") {
  absl::StatusOr<std::string> data = base::ReadFile(path);
  return data.ok() ? *data : fallback;
}

inline std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(ReadOr(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Alive means running: a zombie (exited, not yet reaped by whoever is its
// parent now) counts as gone.
inline bool Alive(pid_t pid) {
  absl::StatusOr<ProcStat> stat = ReadProcStat(pid);
  return stat.ok() && stat->state != 'Z' && stat->state != 'X';
}

inline uint64_t StartTime(pid_t pid) {
  absl::StatusOr<ProcStat> stat = ReadProcStat(pid);
  return stat.ok() ? stat->start_time : 0;
}

inline long long MonotonicNs() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// Forks and execs `argv`; with `new_session` the process leads its own
// session and group (like an orphan of a crashed supervisor). stdout and
// stderr go to `output_path` if given. Returns the pid (-1 on failure).
inline pid_t Spawn(const std::vector<std::string>& argv, bool new_session,
                   const std::string& output_path = "") {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int out = -1;
  if (!output_path.empty()) {
    out = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) return -1;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    if (new_session) ::setsid();
    if (out >= 0) {
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  if (out >= 0) ::close(out);
  return pid;
}

// Remembers processes a test created or learned about and SIGKILLs those
// still running (same pid *and* start time) when it goes out of scope; reaps
// the ones that are our children.
class ProcessGuard {
 public:
  ProcessGuard() = default;
  ~ProcessGuard() {
    for (const PidRecord& p : pids_) {
      if (CheckPid(p) == PidStatus::kAlive) {
        ::kill(p.pid, SIGKILL);
        ::waitpid(p.pid, nullptr, 0);  // ECHILD at once for processes that are not ours.
      } else {
        ::waitpid(p.pid, nullptr, WNOHANG);
      }
    }
  }
  ProcessGuard(const ProcessGuard&) = delete;
  ProcessGuard& operator=(const ProcessGuard&) = delete;

  pid_t Add(pid_t pid) {
    if (pid > 0) pids_.push_back({pid, StartTime(pid)});
    return pid;
  }
  // Forgets a child the test reaped itself.
  void Forget(pid_t pid) {
    std::erase_if(pids_, [pid](const PidRecord& p) { return p.pid == pid; });
  }

 private:
  std::vector<PidRecord> pids_;
};

// Waits (up to `timeout`) for our child `pid` to exit; returns its wait
// status, or -1 if it is still running (then it is killed and reaped).
inline int WaitExit(pid_t pid, milliseconds timeout = milliseconds(10000)) {
  int status = 0;
  bool exited = WaitFor([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, timeout);
  if (exited) return status;
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

}  // namespace wisp::supervisor::testing
