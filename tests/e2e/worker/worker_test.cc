// `wisp worker` standalone on the real containerd + runc (as root): the CRI
// socket answers, wisp's pause image is imported, a busybox image dropped in
// <data-dir>/images is imported, a pod sandbox gets an IP in the configured
// pod CIDR, a container's `echo hello` lands in its CRI log file, and SIGTERM
// leaves no processes, mounts, network namespaces or (no pod running) nat
// rules behind. Cleans up even when an assertion fails (kill the worker's
// group and every process under the temp dir, unmount everything under it,
// delete the bridge and nat rules it created).
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "testing/host_node.h"
#include "wisp/base/files.h"
#include "wisp/cri/runtime.h"
#include "wisp/worker/oci_image.h"
#include "wisp/worker/pause_image.h"

namespace wisp {
namespace {

namespace fs = std::filesystem;
namespace v1 = cri::v1;
using Clock = std::chrono::steady_clock;

using testing::MountsUnder;
using testing::ProcessesUnder;

constexpr char kBusyboxImage[] = "docker.io/wisp-e2e/busybox:1";
constexpr char kBridge[] = "wisp0";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Polls `cond` every 100 ms until it holds or `limit` passes.
template <typename F>
bool WaitFor(F cond, std::chrono::seconds limit) {
  auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return cond();
}

class WorkerE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (containerd, runc, CNI)";
    for (const char* tool : {"/usr/bin/containerd", "/usr/sbin/runc", "/usr/bin/ctr"}) {
      if (::access(tool, X_OK) != 0) GTEST_SKIP() << tool << " is not installed";
    }
    if (::access("/bin/busybox", X_OK) != 0) GTEST_SKIP() << "busybox-static is not installed";
    const char* bin = std::getenv("WISP_BINARY");
    if (bin == nullptr) GTEST_SKIP() << "WISP_BINARY not set";
    binary_ = bin;
    bridge_existed_ = if_nametoindex(kBridge) != 0;
    masquerade_existed_ = testing::HostPodMasqueradePresent();
    shim_dir_existed_ = fs::exists("/run/containerd");
    char tmpl[] = "/tmp/wisp-e2e-worker-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    tmp_ = tmpl;
    data_ = tmp_ + "/data";
    run_ = tmp_ + "/run";
    fs::create_directories(data_ + "/images");
  }

  void TearDown() override {
    if (tmp_.empty()) return;
    if (worker_ > 0) {
      ::kill(-worker_, SIGKILL);
      ::waitpid(worker_, nullptr, 0);
    }
    for (pid_t pid : ProcessesUnder(tmp_)) ::kill(pid, SIGKILL);
    WaitFor([&] { return ProcessesUnder(tmp_).empty(); }, std::chrono::seconds(10));
    for (const std::string& m : MountsUnder(tmp_)) ::umount2(m.c_str(), MNT_DETACH);
    if (!bridge_existed_ && if_nametoindex(kBridge) != 0) {
      (void)!std::system("ip link delete wisp0 2>/dev/null");
    }
    if (!masquerade_existed_) testing::RemoveHostPodMasquerade();
    // containerd 1.6 hard-codes its shims' socket dir /run/containerd/s.
    if (!shim_dir_existed_) {
      ::rmdir("/run/containerd/s");
      ::rmdir("/run/containerd");
    }
    std::error_code ec;
    fs::remove_all(tmp_, ec);
  }

  void WriteBusyboxImage() {
    worker::OciImage image;
    image.name = kBusyboxImage;
    image.files.push_back({"bin/busybox", Slurp("/bin/busybox"), 0755, false});
    image.cmd = {"/bin/busybox", "sh"};
    auto archive = worker::BuildOciArchive(image);
    ASSERT_TRUE(archive.ok()) << archive.status();
    ASSERT_TRUE(base::WriteFileAtomic(data_ + "/images/busybox.tar", *archive).ok());
  }

