// Pod status as upstream computes it, from runtime state built with the
// reconciler on the fake runtime.
#include "kubelet/pod_status.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "unit/kubelet/fake_runtime.h"
#include "unit/kubelet/test_pods.h"

namespace wisp::kubelet {
namespace {

using nlohmann::json;
using std::chrono::seconds;
using testing::FakeRuntime;
using testing::ParseTestPod;
using SysTime = std::chrono::system_clock::time_point;

class PodStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rt_.AddImage("b:1");
    char tmpl[] = "/tmp/wisp-podstatus-XXXXXX";
    tmp_ = ::mkdtemp(tmpl);
    SyncEnv env;
    env.runtime = &rt_;
    env.pod_logs_dir = tmp_ + "/logs";
    env.pods_dir = tmp_ + "/pods";
    env.mount_tmpfs = false;
    env.now = [this] { return now_; };
    syncer_ = std::make_unique<PodSyncer>(env);
  }
  void TearDown() override { std::filesystem::remove_all(tmp_); }

  json Status(const Pod& pod, bool sync = true, bool ready = true) {
    auto state = GetPodState(rt_, pod.uid);
    result_ = {};
    if (sync) {
      (void)syncer_->Sync(pod, *state, {}, result_);
      state = GetPodState(rt_, pod.uid);
    }
    StatusInput in;
    in.pod = &pod;
    in.state = &*state;
    in.sync = &result_;
    in.pod_ip = "10.0.0.9";
    in.ready = [ready](const std::string&) { return ready; };
    in.started = [](const std::string&) { return true; };
    in.now = now_;
    in.pods_dir = tmp_ + "/pods";
    in.previous = previous_.is_null() ? nullptr : &previous_;
    previous_ = ComputeStatus(in);
    return previous_;
  }
  std::string Id(const std::string& name) { return rt_.ContainersNamed(name).back(); }
  int64_t Nanos() { return now_.time_since_epoch().count(); }

  static std::string Cond(const json& st, const std::string& type) {
    for (const json& c : st["conditions"]) {
      if (c["type"] == type) return c["status"];
    }
    return "";
  }

  FakeRuntime rt_;
  std::string tmp_;
  SysTime now_ = SysTime(seconds(1'000'000));
  std::unique_ptr<PodSyncer> syncer_;
  SyncResult result_;
  json previous_;
};

constexpr char kInitPod[] = R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  initContainers: [{name: init, image: "b:1"}]
  containers: [{name: main, image: "b:1"}, {name: side, image: "b:1"}]
)";

TEST_F(PodStatusTest, PendingWhileInitContainersRun) {
  Pod pod = ParseTestPod(kInitPod);
  json st = Status(pod);
  EXPECT_EQ(st["phase"], "Pending");
  EXPECT_EQ(Cond(st, "Initialized"), "False");
  EXPECT_EQ(Cond(st, "PodScheduled"), "True");
  EXPECT_EQ(Cond(st, "Ready"), "False");
  EXPECT_TRUE(st["initContainerStatuses"][0]["state"].contains("running"));
  EXPECT_EQ(st["containerStatuses"][0]["state"]["waiting"]["reason"], "PodInitializing");
  EXPECT_EQ(st["podIP"], "10.0.0.9");
  EXPECT_EQ(st["qosClass"], "BestEffort");
}

TEST_F(PodStatusTest, RunningAndReadyThenSucceeded) {
  Pod pod = ParseTestPod(kInitPod);
  Status(pod);
  rt_.Exit(Id("init"), 0, Nanos());
  Status(pod);
  json st = Status(pod);
  EXPECT_EQ(st["phase"], "Running");
  EXPECT_EQ(Cond(st, "Initialized"), "True");
  EXPECT_EQ(Cond(st, "ContainersReady"), "True");
  EXPECT_EQ(Cond(st, "Ready"), "True");
  EXPECT_EQ(st["initContainerStatuses"][0]["state"]["terminated"]["reason"], "Completed");
  EXPECT_EQ(st["initContainerStatuses"][0]["ready"], true);
  const json& main = st["containerStatuses"][0];
  EXPECT_EQ(main["ready"], true);
  EXPECT_EQ(main["started"], true);
  EXPECT_EQ(main["restartCount"], 0);
  EXPECT_EQ(main["containerID"], "containerd://" + Id("main"));
  EXPECT_EQ(main["image"], "b:1");
  std::string ready_since = st["conditions"][2]["lastTransitionTime"];
  now_ += seconds(30);
  rt_.Exit(Id("main"), 0, Nanos());
  st = Status(pod);
  EXPECT_EQ(st["phase"], "Running");  // side still runs.
  EXPECT_EQ(Cond(st, "Ready"), "False");
  rt_.Exit(Id("side"), 0, Nanos());
  st = Status(pod);
  EXPECT_EQ(st["phase"], "Succeeded");
  for (const json& c : st["conditions"]) {
    if (c["type"] == "Ready") {
      EXPECT_EQ(c["reason"], "PodCompleted");
    }
  }
  EXPECT_NE(st["conditions"][2]["lastTransitionTime"], ready_since);
}

