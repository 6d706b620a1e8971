// The reconciler against a fake CRI runtime: sandboxes and containers come
// from the runtime's labels alone, restarts follow restartPolicy and
// CrashLoopBackOff, init containers run in order, a new syncer adopts what
// runs, Kill removes everything.
#include "kubelet/pod_sync.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kubelet/runtime_config.h"
#include "unit/kubelet/fake_runtime.h"
#include "unit/kubelet/test_pods.h"

namespace wisp::kubelet {
namespace {

using std::chrono::seconds;
using testing::FakeRuntime;
using testing::ParseTestPod;
using SysTime = std::chrono::system_clock::time_point;

class NoHandlers final : public HandlerRunner {
 public:
  absl::Status Run(const Handler&, const HandlerTarget& t, std::chrono::milliseconds) override {
    ran.push_back(t.container_id);
    return absl::OkStatus();
  }
  std::vector<std::string> ran;
};

std::string PodYaml(const std::string& policy, const std::string& extra = "") {
  return "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: " + policy +
         "\n  terminationGracePeriodSeconds: 5\n" + extra +
         "  containers:\n  - {name: main, image: \"b:1\"}\n";
}

class PodSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rt_.AddImage("b:1");
    syncer_ = NewSyncer();
  }
  std::unique_ptr<PodSyncer> NewSyncer() {
    SyncEnv env;
    env.runtime = &rt_;
    env.handlers = &handlers_;
    env.pod_logs_dir = "/nonexistent-logs";  // MakeDirs fails → tests use a temp dir.
    env.pods_dir = tmp_;
    env.mount_tmpfs = false;
    env.now = [this] { return now_; };
    char tmpl[] = "/tmp/wisp-podsync-XXXXXX";
    if (tmp_.empty()) tmp_ = ::mkdtemp(tmpl);
    env.pod_logs_dir = tmp_ + "/logs";
    env.pods_dir = tmp_ + "/pods";
    return std::make_unique<PodSyncer>(env);
  }
  void TearDown() override { std::filesystem::remove_all(tmp_); }

  SyncResult Sync(const Pod& pod, std::set<std::string> unhealthy = {}) {
    auto state = GetPodState(rt_, pod.uid);
    EXPECT_TRUE(state.ok()) << state.status();
    SyncResult result;
    absl::Status st = syncer_->Sync(pod, *state, unhealthy, result);
    EXPECT_TRUE(st.ok()) << st;
    return result;
  }
  int64_t Nanos(SysTime t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  }
  std::string Running(const std::string& name) {
    for (const std::string& id : rt_.ContainersNamed(name)) {
      if (rt_.containers().at(id).state == cri::v1::CONTAINER_RUNNING) return id;
    }
    return "";
  }

  FakeRuntime rt_;
  NoHandlers handlers_;
  std::string tmp_;
  SysTime now_ = SysTime(seconds(1'000'000));
  std::unique_ptr<PodSyncer> syncer_;
};

TEST_F(PodSyncTest, StartsSandboxAndContainerWithLabels) {
  Pod pod = ParseTestPod(PodYaml("Always"));
  Sync(pod);
  auto sandboxes = rt_.sandboxes();
  ASSERT_EQ(sandboxes.size(), 1u);
  EXPECT_EQ(sandboxes.begin()->second.config.labels().at(kPodUidLabel), "uid1");
  auto ids = rt_.ContainersNamed("main");
  ASSERT_EQ(ids.size(), 1u);
  auto c = rt_.containers().at(ids[0]);
  EXPECT_EQ(c.state, cri::v1::CONTAINER_RUNNING);
  EXPECT_EQ(c.config.labels().at(kContainerNameLabel), "main");
  EXPECT_EQ(c.config.annotations().at(kRestartCountAnnotation), "0");
  EXPECT_EQ(c.config.log_path(), "main/0.log");
  EXPECT_TRUE(std::filesystem::is_directory(tmp_ + "/logs/default_p-node1_uid1/main"));
}

TEST_F(PodSyncTest, NewSyncerAdoptsRunningPodWithoutDuplicates) {
  Pod pod = ParseTestPod(PodYaml("Always"));
  Sync(pod);
  auto before = rt_.containers();
  syncer_ = NewSyncer();  // A restarted kubelet: no memory of the pod.
  Sync(pod);
  Sync(pod);
  EXPECT_EQ(rt_.sandboxes().size(), 1u);
  auto after = rt_.containers();
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after.begin()->first, before.begin()->first);
}