  void StartWorker() {
    std::string config = tmp_ + "/wisp.yaml";
    std::ofstream(config) << "apiVersion: wisp.dev/v1beta1\nkind: ClusterConfig\n"
                             "spec:\n  network:\n    podCIDR: 10.249.0.0/16\n";
    std::string log = tmp_ + "/worker.log";
    worker_ = ::fork();
    ASSERT_GE(worker_, 0);
    if (worker_ == 0) {
      ::setpgid(0, 0);
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::string kubelet_args = "--pod-logs-dir " + tmp_ + "/kubelet-pod-logs";
      ::execl(binary_.c_str(), binary_.c_str(), "--data-dir", data_.c_str(), "--run-dir",
              run_.c_str(), "worker", "-c", config.c_str(), "--kubelet-extra-args",
              kubelet_args.c_str(), nullptr);
      ::_exit(127);
    }
    ::setpgid(worker_, worker_);
  }

  std::string WorkerLog() { return Slurp(tmp_ + "/worker.log"); }

  bool HasImage(cri::Runtime& rt, const std::string& ref) {
    v1::ImageStatusRequest req;
    req.mutable_image()->set_image(ref);
    auto resp = rt.ImageStatus(req);
    return resp.ok() && resp->has_image();
  }

  std::string binary_, tmp_, data_, run_;
  pid_t worker_ = -1;
  bool bridge_existed_ = false;
  bool masquerade_existed_ = false;
  bool shim_dir_existed_ = false;
};

