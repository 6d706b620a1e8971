// Integration tests of ProcessSupervisor with real child processes
// (test_child.cc) and, where the supervisor itself must die or be observed
// from outside, a separate supervisor process (supervisor_harness.cc).
#include "wisp/supervisor/process_supervisor.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "integration/supervisor/test_util.h"
#include "supervisor/pid_file.h"

namespace wisp::supervisor {
namespace {

using std::chrono::milliseconds;
using testing::Alive;
using testing::MonotonicNs;
using testing::ProcessGuard;
using testing::ReadLines;
using testing::ReadOr;
using testing::Spawn;
using testing::StartTime;
using testing::TempDir;
using testing::WaitExit;
using testing::WaitFor;

class ProcessSupervisorTest : public ::testing::Test {
 protected:
  ProcessSpec Spec(const std::string& name, std::vector<std::string> child_flags) {
    ProcessSpec spec;
    spec.name = name;
    spec.argv = {TEST_CHILD};
    spec.argv.insert(spec.argv.end(), child_flags.begin(), child_flags.end());
    spec.run_dir = dir_ / "run";
    spec.log_dir = dir_ / "log";
    spec.copy_to_stderr = false;
    spec.backoff = {.initial = milliseconds(100),
                    .max = milliseconds(2000),
                    .factor = 2.0,
                    .reset_after = milliseconds(10000)};
    spec.stop_grace = milliseconds(3000);
    return spec;
  }

  // The first line of `path`, parsed as a pid, once it appears.
  pid_t WaitPidIn(const std::string& path) {
    if (!WaitFor([&] { return !ReadLines(path).empty(); })) return -1;
    return guard_.Add(std::stoi(ReadLines(path)[0]));
  }

  TempDir dir_;
  ProcessGuard guard_;  // Declared after dir_: processes die before their files.
};

TEST_F(ProcessSupervisorTest, RestartsCrashingChildWithGrowingDelays) {
  const std::string stamps = dir_ / "starts";
  ProcessSpec spec = Spec("crasher", {"--start-stamp=" + stamps, "--crash"});
  spec.backoff.factor = 3.0;  // Delays 100, 300, 900 ms: growth well above scheduling noise.
  ProcessSupervisor supervisor(spec);
  ASSERT_TRUE(supervisor.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return ReadLines(stamps).size() >= 4; }, milliseconds(20000)));
  const auto t0 = std::chrono::steady_clock::now();
  supervisor.Stop();  // Lands in the 2 s backoff after the fourth crash.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, milliseconds(1000));

  std::vector<std::string> starts = ReadLines(stamps);
  std::vector<long long> intervals_ms;
  for (size_t i = 1; i < 4; ++i) {
    intervals_ms.push_back((std::stoll(starts[i]) - std::stoll(starts[i - 1])) / 1000000);
  }
  EXPECT_GE(intervals_ms[0], 100);
  EXPECT_GE(intervals_ms[1], 300);
  EXPECT_GE(intervals_ms[2], 900);
  EXPECT_GT(intervals_ms[1], intervals_ms[0]);
  EXPECT_GT(intervals_ms[2], intervals_ms[1]);
  EXPECT_GE(supervisor.restarts(), 3);
  EXPECT_FALSE(supervisor.running());
}

TEST_F(ProcessSupervisorTest, StopSendsSigtermToChildThatHonoursIt) {
  const std::string ready = dir_ / "ready", term = dir_ / "term";
  ProcessSupervisor supervisor(Spec("polite", {"--ready-file=" + ready, "--term-stamp=" + term}));
  ASSERT_TRUE(supervisor.Start().ok());
  const pid_t pid = guard_.Add(supervisor.pid());
  ASSERT_TRUE(WaitFor([&] { return std::filesystem::exists(ready); }));
  EXPECT_TRUE(std::filesystem::exists(PidFilePath(supervisor.spec())));

  const auto t0 = std::chrono::steady_clock::now();
  supervisor.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, milliseconds(2500));  // Well inside the grace.
  EXPECT_EQ(ReadLines(term).size(), 1u);  // It saw SIGTERM and exited on its own.
  EXPECT_FALSE(Alive(pid));
  EXPECT_FALSE(std::filesystem::exists(PidFilePath(supervisor.spec())));
  EXPECT_EQ(supervisor.pid(), -1);
}