TEST_F(PodSyncTest, AlwaysRestartsWithGrowingBackOff) {
  Pod pod = ParseTestPod(PodYaml("Always"));
  Sync(pod);
  // First crash: restarted at once with restartCount 1.
  rt_.Exit(Running("main"), 1, Nanos(now_));
  now_ += seconds(1);
  Sync(pod);
  ASSERT_NE(Running("main"), "");
  EXPECT_EQ(rt_.containers().at(Running("main")).config.annotations().at(kRestartCountAnnotation),
            "1");
  // Second crash: waits 10 s.
  rt_.Exit(Running("main"), 1, Nanos(now_));
  now_ += seconds(5);
  SyncResult r = Sync(pod);
  EXPECT_EQ(Running("main"), "");
  EXPECT_EQ(r.waiting["main"].reason, "CrashLoopBackOff");
  now_ += seconds(6);
  Sync(pod);
  ASSERT_NE(Running("main"), "");
  EXPECT_EQ(rt_.containers().at(Running("main")).config.metadata().attempt(), 2u);
  // Third crash: waits 20 s.
  rt_.Exit(Running("main"), 1, Nanos(now_));
  now_ += seconds(15);
  EXPECT_EQ(Sync(pod).waiting["main"].reason, "CrashLoopBackOff");
  now_ += seconds(6);
  Sync(pod);
  EXPECT_NE(Running("main"), "");
  // Garbage (collected on the next sync): the running container and its
  // predecessor are kept; the logs of the removed ones go with them.
  std::string dir = tmp_ + "/logs/default_p-node1_uid1/main/";
  for (const char* f : {"1.log", "1.log.20261129-050000", "2.log", "3.log"}) {
    std::ofstream(dir + f) << "x";
  }
  Sync(pod);
  EXPECT_EQ(rt_.ContainersNamed("main").size(), 2u);
  EXPECT_FALSE(std::filesystem::exists(dir + "1.log"));
  EXPECT_FALSE(std::filesystem::exists(dir + "1.log.20261129-050000"));
  EXPECT_TRUE(std::filesystem::exists(dir + "2.log"));
  EXPECT_TRUE(std::filesystem::exists(dir + "3.log"));
}

TEST_F(PodSyncTest, OnFailureRestartsFailuresOnly) {
  Pod pod = ParseTestPod(PodYaml("OnFailure"));
  Sync(pod);
  rt_.Exit(Running("main"), 3, Nanos(now_));
  Sync(pod);
  ASSERT_NE(Running("main"), "");
  rt_.Exit(Running("main"), 0, Nanos(now_));
  now_ += seconds(60);
  Sync(pod);
  EXPECT_EQ(Running("main"), "");
  auto state = GetPodState(rt_, pod.uid);
  EXPECT_TRUE(PodFinished(pod, *state));
  // The finished pod's sandbox is stopped.
  EXPECT_EQ(rt_.sandboxes().begin()->second.state, cri::v1::SANDBOX_NOTREADY);
  Sync(pod);
  EXPECT_EQ(rt_.sandboxes().size(), 1u);  // Not recreated.
}

TEST_F(PodSyncTest, NeverDoesNotRestart) {
  Pod pod = ParseTestPod(PodYaml("Never"));
  Sync(pod);
  rt_.Exit(Running("main"), 1, Nanos(now_));
  now_ += seconds(60);
  Sync(pod);
  Sync(pod);
  EXPECT_EQ(rt_.ContainersNamed("main").size(), 1u);
  EXPECT_TRUE(PodFinished(pod, *GetPodState(rt_, pod.uid)));
}

TEST_F(PodSyncTest, InitContainersRunInOrderBeforeContainers) {
  Pod pod = ParseTestPod(PodYaml("Always",
                                 "  initContainers:\n  - {name: one, image: \"b:1\"}\n"
                                 "  - {name: two, image: \"b:1\"}\n"));
  Sync(pod);
  EXPECT_EQ(rt_.ContainersNamed("one").size(), 1u);
  EXPECT_TRUE(rt_.ContainersNamed("two").empty());
  EXPECT_TRUE(rt_.ContainersNamed("main").empty());
  Sync(pod);  // Still running: nothing new.
  EXPECT_TRUE(rt_.ContainersNamed("two").empty());
  rt_.Exit(rt_.ContainersNamed("one")[0], 0, Nanos(now_));
  Sync(pod);
  EXPECT_EQ(rt_.ContainersNamed("two").size(), 1u);
  EXPECT_TRUE(rt_.ContainersNamed("main").empty());
  rt_.Exit(rt_.ContainersNamed("two")[0], 0, Nanos(now_));
  Sync(pod);
  EXPECT_NE(Running("main"), "");
  EXPECT_EQ(rt_.ContainersNamed("one").size(), 1u);  // Not run again.
}

TEST_F(PodSyncTest, FailedInitContainerWithNeverFailsThePod) {
  Pod pod = ParseTestPod(PodYaml("Never", "  initContainers:\n  - {name: one, image: \"b:1\"}\n"));
  Sync(pod);
  rt_.Exit(rt_.ContainersNamed("one")[0], 2, Nanos(now_));
  Sync(pod);
  EXPECT_TRUE(rt_.ContainersNamed("main").empty());
  EXPECT_TRUE(PodFinished(pod, *GetPodState(rt_, pod.uid)));
}

