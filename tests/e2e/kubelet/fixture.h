// File: tests/e2e/kubelet/fixture.h
//
// A node for the kubelet's e2e tests: `wisp worker` (containerd, the busybox
// test image imported from <data-dir>/images) in a temp dir, with the
// kubelet either supervised by the worker or started by the test itself (so
// a test can kill -9 and restart it). Pod logs, volumes and status files
// stay under the temp dir. TearDown removes the pods, then kills whatever is
// left under the temp dir (processes, mounts, network namespaces, the CNI
// bridge), even after a failed assertion.
#pragma once

#include <sys/types.h>

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "wisp/cri/runtime.h"

namespace wisp::e2e {

inline constexpr char kBusybox[] = "docker.io/wisp-e2e/busybox:1";
inline constexpr char kNode[] = "e2e";

std::string Slurp(const std::string& path);

// Polls `cond` every 100 ms until it holds or `limit` passes.
template <typename F>
bool WaitFor(F cond, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return cond();
}

class KubeletNode : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Starts the worker; with `supervise_kubelet` it runs the kubelet too.
  // Waits until the busybox image is in containerd (if `wait_for_image`),
  // else until containerd answers.
  void StartNode(bool supervise_kubelet, bool wait_for_image = true);
  // The test's own kubelet process, with `extra` flags.
  void StartKubelet(const std::vector<std::string>& extra = {});
  void KillKubelet();  // SIGKILL, reaped.

  // <data-dir>/manifests/pods/<name>.yaml
  void WritePod(const std::string& name, const std::string& yaml);
  void RemovePod(const std::string& name);
  // The status file of pod <name>-e2e (null if absent or unreadable).
  nlohmann::json PodStatus(const std::string& name);
  // Waits until `pred(status)` holds; fails the test with the last status.
  template <typename F>
  nlohmann::json WaitPod(const std::string& name, F pred, std::chrono::seconds limit) {
    nlohmann::json st;
    bool ok = WaitFor(
        [&] {
          st = PodStatus(name);
          return !st.is_null() && pred(st);
        },
        limit);
    EXPECT_TRUE(ok) << "pod " << name << ": " << st.dump(1) << "\n" << Logs();
    return st;
  }
  // The log of container `container` of pod <name>-e2e, restart `restart`.
  std::string ContainerLog(const std::string& name, const std::string& container, int restart);
  std::string Logs();  // Worker and kubelet output, for failure messages.
  // Containers in the runtime with label io.kubernetes.pod.name=<name>-e2e.
  std::vector<cri::v1::Container> Containers(const std::string& name);
  std::vector<cri::v1::PodSandbox> Sandboxes(const std::string& name);

  std::string binary_, tmp_, data_, run_, logs_;
  std::unique_ptr<cri::Runtime> rt_;
  pid_t worker_ = -1;
  pid_t kubelet_ = -1;
  bool bridge_existed_ = false;
  bool masquerade_existed_ = false;
  bool shim_dir_existed_ = false;
  std::set<std::string> netns_before_;
};

}  // namespace wisp::e2e
