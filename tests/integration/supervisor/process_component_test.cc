// ProcessComponent inside a component::Manager with real child processes:
// ordered start behind readiness probes, reverse-order stop.
#include "wisp/supervisor/process_component.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "integration/supervisor/test_util.h"
#include "wisp/component/manager.h"

namespace wisp::supervisor {
namespace {

using std::chrono::milliseconds;
using testing::Alive;
using testing::ProcessGuard;
using testing::ReadLines;
using testing::TempDir;
using testing::WaitFor;

class ProcessComponentTest : public ::testing::Test {
 protected:
  ProcessSpec Spec(const std::string& name, std::vector<std::string> child_flags) {
    ProcessSpec spec;
    spec.name = name;
    spec.argv = {TEST_CHILD};
    spec.argv.insert(spec.argv.end(), child_flags.begin(), child_flags.end());
    spec.run_dir = dir_ / "run";
    spec.log_dir = dir_ / "log";
    spec.copy_to_stderr = false;
    spec.backoff.initial = milliseconds(100);
    spec.stop_grace = milliseconds(3000);
    return spec;
  }

  static long long Stamp(const std::string& path) {
    std::vector<std::string> lines = ReadLines(path);
    return lines.empty() ? -1 : std::stoll(lines[0]);
  }

  TempDir dir_;
  ProcessGuard guard_;
};

TEST_F(ProcessComponentTest, ManagerStartsNextOnlyAfterProbeSaysReadyAndStopsInReverse) {
  const std::string sock = dir_ / "first.sock";
  const std::string first_start = dir_ / "first.start", first_term = dir_ / "first.term";
  const std::string second_start = dir_ / "second.start", second_term = dir_ / "second.term";
  const std::string seen = dir_ / "second.saw-socket";

  component::Manager manager(
      {.ready_timeout = milliseconds(10000), .ready_poll = milliseconds(20)});
  auto first = std::make_unique<ProcessComponent>(
      Spec("first", {"--start-stamp=" + first_start, "--ready-delay-ms=400",
                     "--ready-socket=" + sock, "--term-stamp=" + first_term}),
      UnixSocketProbe(sock));
  auto second = std::make_unique<ProcessComponent>(
      Spec("second", {"--start-stamp=" + second_start, "--require-file=" + sock,
                      "--require-result=" + seen, "--term-stamp=" + second_term}),
      nullptr);
  ProcessComponent* first_raw = first.get();
  ProcessComponent* second_raw = second.get();
  manager.Add(std::move(first));
  manager.Add(std::move(second));

  ASSERT_TRUE(manager.Start().ok());
  const pid_t first_pid = guard_.Add(first_raw->supervisor().pid());
  const pid_t second_pid = guard_.Add(second_raw->supervisor().pid());
  EXPECT_TRUE(manager.Healthy().ok());
  ASSERT_TRUE(WaitFor([&] { return !ReadLines(seen).empty(); }));
  EXPECT_EQ(ReadLines(seen), std::vector<std::string>{"present"});
  EXPECT_GE(Stamp(second_start) - Stamp(first_start), 400 * 1000000LL);

  ASSERT_TRUE(manager.Stop().ok());
  EXPECT_FALSE(Alive(first_pid));
  EXPECT_FALSE(Alive(second_pid));
  ASSERT_GT(Stamp(first_term), 0);
  ASSERT_GT(Stamp(second_term), 0);
  EXPECT_LT(Stamp(second_term), Stamp(first_term));  // Reverse order of start.
}

TEST_F(ProcessComponentTest, ReadyFollowsTheProbeAndTheChild) {
  const std::string ready = dir_ / "ready";
  ProcessComponent component(Spec("worker", {"--ready-delay-ms=300", "--ready-file=" + ready}),
                             FileExistsProbe(ready));
  EXPECT_TRUE(absl::IsUnavailable(component.Ready()));  // Not started.
  ASSERT_TRUE(component.Init().ok());
  ASSERT_TRUE(component.Start().ok());
  guard_.Add(component.supervisor().pid());
  EXPECT_TRUE(absl::IsUnavailable(component.Ready()));  // Running, not ready yet.
  EXPECT_TRUE(WaitFor([&] { return component.Ready().ok(); }));
  EXPECT_TRUE(component.Healthy().ok());
  ASSERT_TRUE(component.Stop().ok());
  absl::Status st = component.Ready();
  EXPECT_TRUE(absl::IsUnavailable(st)) << st;
  EXPECT_NE(st.message().find("not running"), absl::string_view::npos) << st;
  EXPECT_TRUE(component.Stop().ok());  // Idempotent.
}

TEST_F(ProcessComponentTest, ManagerStartFailsAndStopsChildWhenNeverReady) {
  component::Manager manager({.ready_timeout = milliseconds(500), .ready_poll = milliseconds(20)});
  auto component =
      std::make_unique<ProcessComponent>(Spec("mute", {}), UnixSocketProbe(dir_ / "never.sock"));
  ProcessComponent* raw = component.get();
  manager.Add(std::move(component));
  absl::Status st = manager.Start();
  EXPECT_TRUE(absl::IsDeadlineExceeded(st)) << st;
  EXPECT_FALSE(raw->supervisor().running());
}

TEST_F(ProcessComponentTest, InitRejectsInvalidSpec) {
  ProcessSpec spec = Spec("bad/name", {});
  ProcessComponent component(spec, nullptr);
  EXPECT_TRUE(absl::IsInvalidArgument(component.Init()));
  EXPECT_EQ(component.Name(), "bad/name");
}

}  // namespace
}  // namespace wisp::supervisor