TEST_F(ProcessSupervisorTest, StopEscalatesToSigkillAfterGraceAndKillsTheGroup) {
  const std::string ready = dir_ / "ready", grandchild = dir_ / "grandchild";
  ProcessSpec spec = Spec("stubborn", {"--ignore-term", "--ready-file=" + ready,
                                       "--grandchild-pid-file=" + grandchild});
  spec.stop_grace = milliseconds(600);
  ProcessSupervisor supervisor(spec);
  ASSERT_TRUE(supervisor.Start().ok());
  const pid_t pid = guard_.Add(supervisor.pid());
  ASSERT_TRUE(WaitFor([&] { return std::filesystem::exists(ready); }));
  const pid_t grandchild_pid = WaitPidIn(grandchild);
  ASSERT_GT(grandchild_pid, 0);

  const auto t0 = std::chrono::steady_clock::now();
  supervisor.Stop();
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(elapsed, milliseconds(600));
  EXPECT_LT(elapsed, milliseconds(600 + 3000));
  EXPECT_FALSE(Alive(pid));
  EXPECT_TRUE(WaitFor([&] { return !Alive(grandchild_pid); }, milliseconds(3000)));
}

TEST_F(ProcessSupervisorTest, StopIsIdempotentAndDestructorStops) {
  pid_t pid;
  {
    ProcessSupervisor supervisor(Spec("sleeper", {}));
    ASSERT_TRUE(supervisor.Start().ok());
    pid = guard_.Add(supervisor.pid());
    EXPECT_TRUE(supervisor.running());
    EXPECT_TRUE(absl::IsFailedPrecondition(supervisor.Start()));
    supervisor.Stop();
    supervisor.Stop();
    EXPECT_FALSE(Alive(pid));

    ASSERT_TRUE(supervisor.Start().ok());  // Restartable after Stop.
    pid = guard_.Add(supervisor.pid());
    EXPECT_TRUE(Alive(pid));
  }
  EXPECT_FALSE(Alive(pid));
}

TEST_F(ProcessSupervisorTest, StartFailsWhenExecutableIsMissing) {
  ProcessSpec spec = Spec("missing", {});
  spec.argv = {dir_ / "no-such-binary"};
  ProcessSupervisor supervisor(spec);
  absl::Status st = supervisor.Start();
  EXPECT_TRUE(absl::IsNotFound(st)) << st;
  EXPECT_NE(st.message().find("exec"), absl::string_view::npos) << st;
  EXPECT_FALSE(supervisor.running());
  EXPECT_FALSE(std::filesystem::exists(PidFilePath(spec)));
  supervisor.Stop();  // Harmless after a failed Start.
}

TEST_F(ProcessSupervisorTest, StartFailsWhenWorkingDirIsMissing) {
  ProcessSpec spec = Spec("nowhere", {});
  spec.working_dir = dir_ / "no-such-dir";
  ProcessSupervisor supervisor(spec);
  absl::Status st = supervisor.Start();
  EXPECT_TRUE(absl::IsNotFound(st)) << st;
  EXPECT_NE(st.message().find("chdir"), absl::string_view::npos) << st;
}

TEST_F(ProcessSupervisorTest, RunsInWorkingDir) {
  ASSERT_TRUE(base::MakeDirs(dir_ / "wd").ok());
  ProcessSpec spec = Spec("here", {"--ready-file=relative-ready"});
  spec.working_dir = dir_ / "wd";
  ProcessSupervisor supervisor(spec);
  ASSERT_TRUE(supervisor.Start().ok());
  guard_.Add(supervisor.pid());
  EXPECT_TRUE(WaitFor([&] { return std::filesystem::exists(dir_ / "wd/relative-ready"); }));
}

TEST_F(ProcessSupervisorTest, KillsLeftoversInTheGroupWhenChildExits) {
  const std::string grandchildren = dir_ / "grandchildren";
  ProcessSpec spec = Spec(
      "leaky", {"--grandchild-pid-file=" + grandchildren, "--grandchild-ignore-term", "--exit=3"});
  spec.backoff.initial = milliseconds(5000);  // One run is enough.
  ProcessSupervisor supervisor(spec);
  ASSERT_TRUE(supervisor.Start().ok());
  const pid_t grandchild = WaitPidIn(grandchildren);
  ASSERT_GT(grandchild, 0);
  EXPECT_TRUE(WaitFor([&] { return !Alive(grandchild); }));
}

