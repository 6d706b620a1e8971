#include "supervisor/orphan.h"

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <memory>
#include <string_view>

#include "supervisor/pid_file.h"
#include "supervisor/pidfd.h"
#include "supervisor/unique_fd.h"
#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::supervisor {
namespace {

// A SIGKILLed process needs no grace, only the kernel's time to tear it down.
constexpr std::chrono::seconds kKillWait{5};

bool WaitExited(int pidfd, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd pfd{pidfd, POLLIN, 0};
    int n = ::poll(&pfd, 1, static_cast<int>(std::max<int64_t>(left.count(), 0)));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

void RemovePidFile(const std::string& path) { ::unlink(path.c_str()); }

}  // namespace

uint64_t BootTicksNow() {
  timespec ts{};
  ::clock_gettime(CLOCK_BOOTTIME, &ts);
  const uint64_t hz = static_cast<uint64_t>(::sysconf(_SC_CLK_TCK));
  return static_cast<uint64_t>(ts.tv_sec) * hz +
         static_cast<uint64_t>(ts.tv_nsec) / (1000000000 / hz);
}

void KillGroupMembers(pid_t pgid, uint64_t born_by) {
  std::unique_ptr<DIR, int (*)(DIR*)> proc(::opendir("/proc"), ::closedir);
  if (!proc) return;
  while (dirent* entry = ::readdir(proc.get())) {
    std::string_view name = entry->d_name;
    pid_t pid = 0;
    auto res = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (res.ec != std::errc() || res.ptr != name.data() + name.size() || pid <= 0) continue;
    // Pin the process first, then check it, so the signal cannot hit a
    // process that took the pid in between.
    UniqueFd pidfd(PidfdOpen(pid));
    if (!pidfd) continue;
    absl::StatusOr<ProcStat> stat = ReadProcStat(pid);
    if (!stat.ok() || stat->pgrp != pgid || stat->start_time > born_by) continue;
    PidfdSendSignal(pidfd.get(), SIGKILL);
  }
}

absl::StatusOr<OrphanOutcome> KillOrphan(const std::string& pid_file,
                                         std::chrono::milliseconds grace) {
  absl::StatusOr<PidRecord> record = ReadPidFile(pid_file);
  if (absl::IsNotFound(record.status())) return OrphanOutcome::kNoPidFile;
  if (!record.ok()) {
    RemovePidFile(pid_file);
    return OrphanOutcome::kUnreadable;
  }
  // Pin the process before checking its identity (see KillGroupMembers).
  UniqueFd pidfd(PidfdOpen(record->pid));
  if (!pidfd) {
    if (errno != ESRCH) return base::ErrnoStatus(base::StrCat("pidfd_open ", record->pid));
    RemovePidFile(pid_file);
    return OrphanOutcome::kAlreadyDead;
  }
  switch (CheckPid(*record)) {
    case PidStatus::kDead:
      RemovePidFile(pid_file);
      return OrphanOutcome::kAlreadyDead;
    case PidStatus::kRecycled:
      RemovePidFile(pid_file);
      return OrphanOutcome::kRecycled;
    case PidStatus::kAlive:
      break;
  }
  // Our children lead their own group; anything else only loses itself.
  const pid_t pid = record->pid;
  const bool leads_group = ::getpgid(pid) == pid;
  auto signal = [&](int sig) {
    return leads_group ? ::kill(-pid, sig) : PidfdSendSignal(pidfd.get(), sig);
  };
  if (signal(SIGTERM) != 0 && errno != ESRCH) {
    return base::ErrnoStatus(base::StrCat("kill orphan ", pid));
  }
  if (!WaitExited(pidfd.get(), grace)) {
    signal(SIGKILL);
    WaitExited(pidfd.get(), kKillWait);
  }
  // The leader is gone; members that outlived it still carry its group id.
  if (leads_group) KillGroupMembers(pid, BootTicksNow());
  RemovePidFile(pid_file);
  return OrphanOutcome::kKilled;
}

}  // namespace wisp::supervisor
