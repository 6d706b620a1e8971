#include "wisp/supervisor/process_supervisor.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "supervisor/child_process.h"
#include "supervisor/log_writer.h"
#include "supervisor/orphan.h"
#include "supervisor/output_capture.h"
#include "supervisor/pid_file.h"
#include "supervisor/unique_fd.h"
#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::supervisor {
namespace {

using Millis = std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

constexpr char kLog[] = "supervisor";
// A SIGKILLed child needs no grace, only the kernel's time to tear it down.
constexpr std::chrono::seconds kKillWait{30};
// Reads per wake-up, so one chatty child cannot hold the monitor forever.
constexpr int kReadsPerWake = 16;

Millis Since(SteadyTime t) {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - t);
}

int PollTimeout(SteadyTime deadline) {
  if (deadline == SteadyTime::max()) return -1;
  auto left = std::chrono::ceil<Millis>(deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 0, 1 << 30));
}

std::string DescribeExit(int status) {
  if (WIFEXITED(status)) return base::StrCat("exited with code ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const char* abbrev = ::sigabbrev_np(WTERMSIG(status));
    return base::StrCat("was killed by SIG", abbrev != nullptr ? abbrev : "?", " (",
                        WTERMSIG(status), ")");
  }
  return "exited";
}

void LogOrphanOutcome(const ProcessSpec& spec, OrphanOutcome outcome) {
  switch (outcome) {
    case OrphanOutcome::kKilled:
      base::LogWarn(kLog, base::StrCat("killed orphaned ", spec.name,
                                       " left running by an earlier supervisor"));
      break;
    case OrphanOutcome::kRecycled:
      base::LogInfo(kLog, base::StrCat("stale pid file of ", spec.name,
                                       ": the pid belongs to another process now, left alone"));
      break;
    case OrphanOutcome::kUnreadable:
      base::LogWarn(kLog, base::StrCat("removed unreadable pid file ", PidFilePath(spec)));
      break;
    case OrphanOutcome::kAlreadyDead:
    case OrphanOutcome::kNoPidFile:
      break;
  }
}

}  // namespace

class ProcessSupervisor::Impl {
 public:
  explicit Impl(const ProcessSpec& spec) : spec_(spec), backoff_(spec.backoff) {}
  ~Impl() { Stop(); }

  absl::Status Start();
  void Stop();

  pid_t pid() const {
    absl::MutexLock lock(&mu_);
    return pid_;
  }
  int restarts() const {
    absl::MutexLock lock(&mu_);
    return restarts_;
  }

 private:
  enum class Wake { kChildExited, kStopRequested, kTimedOut };

  absl::Status Prepare();
  void Run();
  absl::Status Spawn();
  bool RestartAfterExit();
  void Terminate();
  int Reap();
  Wake PollChild(SteadyTime deadline, bool watch_stop);
  bool SleepUnlessStopped(Millis delay);
  bool ConsumeStopRequest();
  // Reads what the child wrote, up to `max_reads` chunks; closes the pipe at EOF.
  void PumpOutput(int max_reads);
  void ReportLogError(const absl::Status& st);

  const ProcessSpec& spec_;

  absl::Mutex lifecycle_mu_;  // Serializes Start and Stop.
  std::thread monitor_ ABSL_GUARDED_BY(lifecycle_mu_);

  // Set up by Start before the monitor starts, torn down after it joined;
  // used by the monitor thread only in between.
  UniqueFd wake_fd_;  // eventfd: Stop writes, the monitor polls.
  std::unique_ptr<LogWriter> log_;
  std::unique_ptr<OutputCapture> capture_;
  Backoff backoff_;
  Child child_;
  SteadyTime child_started_;
  bool log_failing_ = false;  // Log write errors are reported once per streak.

  mutable absl::Mutex mu_;
  pid_t pid_ ABSL_GUARDED_BY(mu_) = -1;
  int restarts_ ABSL_GUARDED_BY(mu_) = 0;
  bool stop_requested_ ABSL_GUARDED_BY(mu_) = false;
  bool first_spawn_done_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status first_spawn_ ABSL_GUARDED_BY(mu_);
};

