// Probe timing and thresholds with a scripted HandlerRunner and fake times.
#include "kubelet/prober.h"

#include <gtest/gtest.h>

#include <deque>

#include "unit/kubelet/test_pods.h"

namespace wisp::kubelet {
namespace {

using std::chrono::seconds;
using testing::ParseTestPod;
using Time = Prober::Time;

class ScriptedRunner final : public HandlerRunner {
 public:
  absl::Status Run(const Handler& h, const HandlerTarget& t, std::chrono::milliseconds) override {
    ++calls;
    last_target = t;
    return fail ? absl::FailedPreconditionError("HTTP probe failed with statuscode: 500")
                : absl::OkStatus();
  }
  bool fail = false;
  int calls = 0;
  HandlerTarget last_target;
};

PodRuntimeState Running(const std::string& id, Time started) {
  PodRuntimeState s;
  ContainerInfo c;
  c.id = id;
  c.name = "c";
  c.status.set_state(cri::v1::CONTAINER_RUNNING);
  c.status.set_started_at(
      std::chrono::duration_cast<std::chrono::nanoseconds>(started.time_since_epoch()).count());
  s.containers.push_back(c);
  return s;
}

TEST(ProberTest, ContainerWithoutProbesIsReadyAndStarted) {
  ScriptedRunner runner;
  Prober p(runner);
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: b}]}");
  Time t0 = Time(seconds(1000));
  p.RunDue(pod, Running("id1", t0), "10.0.0.2", t0);
  EXPECT_TRUE(p.Ready("id1"));
  EXPECT_TRUE(p.Started("id1"));
  EXPECT_TRUE(p.Unhealthy().empty());
  EXPECT_EQ(runner.calls, 0);
  EXPECT_EQ(p.NextDue(), Time::max());
}

TEST(ProberTest, ReadinessFollowsThresholdsAndTiming) {
  ScriptedRunner runner;
  Prober p(runner);
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: b, "
      "ports: [{name: web, containerPort: 80}], readinessProbe: {httpGet: {port: web}, "
      "initialDelaySeconds: 5, periodSeconds: 2, failureThreshold: 2}}]}");
  Time t0 = Time(seconds(1000));
  auto state = Running("id1", t0);
  p.RunDue(pod, state, "10.0.0.2", t0 + seconds(1));
  EXPECT_EQ(runner.calls, 0);  // Initial delay.
  EXPECT_FALSE(p.Ready("id1"));
  p.RunDue(pod, state, "10.0.0.2", t0 + seconds(5));
  EXPECT_EQ(runner.calls, 1);
  EXPECT_EQ(runner.last_target.pod_ip, "10.0.0.2");
  EXPECT_TRUE(p.Ready("id1"));
  EXPECT_EQ(p.NextDue(), t0 + seconds(7));
  runner.fail = true;
  p.RunDue(pod, state, "10.0.0.2", t0 + seconds(6));  // Not due.
  EXPECT_EQ(runner.calls, 1);
  p.RunDue(pod, state, "10.0.0.2", t0 + seconds(7));
  EXPECT_TRUE(p.Ready("id1"));  // One failure of two.
  p.RunDue(pod, state, "10.0.0.2", t0 + seconds(9));
  EXPECT_FALSE(p.Ready("id1"));
  EXPECT_TRUE(p.Unhealthy().empty());  // Readiness never kills.
}

TEST(ProberTest, LivenessFailureMakesContainerUnhealthyAfterThreshold) {
  ScriptedRunner runner;
  Prober p(runner);
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: b, "
      "livenessProbe: {exec: {command: [\"false\"]}, periodSeconds: 1}}]}");
  Time t0 = Time(seconds(1000));
  auto state = Running("id1", t0);
  runner.fail = true;
  for (int i = 0; i < 2; ++i) p.RunDue(pod, state, "", t0 + seconds(i));
  EXPECT_TRUE(p.Unhealthy().empty());
  p.RunDue(pod, state, "", t0 + seconds(2));
  EXPECT_EQ(p.Unhealthy(), std::set<std::string>{"id1"});
  // A new container (restart) starts over.
  p.RunDue(pod, Running("id2", t0 + seconds(3)), "", t0 + seconds(3));
  EXPECT_TRUE(p.Unhealthy().empty());
}

TEST(ProberTest, StartupProbeHoldsBackLivenessAndReadiness) {
  ScriptedRunner runner;
  Prober p(runner);
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: b, "
      "startupProbe: {tcpSocket: {port: 80}, periodSeconds: 1, failureThreshold: 3}, "
      "readinessProbe: {tcpSocket: {port: 80}, periodSeconds: 1}}]}");
  Time t0 = Time(seconds(1000));
  auto state = Running("id1", t0);
  runner.fail = true;
  p.RunDue(pod, state, "10.0.0.2", t0);
  EXPECT_FALSE(p.Started("id1"));
  EXPECT_EQ(runner.calls, 1);  // Only the startup probe.
  runner.fail = false;
  p.RunDue(pod, state, "10.0.0.2", t0 + seconds(1));
  EXPECT_TRUE(p.Started("id1"));
  EXPECT_EQ(runner.calls, 3);  // Startup succeeded, then readiness ran.
  EXPECT_TRUE(p.Ready("id1"));
}

TEST(ProberTest, ResolvesNamedPorts) {
  std::vector<ContainerPort> ports = {{"web", 8080, 0, "TCP", ""}};
  EXPECT_EQ(ResolvePort("web", ports), 8080);
  EXPECT_EQ(ResolvePort("81", ports), 81);
  EXPECT_EQ(ResolvePort("nope", ports), 0);
}

}  // namespace
}  // namespace wisp::kubelet
