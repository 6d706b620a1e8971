// File: wisp/supervisor/process_supervisor.h
//
// Runs one child process and keeps it running (design.md §1):
//
//   (stopped) ──Start──► spawning ──► running ──exit──► backoff ──delay──► spawning
//                           │            │                  │
//                           │            └──────Stop────────┴──► SIGTERM to the group
//                           │                                     ─grace─► SIGKILL ─► (stopped)
//                           └─ first exec fails: Start returns the error ─► (stopped)
//
// - The child gets its own process group and PR_SET_PDEATHSIG(SIGKILL), so it
//   dies with the supervisor even on `kill -9` of the supervisor. The death
//   signal covers the direct child only: a child that spawns long-lived
//   processes of its own should supervise them the same way.
// - Restarts back off exponentially (Backoff), capped; the delay resets
//   after the child stayed up for `reset_after`. A later exec failure (the
//   binary vanished) is treated like a crash and retried.
// - When the child exits, whatever is left in its process group is killed
//   before the next start, so a restarted child never meets its predecessor's
//   leftovers.
// - A pid file <run_dir>/<name>.pid records the child's pid and its kernel
//   start time. On Start, a pid file left by a crashed earlier supervisor is
//   read and that process group is killed (SIGTERM, SIGKILL after the grace),
//   but only if the pid still belongs to the same process (start time
//   matches), never a recycled pid.
// - The child's stdout and stderr share one pipe and are captured into
//   <log_dir>/<name>.log, rotated by size (<name>.log.1 … .N), and copied to
//   the supervisor's stderr with a "[name] " prefix. A final line without a
//   newline is written when the child exits. The host process should ignore
//   SIGPIPE in case its own stderr goes away.
// - The child's environment is the supervisor's environment at spawn time
//   with `env` entries added or overriding. Signal dispositions and the
//   signal mask are reset; only fds 0-2 stay open (stdin is /dev/null).
//
// Thread-safe: every method may be called from any thread; Start and Stop
// serialize. One monitor thread per supervisor forks the child (the death
// signal follows the forking thread), is started by Start() and joined by
// Stop().
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "wisp/supervisor/backoff.h"

namespace wisp::supervisor {

struct ProcessSpec {
  std::string name;                   // Component name: pid file, log file, log prefix.
  std::vector<std::string> argv;      // argv[0] is the executable (absolute path).
  std::vector<std::string> env;       // "KEY=VALUE" entries added to the inherited environment.
  std::string working_dir;            // "" = inherit.
  std::string run_dir;                // Where <name>.pid lives. Required.
  std::string log_dir;                // Where <name>.log lives. Required.
  uint64_t log_max_bytes = 10 << 20;  // Rotate when the log would grow past this.
  int log_max_files = 3;              // Rotated files kept besides the live one.
  bool copy_to_stderr = true;         // Also write "[name] line" to our stderr.
  BackoffPolicy backoff;
  std::chrono::milliseconds stop_grace{std::chrono::seconds(10)};  // SIGTERM → SIGKILL.
};

// InvalidArgument naming the offending field if `spec` cannot be run: empty
// or path-like name, empty argv, relative argv[0], missing run/log dir, an
// env entry without "=", non-positive log size.
absl::Status ValidateSpec(const ProcessSpec& spec);

// <run_dir>/<name>.pid and <log_dir>/<name>.log.
std::string PidFilePath(const ProcessSpec& spec);
std::string LogFilePath(const ProcessSpec& spec);

class ProcessSupervisor {
 public:
  explicit ProcessSupervisor(ProcessSpec spec);
  ~ProcessSupervisor();  // Calls Stop().

  ProcessSupervisor(const ProcessSupervisor&) = delete;
  ProcessSupervisor& operator=(const ProcessSupervisor&) = delete;

  // Validates the spec, creates the run and log dirs, kills an orphan
  // recorded in the pid file, spawns the child and starts the monitor
  // thread. Returns once the child has exec'd. Fails if the executable
  // cannot be started at all (the error names the errno, e.g. NotFound),
  // and with FailedPrecondition if already started. May be called again
  // after Stop().
  absl::Status Start();

  // SIGTERM to the child's process group, SIGKILL after the grace period,
  // reaps it, removes the pid file, joins the monitor. Idempotent; blocks for
  // at most about `stop_grace`.
  void Stop();

  // The running child's pid, or -1 between runs.
  pid_t pid() const;
  // How many times the child has been restarted after an exit.
  int restarts() const;
  // True while a child is running.
  bool running() const;

  const ProcessSpec& spec() const { return spec_; }

 private:
  class Impl;
  ProcessSpec spec_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wisp::supervisor
