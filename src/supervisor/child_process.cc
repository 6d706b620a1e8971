#include "supervisor/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "supervisor/environment.h"
#include "supervisor/pid_file.h"
#include "supervisor/pidfd.h"
#include "wisp/base/files.h"
#include "wisp/base/strings.h"

extern char** environ;  // NOLINT: POSIX.

namespace wisp::supervisor {
namespace {

// What the child writes to the error pipe when it cannot exec.
struct ExecFailure {
  int stage;
  int error;
};
enum Stage : int { kStageSetup = 1, kStageChdir = 2, kStageExec = 3 };

// Everything the child touches between fork and exec, prepared beforehand:
// after fork in a threaded process only async-signal-safe calls are allowed,
// so the child must not allocate.
struct ChildArgs {
  pid_t parent;
  int devnull;
  int out_w;
  int err_w;
  const char* working_dir;  // Null: inherit.
  char* const* argv;
  char* const* envp;
};

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// The child dup2()s onto 0-2, so no fd it still needs may sit there.
absl::Status MoveAboveStdio(UniqueFd& fd) {
  if (fd.get() > STDERR_FILENO) return absl::OkStatus();
  int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  if (moved < 0) return base::ErrnoStatus("dup");
  fd.Reset(moved);
  return absl::OkStatus();
}

// The child's plumbing: its stdout+stderr pipe, the exec-report pipe and
// /dev/null for stdin. All close-on-exec; the child's ends sit above fd 2.
struct Pipes {
  UniqueFd out_r, out_w, err_r, err_w, devnull;
};

absl::StatusOr<Pipes> MakePipes() {
  Pipes p;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return base::ErrnoStatus("pipe");
  p.out_r.Reset(fds[0]);
  p.out_w.Reset(fds[1]);
  if (::pipe2(fds, O_CLOEXEC) != 0) return base::ErrnoStatus("pipe");
  p.err_r.Reset(fds[0]);
  p.err_w.Reset(fds[1]);
  p.devnull.Reset(::open("/dev/null", O_RDWR | O_CLOEXEC));
  if (!p.devnull) return base::ErrnoStatus("open /dev/null");
  for (UniqueFd* fd : {&p.out_w, &p.err_w, &p.devnull}) {
    if (absl::Status st = MoveAboveStdio(*fd); !st.ok()) return st;
  }
  if (::fcntl(p.out_r.get(), F_SETFL, O_NONBLOCK) != 0) return base::ErrnoStatus("fcntl");
  return p;
}

[[noreturn]] void ReportAndExit(int err_w, int stage) {
  ExecFailure failure{stage, errno};
  ssize_t ignored = ::write(err_w, &failure, sizeof failure);
  (void)ignored;
  ::_exit(127);
}

void CloseFdsExcept(int keep) {
  int ok = keep > 3 ? ::close_range(3, keep - 1, 0) : 0;
  if (ok == 0) ok = ::close_range(keep + 1, ~0U, 0);
  if (ok != 0) {  // Kernels before 5.9.
    for (int fd = 3; fd < 65536; ++fd) {
      if (fd != keep) ::close(fd);
    }
  }
}

void ResetSignals() {
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &dfl, nullptr);
  }
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

// Runs in the forked child. Async-signal-safe calls only.
[[noreturn]] void ExecChild(const ChildArgs& a) {
  ::setpgid(0, 0);
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) ReportAndExit(a.err_w, kStageSetup);
  // The supervisor may have died before the prctl took effect.
  if (::getppid() != a.parent) ::_exit(127);
  if (::dup2(a.devnull, STDIN_FILENO) < 0 || ::dup2(a.out_w, STDOUT_FILENO) < 0 ||
      ::dup2(a.out_w, STDERR_FILENO) < 0) {
    ReportAndExit(a.err_w, kStageSetup);
  }
  CloseFdsExcept(a.err_w);
  if (a.working_dir != nullptr && ::chdir(a.working_dir) != 0) {
    ReportAndExit(a.err_w, kStageChdir);
  }
  ResetSignals();
  ::execve(a.argv[0], a.argv, a.envp);
  ReportAndExit(a.err_w, kStageExec);
}

// Reads the child's exec report. OK once the pipe closed empty (exec'd).
absl::Status AwaitExec(int err_r, pid_t pid, const ProcessSpec& spec) {
  ExecFailure failure{};
  ssize_t n;
  do {
    n = ::read(err_r, &failure, sizeof failure);
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(sizeof failure)) return absl::OkStatus();
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  errno = failure.error;
  switch (failure.stage) {
    case kStageChdir:
      return base::ErrnoStatus(base::StrCat(spec.name, ": chdir ", spec.working_dir));
    case kStageExec:
      return base::ErrnoStatus(base::StrCat(spec.name, ": exec ", spec.argv[0]));
    default:
      return base::ErrnoStatus(base::StrCat(spec.name, ": child setup"));
  }
}

}  // namespace

absl::StatusOr<Child> LaunchChild(const ProcessSpec& spec) {
  const std::vector<std::string> env = MergeEnvironment(environ, spec.env);
  const std::vector<char*> argv = CStrings(spec.argv);
  const std::vector<char*> envp = CStrings(env);

  absl::StatusOr<Pipes> pipes = MakePipes();
  if (!pipes.ok()) return pipes.status();
  auto& [out_r, out_w, err_r, err_w, devnull] = *pipes;

  const ChildArgs args{::getpid(),
                       devnull.get(),
                       out_w.get(),
                       err_w.get(),
                       spec.working_dir.empty() ? nullptr : spec.working_dir.c_str(),
                       argv.data(),
                       envp.data()};
  // Signals stay blocked across fork so no parent handler runs in the child
  // before ResetSignals.
  sigset_t all, old;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = ::fork();
  if (pid == 0) ExecChild(args);
  int fork_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (pid < 0) {
    errno = fork_errno;
    return base::ErrnoStatus(base::StrCat(spec.name, ": fork"));
  }
  out_w.Reset();
  err_w.Reset();
  devnull.Reset();
  if (absl::Status st = AwaitExec(err_r.get(), pid, spec); !st.ok()) return st;

  Child child;
  child.pid = pid;
  child.pidfd.Reset(PidfdOpen(pid));
  if (!child.pidfd) {
    absl::Status st = base::ErrnoStatus(base::StrCat(spec.name, ": pidfd_open"));
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    return st;
  }
  absl::StatusOr<ProcStat> stat = ReadProcStat(pid);
  child.start_time = stat.ok() ? stat->start_time : 0;
  child.output = std::move(out_r);
  return child;
}

}  // namespace wisp::supervisor
