// File: src/supervisor/child_process.h
//
// Starts one child the way the supervisor contract needs it: own process
// group, PR_SET_PDEATHSIG(SIGKILL), stdout+stderr into one pipe, stdin from
// /dev/null, every other fd closed, default signal handling, the merged
// environment. Exec failures are reported back through a close-on-exec pipe,
// so the caller learns "no such file" instead of seeing an exit code 127.
//
// Thread-safe, but see LaunchChild's REQUIRES.
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "absl/status/statusor.h"
#include "supervisor/unique_fd.h"
#include "wisp/supervisor/process_supervisor.h"

namespace wisp::supervisor {

struct Child {
  pid_t pid = -1;           // Also the child's process group id.
  UniqueFd pidfd;           // Readable once the child has exited.
  UniqueFd output;          // Non-blocking read end of the child's stdout+stderr.
  uint64_t start_time = 0;  // /proc/<pid>/stat field 22, for the pid file.
};

// Forks and execs spec.argv; returns once the exec succeeded. The caller
// must reap the child (waitpid) after its pidfd turns readable.
// REQUIRES: the calling thread lives as long as the child should: the
// kernel's parent-death signal fires when the forking *thread* exits.
absl::StatusOr<Child> LaunchChild(const ProcessSpec& spec);

}  // namespace wisp::supervisor