absl::Status ProcessSupervisor::Impl::Start() {
  absl::MutexLock lifecycle(&lifecycle_mu_);
  if (monitor_.joinable()) {
    return absl::FailedPreconditionError(base::StrCat(spec_.name, " is already started"));
  }
  if (absl::Status st = Prepare(); !st.ok()) return st;
  {
    absl::MutexLock lock(&mu_);
    stop_requested_ = false;
    first_spawn_done_ = false;
    restarts_ = 0;
  }
  // The monitor forks: the child's death signal is tied to that thread.
  monitor_ = std::thread([this] { Run(); });
  absl::Status first;
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&first_spawn_done_));
    first = first_spawn_;
  }
  if (!first.ok()) {
    monitor_.join();
    capture_.reset();
    log_.reset();
    wake_fd_.Reset();
    return first;
  }
  base::LogInfo(kLog, base::StrCat("started ", spec_.name, " (pid ", pid(), ")"));
  return absl::OkStatus();
}

absl::Status ProcessSupervisor::Impl::Prepare() {
  if (absl::Status st = ValidateSpec(spec_); !st.ok()) return st;
  for (const std::string& dir : {spec_.run_dir, spec_.log_dir}) {
    if (absl::Status st = base::MakeDirs(dir); !st.ok()) return st;
  }
  absl::StatusOr<OrphanOutcome> orphan = KillOrphan(PidFilePath(spec_), spec_.stop_grace);
  if (!orphan.ok()) return orphan.status();
  LogOrphanOutcome(spec_, *orphan);
  wake_fd_.Reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake_fd_) return base::ErrnoStatus("eventfd");
  log_ = std::make_unique<LogWriter>(LogFilePath(spec_), spec_.log_max_bytes, spec_.log_max_files);
  capture_ =
      std::make_unique<OutputCapture>(spec_.name, *log_, spec_.copy_to_stderr ? STDERR_FILENO : -1);
  backoff_ = Backoff(spec_.backoff);
  log_failing_ = false;
  return absl::OkStatus();
}

void ProcessSupervisor::Impl::Stop() {
  absl::MutexLock lifecycle(&lifecycle_mu_);
  if (!monitor_.joinable()) return;
  {
    absl::MutexLock lock(&mu_);
    stop_requested_ = true;
  }
  const uint64_t one = 1;
  ssize_t ignored = ::write(wake_fd_.get(), &one, sizeof one);  // Cannot fail below 2^64-1.
  (void)ignored;
  monitor_.join();
  capture_.reset();
  log_.reset();
  wake_fd_.Reset();
}

void ProcessSupervisor::Impl::Run() {
  absl::Status spawned = Spawn();
  {
    absl::MutexLock lock(&mu_);
    first_spawn_ = spawned;
    first_spawn_done_ = true;
  }
  if (!spawned.ok()) return;
  for (;;) {
    Wake wake = PollChild(SteadyTime::max(), /*watch_stop=*/true);
    if (wake == Wake::kStopRequested) break;
    if (wake == Wake::kTimedOut) continue;  // poll failed (logged): the child still runs.
    if (!RestartAfterExit()) return;        // Stopped during the backoff: no child left.
  }
  Terminate();
}

absl::Status ProcessSupervisor::Impl::Spawn() {
  absl::StatusOr<Child> child = LaunchChild(spec_);
  if (!child.ok()) return child.status();
  child_ = std::move(*child);
  child_started_ = std::chrono::steady_clock::now();
  absl::Status st = WritePidFile(PidFilePath(spec_), {child_.pid, child_.start_time});
  if (!st.ok()) {
    base::LogWarn(kLog, base::StrCat(spec_.name, ": orphan cleanup will not find this child: ",
                                     base::ToStd(st.message())));
  }
  absl::MutexLock lock(&mu_);
  pid_ = child_.pid;
  return absl::OkStatus();
}

// Returns false if a stop request arrived before a new child was running.
bool ProcessSupervisor::Impl::RestartAfterExit() {
  Millis uptime = Since(child_started_);
  const pid_t pid = child_.pid;
  const std::string exit = DescribeExit(Reap());
  base::LogWarn(
      kLog, base::StrCat(spec_.name, " (pid ", pid, ") ", exit, " after ", uptime.count(), "ms"));
  for (;;) {
    const Millis delay = backoff_.NextDelay(uptime);
    base::LogInfo(kLog, base::StrCat("restarting ", spec_.name, " in ", delay.count(), "ms"));
    if (!SleepUnlessStopped(delay)) return false;
    absl::Status st = Spawn();
    if (st.ok()) break;
    base::LogError(kLog,
                   base::StrCat("restart of ", spec_.name, " failed: ", base::ToStd(st.message())));
    uptime = Millis(0);
  }
  int restarts;
  {
    absl::MutexLock lock(&mu_);
    restarts = ++restarts_;
  }
  base::LogInfo(kLog, base::StrCat("restarted ", spec_.name, " (pid ", child_.pid, ", restart #",
                                   restarts, ")"));
  return true;
}