TEST_F(ProcessSupervisorTest, PassesEnvironment) {
  ::setenv("WISP_SUP_KEPT", "inherited", 1);
  ::setenv("WISP_SUP_OVERRIDDEN", "inherited", 1);
  ProcessSpec spec = Spec("env", {"--print-env=WISP_SUP_ADDED", "--print-env=WISP_SUP_OVERRIDDEN",
                                  "--print-env=WISP_SUP_KEPT", "--ready-file=" + (dir_ / "ready")});
  spec.env = {"WISP_SUP_ADDED=hello world", "WISP_SUP_OVERRIDDEN=from-spec"};
  ProcessSupervisor supervisor(spec);
  ASSERT_TRUE(supervisor.Start().ok());
  guard_.Add(supervisor.pid());
  ASSERT_TRUE(WaitFor([&] { return ReadLines(LogFilePath(spec)).size() >= 3; }));
  EXPECT_EQ(ReadLines(LogFilePath(spec)),
            (std::vector<std::string>{"WISP_SUP_ADDED=hello world", "WISP_SUP_OVERRIDDEN=from-spec",
                                      "WISP_SUP_KEPT=inherited"}));
  ::unsetenv("WISP_SUP_KEPT");
  ::unsetenv("WISP_SUP_OVERRIDDEN");
}

TEST_F(ProcessSupervisorTest, ChildInheritsOnlyStdio) {
  // A descriptor someone opened without O_CLOEXEC must still not leak.
  const int leaky = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(leaky, 3);
  ProcessSpec spec = Spec("fds", {"--print-fds", "--ready-file=" + (dir_ / "ready")});
  ProcessSupervisor supervisor(spec);
  ASSERT_TRUE(supervisor.Start().ok());
  guard_.Add(supervisor.pid());
  ::close(leaky);
  ASSERT_TRUE(WaitFor([&] { return !ReadLines(LogFilePath(spec)).empty(); }));
  EXPECT_EQ(ReadLines(LogFilePath(spec))[0], "fds 0 1 2");
}

TEST_F(ProcessSupervisorTest, KillsOrphanOfCrashedSupervisor) {
  // An orphan from an earlier run: own session and group, SIGTERM kills the
  // leader at once while its grandchild ignores SIGTERM and must be SIGKILLed.
  const std::string ready = dir_ / "orphan-ready", grandchild = dir_ / "orphan-grandchild";
  const pid_t orphan =
      guard_.Add(Spawn({TEST_CHILD, "--ready-file=" + ready, "--grandchild-pid-file=" + grandchild,
                        "--grandchild-ignore-term"},
                       /*new_session=*/true));
  ASSERT_GT(orphan, 0);
  ASSERT_TRUE(WaitFor([&] { return std::filesystem::exists(ready); }));
  const pid_t grandchild_pid = WaitPidIn(grandchild);
  ASSERT_GT(grandchild_pid, 0);

  ProcessSpec spec = Spec("orphan", {});
  spec.stop_grace = milliseconds(500);
  ASSERT_TRUE(base::MakeDirs(spec.run_dir).ok());
  ASSERT_TRUE(WritePidFile(PidFilePath(spec), {orphan, StartTime(orphan)}).ok());

  ProcessSupervisor supervisor(spec);
  ASSERT_TRUE(supervisor.Start().ok());
  guard_.Add(supervisor.pid());
  const int status = WaitExit(orphan, milliseconds(1000));  // Start already killed it.
  guard_.Forget(orphan);
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_TRUE(WaitFor([&] { return !Alive(grandchild_pid); }, milliseconds(3000)));
  absl::StatusOr<PidRecord> record = ReadPidFile(PidFilePath(spec));
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->pid, supervisor.pid());  // The new child's record replaced the stale one.
}