TEST_F(PodSyncTest, DeadSandboxIsReplacedAndRestartCountContinues) {
  Pod pod = ParseTestPod(PodYaml("Always"));
  Sync(pod);
  std::string first = rt_.sandboxes().begin()->first;
  ASSERT_TRUE(rt_.StopPodSandbox([&] {
                   cri::v1::StopPodSandboxRequest r;
                   r.set_pod_sandbox_id(first);
                   return r;
                 }())
                  .ok());
  Sync(pod);
  auto sandboxes = rt_.sandboxes();
  ASSERT_EQ(sandboxes.size(), 2u);
  std::string running = Running("main");
  ASSERT_NE(running, "");
  auto c = rt_.containers().at(running);
  EXPECT_NE(c.sandbox_id, first);
  EXPECT_EQ(sandboxes.at(c.sandbox_id).config.metadata().attempt(), 1u);
  EXPECT_EQ(c.config.annotations().at(kRestartCountAnnotation), "1");
}

TEST_F(PodSyncTest, UnhealthyContainerIsKilledThenRestarted) {
  Pod pod = ParseTestPod(PodYaml("Always"));
  Sync(pod);
  std::string id = Running("main");
  Sync(pod, {id});
  EXPECT_EQ(rt_.containers().at(id).state, cri::v1::CONTAINER_EXITED);
  EXPECT_EQ(rt_.stop_timeouts().back(), 5);  // The pod's grace period.
  Sync(pod);
  EXPECT_NE(Running("main"), "");
  EXPECT_NE(Running("main"), id);
}

TEST_F(PodSyncTest, PullPolicies) {
  Pod present = ParseTestPod(PodYaml("Always"));  // b:1 is present: IfNotPresent.
  Sync(present);
  EXPECT_EQ(rt_.pulls(), 0);
  Pod always = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: "
      "\"b:1\", imagePullPolicy: Always}]}",
      "uid2");
  Sync(always);
  EXPECT_EQ(rt_.pulls(), 1);
  Pod never = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: n}\nspec: {containers: [{name: c, image: "
      "\"x:1\", imagePullPolicy: Never}]}",
      "uid3");
  auto state = GetPodState(rt_, never.uid);
  SyncResult r;
  EXPECT_FALSE(syncer_->Sync(never, *state, {}, r).ok());
  EXPECT_EQ(r.waiting["c"].reason, "ErrImageNeverPull");
  Pod missing = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec: {containers: [{name: c, image: "
      "\"missing:1\"}]}",
      "uid4");
  state = GetPodState(rt_, missing.uid);
  r = {};
  EXPECT_FALSE(syncer_->Sync(missing, *state, {}, r).ok());
  EXPECT_EQ(r.waiting["c"].reason, "ErrImagePull");
  state = GetPodState(rt_, missing.uid);
  r = {};
  EXPECT_FALSE(syncer_->Sync(missing, *state, {}, r).ok());
  EXPECT_EQ(r.waiting["c"].reason, "ImagePullBackOff");
  EXPECT_EQ(rt_.pulls(), 2);
}

TEST_F(PodSyncTest, KillStopsWithGraceAndRemovesEverything) {
  Pod pod = ParseTestPod(PodYaml("Always"));
  Sync(pod);
  ASSERT_TRUE(std::filesystem::exists(tmp_ + "/logs/default_p-node1_uid1"));
  std::filesystem::create_directories(tmp_ + "/logs/default_other_uid2");
  rt_.Exit(Running("main"), 1, Nanos(now_));
  Sync(pod);
  syncer_ = NewSyncer();  // Kill works from the runtime's annotations alone.
  auto state = GetPodState(rt_, pod.uid);
  ASSERT_TRUE(syncer_->Kill(pod.uid, *state).ok());
  EXPECT_TRUE(rt_.sandboxes().empty());
  EXPECT_TRUE(rt_.containers().empty());
  ASSERT_FALSE(rt_.stop_timeouts().empty());
  EXPECT_EQ(rt_.stop_timeouts().back(), 5);
  EXPECT_FALSE(std::filesystem::exists(tmp_ + "/pods/uid1"));
  EXPECT_FALSE(std::filesystem::exists(tmp_ + "/logs/default_p-node1_uid1"));
  EXPECT_TRUE(std::filesystem::exists(tmp_ + "/logs/default_other_uid2"));
}

TEST_F(PodSyncTest, KillRunsPreStopHookFirst) {
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "
      "\"b:1\", lifecycle: {preStop: {exec: {command: [sleep, \"1\"]}}}}]}");
  Sync(pod);
  auto state = GetPodState(rt_, pod.uid);
  std::string id = state->containers[0].id;
  ASSERT_TRUE(syncer_->Kill(pod.uid, *state).ok());
  ASSERT_EQ(handlers_.ran.size(), 1u);
  EXPECT_EQ(handlers_.ran[0], id);
}

}  // namespace
}  // namespace wisp::kubelet