TEST_F(PodStatusTest, NeverWithAFailureIsFailed) {
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {restartPolicy: Never, containers: "
      "[{name: c, image: \"b:1\"}]}");
  Status(pod);
  rt_.Exit(Id("c"), 2, Nanos());
  json st = Status(pod);
  EXPECT_EQ(st["phase"], "Failed");
  EXPECT_EQ(st["containerStatuses"][0]["state"]["terminated"]["exitCode"], 2);
  EXPECT_EQ(st["containerStatuses"][0]["state"]["terminated"]["reason"], "Error");
  EXPECT_FALSE(st["containerStatuses"][0]["state"]["terminated"].contains("message"));
}

TEST_F(PodStatusTest, TerminationMessageComesFromTheTerminationLog) {
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {restartPolicy: Never, containers: "
      "[{name: c, image: \"b:1\"}]}");
  Status(pod);
  std::ofstream(tmp_ + "/pods/uid1/containers/c/0") << "bye";
  rt_.Exit(Id("c"), 1, Nanos());
  json st = Status(pod);
  EXPECT_EQ(st["containerStatuses"][0]["state"]["terminated"]["message"], "bye");
}

TEST_F(PodStatusTest, FallbackToLogsOnErrorTakesTheLogTail) {
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {restartPolicy: Always, containers: "
      "[{name: c, image: \"b:1\", terminationMessagePolicy: FallbackToLogsOnError}]}");
  Status(pod);
  auto state = GetPodState(rt_, pod.uid);
  std::string log = state->containers.at(0).status.log_path();
  ASSERT_FALSE(log.empty());
  std::filesystem::create_directories(std::filesystem::path(log).parent_path());
  {
    std::ofstream out(log);
    for (int i = 0; i < 100; ++i) {
      out << "2026-11-29T05:00:00.000000000Z stdout F line " << i << "\n";
    }
    out << "2026-11-29T05:00:00.000000000Z stderr P fat";
    out << "\n2026-11-29T05:00:00.000000000Z stderr F al\n";
  }
  rt_.Exit(Id("c"), 1, Nanos());
  json st = Status(pod, /*sync=*/false);
  std::string message = st["containerStatuses"][0]["state"]["terminated"]["message"];
  EXPECT_EQ(message.substr(message.size() - 14), "line 99\nfatal\n") << message;
  EXPECT_EQ(message.rfind("line 21\n", 0), 0u) << "80 lines: " << message.substr(0, 20);

  // A clean exit, or the File policy, leaves the message out.
  Status(pod);
  rt_.Exit(Id("c"), 0, Nanos());
  st = Status(pod, /*sync=*/false);
  EXPECT_FALSE(st["containerStatuses"][0]["state"]["terminated"].contains("message"));
}

TEST_F(PodStatusTest, CrashLoopBackOffShowsWaitingAndLastState) {
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "
      "\"b:1\", resources: {limits: {memory: 16Mi}}}]}");
  Status(pod);
  rt_.Exit(Id("c"), 137, Nanos(), "OOMKilled");
  json st = Status(pod);  // Restarted at once.
  EXPECT_EQ(st["containerStatuses"][0]["restartCount"], 1);
  EXPECT_TRUE(st["containerStatuses"][0]["state"].contains("running"));
  EXPECT_EQ(st["containerStatuses"][0]["lastState"]["terminated"]["reason"], "OOMKilled");
  rt_.Exit(Id("c"), 137, Nanos(), "OOMKilled");
  now_ += seconds(1);
  st = Status(pod);
  const json& c = st["containerStatuses"][0];
  EXPECT_EQ(c["state"]["waiting"]["reason"], "CrashLoopBackOff");
  EXPECT_EQ(c["lastState"]["terminated"]["reason"], "OOMKilled");
  EXPECT_EQ(c["lastState"]["terminated"]["exitCode"], 137);
  EXPECT_EQ(c["restartCount"], 1);
  EXPECT_EQ(c["ready"], false);
  EXPECT_EQ(st["phase"], "Running");  // Always: restarting.
  EXPECT_EQ(st["qosClass"], "Burstable");
}

TEST_F(PodStatusTest, ReadinessGatesReady) {
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "
      "\"b:1\"}]}");
  Status(pod);
  json st = Status(pod, false, /*ready=*/false);
  EXPECT_EQ(st["phase"], "Running");
  EXPECT_EQ(Cond(st, "Ready"), "False");
  EXPECT_EQ(st["containerStatuses"][0]["ready"], false);
  for (const json& c : st["conditions"]) {
    if (c["type"] == "ContainersReady") {
      EXPECT_EQ(c["message"], "containers with unready status: [c]");
    }
  }
}

}  // namespace
}  // namespace wisp::kubelet