TEST_F(WorkerE2eTest, RunsAPodOnRealContainerdAndCleansUpOnSigterm) {
  WriteBusyboxImage();
  StartWorker();
  auto rt = cri::NewGrpcRuntime(run_ + "/containerd/containerd.sock");

  v1::VersionRequest vreq;
  vreq.set_version("v1");
  ASSERT_TRUE(WaitFor([&] { return rt->Version(vreq).ok(); }, std::chrono::seconds(60)))
      << WorkerLog();
  auto version = rt->Version(vreq);
  EXPECT_EQ(version->runtime_name(), "containerd");
  EXPECT_EQ(version->runtime_api_version(), "v1");

  ASSERT_TRUE(WaitFor([&] { return HasImage(*rt, kBusyboxImage); }, std::chrono::seconds(90)))
      << WorkerLog();
  EXPECT_TRUE(HasImage(*rt, worker::PauseImageName())) << WorkerLog();
  EXPECT_TRUE(fs::exists(data_ + "/containerd.toml"));
  EXPECT_TRUE(fs::exists(data_ + "/cni/net.d/10-wisp.conflist"));
  // Pod traffic leaving the pod network is masqueraded by one node-wide rule.
  EXPECT_NE(testing::HostNatPostrouting().find(
                "-A POSTROUTING -s 10.249.0.0/24 ! -d 10.249.0.0/24 -m comment --comment "
                "wisp-pod-egress -j WISP-POD-EGRESS\n"),
            std::string::npos)
      << testing::HostNatPostrouting() << WorkerLog();

  // A pod sandbox with its network namespace and IP.
  std::string pod_logs = tmp_ + "/pod-logs";
  fs::create_directories(pod_logs);
  v1::RunPodSandboxRequest run;
  v1::PodSandboxConfig* pod = run.mutable_config();
  pod->mutable_metadata()->set_name("e2e");
  pod->mutable_metadata()->set_namespace_("default");
  pod->mutable_metadata()->set_uid("e2e-uid-1");
  pod->set_hostname("e2e");
  pod->set_log_directory(pod_logs);
  auto sandbox = rt->RunPodSandbox(run);
  ASSERT_TRUE(sandbox.ok()) << sandbox.status() << "\n" << WorkerLog();
  const std::string sandbox_id = sandbox->pod_sandbox_id();

  v1::PodSandboxStatusRequest sreq;
  sreq.set_pod_sandbox_id(sandbox_id);
  auto status = rt->PodSandboxStatus(sreq);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->status().state(), v1::SANDBOX_READY);
  const std::string& ip = status->status().network().ip();
  EXPECT_EQ(ip.rfind("10.249.0.", 0), 0u) << "pod IP " << ip << " is not in 10.249.0.0/24";
  EXPECT_NE(ip, "10.249.0.0");

  v1::ListPodSandboxRequest lreq;
  auto pods = rt->ListPodSandbox(lreq);
  ASSERT_TRUE(pods.ok()) << pods.status();
  EXPECT_EQ(pods->items_size(), 1);

  // A container that prints hello into its CRI log.
  v1::CreateContainerRequest creq;
  creq.set_pod_sandbox_id(sandbox_id);
  *creq.mutable_sandbox_config() = *pod;
  v1::ContainerConfig* c = creq.mutable_config();
  c->mutable_metadata()->set_name("hello");
  c->mutable_image()->set_image(kBusyboxImage);
  c->add_command("/bin/busybox");
  c->add_args("echo");
  c->add_args("hello");
  c->set_log_path("hello/0.log");
  auto created = rt->CreateContainer(creq);
  ASSERT_TRUE(created.ok()) << created.status() << "\n" << WorkerLog();
  v1::StartContainerRequest start;
  start.set_container_id(created->container_id());
  auto started = rt->StartContainer(start);
  ASSERT_TRUE(started.ok()) << started.status();

  v1::ContainerStatusRequest csreq;
  csreq.set_container_id(created->container_id());
  ASSERT_TRUE(WaitFor(
      [&] {
        auto s = rt->ContainerStatus(csreq);
        return s.ok() && s->status().state() == v1::CONTAINER_EXITED;
      },
      std::chrono::seconds(30)));
  auto cstatus = rt->ContainerStatus(csreq);
  EXPECT_EQ(cstatus->status().exit_code(), 0);
  std::string log_path = pod_logs + "/hello/0.log";
  EXPECT_EQ(cstatus->status().log_path(), log_path);
  std::string log = Slurp(log_path);
  // CRI log format: "<RFC3339Nano> stdout F hello".
  EXPECT_NE(log.find(" stdout F hello\n"), std::string::npos) << log;

  // Stop and remove everything through CRI.
  v1::StopContainerRequest stop;
  stop.set_container_id(created->container_id());
  EXPECT_TRUE(rt->StopContainer(stop).ok());
  v1::RemoveContainerRequest remove;
  remove.set_container_id(created->container_id());
  EXPECT_TRUE(rt->RemoveContainer(remove).ok());
  v1::StopPodSandboxRequest stop_pod;
  stop_pod.set_pod_sandbox_id(sandbox_id);
  EXPECT_TRUE(rt->StopPodSandbox(stop_pod).ok());
  v1::RemovePodSandboxRequest remove_pod;
  remove_pod.set_pod_sandbox_id(sandbox_id);
  EXPECT_TRUE(rt->RemovePodSandbox(remove_pod).ok());
  auto after = rt->ListContainers(v1::ListContainersRequest());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->containers_size(), 0);

  // SIGTERM: the worker stops containerd and exits cleanly.
  ASSERT_EQ(::kill(worker_, SIGTERM), 0);
  int wstatus = 0;
  bool exited = WaitFor([&] { return ::waitpid(worker_, &wstatus, WNOHANG) == worker_; },
                        std::chrono::seconds(30));
  ASSERT_TRUE(exited) << WorkerLog();
  worker_ = -1;
  EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) << WorkerLog();
  EXPECT_TRUE(WaitFor([&] { return ProcessesUnder(tmp_).empty(); }, std::chrono::seconds(10)))
      << "left-over processes: " << ProcessesUnder(tmp_).size();
  EXPECT_TRUE(MountsUnder(tmp_).empty()) << "left-over mount: " << MountsUnder(tmp_)[0];
  // No pod was left running, so no masquerade rule is left either.
  if (!masquerade_existed_) {
    EXPECT_EQ(testing::HostNatPostrouting().find("wisp-pod-egress"), std::string::npos)
        << testing::HostNatPostrouting();
    EXPECT_FALSE(testing::HostPodMasqueradePresent());
  }
}

}  // namespace
}  // namespace wisp