TEST_F(ProcessSupervisorTest, LeavesRecycledPidAlone) {
  const std::string ready = dir_ / "bystander-ready";
  const pid_t bystander = guard_.Add(Spawn({TEST_CHILD, "--ready-file=" + ready}, true));
  ASSERT_GT(bystander, 0);
  ASSERT_TRUE(WaitFor([&] { return std::filesystem::exists(ready); }));

  // The pid file names the bystander's pid, but another start time: the pid
  // was recycled since the recorded child ran.
  ProcessSpec spec = Spec("recycled", {});
  ASSERT_TRUE(base::MakeDirs(spec.run_dir).ok());
  ASSERT_TRUE(WritePidFile(PidFilePath(spec), {bystander, StartTime(bystander) + 1000}).ok());

  ProcessSupervisor supervisor(spec);
  ASSERT_TRUE(supervisor.Start().ok());
  guard_.Add(supervisor.pid());
  supervisor.Stop();
  EXPECT_TRUE(Alive(bystander));
  EXPECT_EQ(::waitpid(bystander, nullptr, WNOHANG), 0);  // Still running, never signalled.
}

TEST_F(ProcessSupervisorTest, ChildrenDieWhenSupervisorIsKilled) {
  const std::string run = dir_ / "run", log = dir_ / "log";
  const pid_t harness = guard_.Add(
      Spawn({SUPERVISOR_HARNESS, run, log, "first", TEST_CHILD, "--", "second", TEST_CHILD},
            /*new_session=*/false, dir_ / "harness.out"));
  ASSERT_GT(harness, 0);
  std::vector<pid_t> children;
  for (const char* name : {"first", "second"}) {
    const std::string pid_file = run + "/" + name + ".pid";
    ASSERT_TRUE(WaitFor([&] { return ReadPidFile(pid_file).ok(); }))
        << ReadOr(dir_ / "harness.out");
    children.push_back(guard_.Add(ReadPidFile(pid_file)->pid));
    EXPECT_TRUE(Alive(children.back()));
  }

  ASSERT_EQ(::kill(harness, SIGKILL), 0);
  EXPECT_NE(WaitExit(harness), -1);
  guard_.Forget(harness);
  for (pid_t child : children) {
    EXPECT_TRUE(WaitFor([&] { return !Alive(child); }, milliseconds(3000))) << child;
  }
}

TEST_F(ProcessSupervisorTest, CapturesOutputIntoRotatedLogAndPrefixedStderr) {
  const std::string run = dir_ / "run", log = dir_ / "log", err = dir_ / "harness.err";
  // 200 stdout lines of 50 bytes + 3 stderr lines + a partial line: ~10 KB
  // through 2 KB files, three kept, so the oldest output is gone.
  const pid_t harness = guard_.Add(
      Spawn({SUPERVISOR_HARNESS, "--backoff-ms=60000", "--log-max-bytes=2000", "--log-max-files=2",
             run, log, "chatty", TEST_CHILD, "--stdout-lines=200", "--line-len=49",
             "--stderr-lines=3", "--partial=tail without newline", "--exit=0"},
            false, err));
  ASSERT_GT(harness, 0);
  ASSERT_TRUE(WaitFor([&] {
    return ReadOr(err).find("[chatty] tail without newline\n") != std::string::npos;
  })) << ReadOr(err);

  const std::string base = log + "/chatty.log";
  std::string kept;
  for (const std::string& path : {base + ".2", base + ".1", base}) {
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    EXPECT_LE(std::filesystem::file_size(path), 2000u) << path;
    kept += ReadOr(path);
  }
  EXPECT_FALSE(std::filesystem::exists(base + ".3"));
  EXPECT_EQ(kept.find("out 0 "), std::string::npos);  // Rotated away.
  const std::string tail =
      "out 199 " + std::string(49 - 8, '.') + "\nerr 0\nerr 1\nerr 2\n" + "tail without newline\n";
  ASSERT_GE(kept.size(), tail.size());
  EXPECT_EQ(kept.substr(kept.size() - tail.size()), tail);

  const std::string copy = ReadOr(err);
  EXPECT_NE(copy.find("[chatty] out 0 ...."), std::string::npos);
  EXPECT_NE(copy.find("[chatty] out 199 ..."), std::string::npos);
  EXPECT_NE(copy.find("[chatty] err 2\n"), std::string::npos);

  ASSERT_EQ(::kill(harness, SIGTERM), 0);
  const int status = WaitExit(harness);
  guard_.Forget(harness);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
}  // namespace wisp::supervisor