void ProcessSupervisor::Impl::Terminate() {
  const pid_t pid = child_.pid;
  ::kill(-pid, SIGTERM);
  if (PollChild(std::chrono::steady_clock::now() + spec_.stop_grace, false) != Wake::kChildExited) {
    base::LogWarn(kLog, base::StrCat(spec_.name, " (pid ", pid, ") ignored SIGTERM for ",
                                     spec_.stop_grace.count(), "ms; sending SIGKILL"));
    ::kill(-pid, SIGKILL);
    PollChild(std::chrono::steady_clock::now() + kKillWait, false);
  }
  const std::string exit = DescribeExit(Reap());
  base::LogInfo(kLog, base::StrCat("stopped ", spec_.name, " (pid ", pid, "): ", exit));
}

// Collects the exited child and returns its wait status.
int ProcessSupervisor::Impl::Reap() {
  // Until it is reaped, the zombie leader keeps its pid, and with it the
  // group id, from being reused: the sweep below only hits our leftovers.
  ::kill(-child_.pid, SIGKILL);
  PumpOutput(1 << 10);
  ReportLogError(capture_->Flush());
  int status = 0;
  while (::waitpid(child_.pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::unlink(PidFilePath(spec_).c_str());
  child_ = Child{};
  absl::MutexLock lock(&mu_);
  pid_ = -1;
  return status;
}

ProcessSupervisor::Impl::Wake ProcessSupervisor::Impl::PollChild(SteadyTime deadline,
                                                                 bool watch_stop) {
  for (;;) {
    pollfd fds[3] = {{child_.pidfd.get(), POLLIN, 0},
                     {child_.output.get(), POLLIN, 0},
                     {watch_stop ? wake_fd_.get() : -1, POLLIN, 0}};
    int n = ::poll(fds, 3, PollTimeout(deadline));
    if (n < 0) {
      if (errno == EINTR) continue;
      base::LogError(kLog, base::StrCat(spec_.name, ": poll: ", ::strerrordesc_np(errno)));
      std::this_thread::sleep_for(Millis(100));  // Only ENOMEM gets here; let memory recover.
      return Wake::kTimedOut;
    }
    if (fds[1].revents != 0) PumpOutput(kReadsPerWake);
    if (fds[0].revents != 0) return Wake::kChildExited;
    if (fds[2].revents != 0 && ConsumeStopRequest()) return Wake::kStopRequested;
    if (n == 0) return Wake::kTimedOut;
  }
}

bool ProcessSupervisor::Impl::SleepUnlessStopped(Millis delay) {
  const SteadyTime deadline = std::chrono::steady_clock::now() + delay;
  for (;;) {
    pollfd pfd{wake_fd_.get(), POLLIN, 0};
    int n = ::poll(&pfd, 1, PollTimeout(deadline));
    if (n == 0) return true;
    if (n < 0 && errno != EINTR) return true;
    if (n > 0 && ConsumeStopRequest()) return false;
  }
}

bool ProcessSupervisor::Impl::ConsumeStopRequest() {
  uint64_t count;
  ssize_t ignored = ::read(wake_fd_.get(), &count, sizeof count);
  (void)ignored;
  absl::MutexLock lock(&mu_);
  return stop_requested_;
}

void ProcessSupervisor::Impl::PumpOutput(int max_reads) {
  char buf[16384];
  for (int i = 0; i < max_reads && child_.output; ++i) {
    ssize_t n = ::read(child_.output.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;  // EAGAIN: drained for now.
    if (n == 0) {       // Every writer closed its end.
      child_.output.Reset();
      return;
    }
    ReportLogError(capture_->Feed(std::string_view(buf, static_cast<size_t>(n))));
  }
}

void ProcessSupervisor::Impl::ReportLogError(const absl::Status& st) {
  if (!st.ok() && !log_failing_) {
    base::LogWarn(kLog,
                  base::StrCat(spec_.name, ": output is being lost: ", base::ToStd(st.message())));
  }
  log_failing_ = !st.ok();
}

ProcessSupervisor::ProcessSupervisor(ProcessSpec spec)
    : spec_(std::move(spec)), impl_(std::make_unique<Impl>(spec_)) {}

ProcessSupervisor::~ProcessSupervisor() { Stop(); }

absl::Status ProcessSupervisor::Start() { return impl_->Start(); }
void ProcessSupervisor::Stop() { impl_->Stop(); }
pid_t ProcessSupervisor::pid() const { return impl_->pid(); }
int ProcessSupervisor::restarts() const { return impl_->restarts(); }
bool ProcessSupervisor::running() const { return impl_->pid() > 0; }

}  // namespace wisp::supervisor
