// File: src/supervisor/orphan.h
//
// Cleanup after a supervisor that died without stopping its child (kill -9,
// OOM, power loss of the parent only). The child normally dies with it
// (PR_SET_PDEATHSIG), but a child that was mid-exec, a stopped one, or one
// started by an older binary may survive; its pid file tells where it is.
//
// Thread-safe (no shared state), but blocks for up to the grace period.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace wisp::supervisor {

enum class OrphanOutcome {
  kNoPidFile,    // Nothing recorded.
  kAlreadyDead,  // The recorded process is gone.
  kRecycled,     // The pid belongs to another process now; it was left alone.
  kUnreadable,   // The pid file was garbage; nothing was killed.
  kKilled,       // The recorded process (and its group) was terminated.
};

// Reads `pid_file`; if it names a process that is still the recorded one
// (same start time), sends SIGTERM to its process group, waits up to `grace`,
// then SIGKILLs what is left of the group. Removes the pid file in every case
// but an error. Errors: the kill was refused (e.g. PermissionDenied).
absl::StatusOr<OrphanOutcome> KillOrphan(const std::string& pid_file,
                                         std::chrono::milliseconds grace);

// SIGKILLs every live process whose process group is `pgid` and that
// started no later than `born_by` (clock ticks since boot, as in
// /proc/<pid>/stat), so that a group id recycled after `born_by` is spared.
void KillGroupMembers(pid_t pgid, uint64_t born_by);

// The current time in /proc/<pid>/stat start-time units.
uint64_t BootTicksNow();

}  // namespace wisp::supervisor
