// File: tests/e2e/kubelet/fixture.cc
#include "e2e/kubelet/fixture.h"

#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "testing/host_node.h"
#include "wisp/base/files.h"
#include "wisp/worker/oci_image.h"

namespace wisp::e2e {
namespace {

namespace fs = std::filesystem;
namespace v1 = cri::v1;
using testing::MountsUnder;
using testing::NetNamespaces;
using testing::ProcessesUnder;
constexpr char kBridge[] = "wisp0";

pid_t Spawn(const std::vector<std::string>& argv, const std::string& log) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    // If the test process dies (e.g. a sanitizer abort), so does the node;
    // the supervisor's children follow it (PR_SET_PDEATHSIG there too).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  if (pid > 0) ::setpgid(pid, pid);
  return pid;
}

void KillGroup(pid_t& pid) {
  if (pid <= 0) return;
  ::kill(-pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  pid = -1;
}

}  // namespace

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void KubeletNode::SetUp() {
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
  netns_before_ = NetNamespaces();
  char tmpl[] = "/tmp/wisp-e2e-kubelet-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  tmp_ = tmpl;
  data_ = tmp_ + "/data";
  run_ = tmp_ + "/run";
  logs_ = tmp_ + "/pod-logs";
  fs::create_directories(data_ + "/images");
  fs::create_directories(data_ + "/manifests/pods");
  worker::OciImage image;
  image.name = kBusybox;
  image.files.push_back({"bin/busybox", Slurp("/bin/busybox"), 0755, false});
  for (const char* applet : {"sh", "sleep", "cat", "echo", "head", "tr", "ls", "ip", "nc", "httpd",
                             "mkdir", "true", "false", "id", "hostname", "wget", "touch", "date"}) {
    image.files.push_back({std::string("bin/") + applet, "busybox", 0777, true});
  }
  image.cmd = {"/bin/sh"};
  auto archive = worker::BuildOciArchive(image);
  ASSERT_TRUE(archive.ok()) << archive.status();
  ASSERT_TRUE(base::WriteFileAtomic(data_ + "/images/busybox.tar", *archive).ok());
}

void KubeletNode::TearDown() {
  if (tmp_.empty()) return;
  // The orderly way first: no manifests → the kubelet removes every pod.
  if (rt_ != nullptr && (kubelet_ > 0 || worker_ > 0)) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(data_ + "/manifests/pods", ec)) {
      fs::remove(e.path(), ec);
    }
    WaitFor(
        [&] {
          auto list = rt_->ListPodSandbox(v1::ListPodSandboxRequest());
          return list.ok() && list->items_size() == 0;
        },
        std::chrono::seconds(40));
  }
  KillGroup(kubelet_);
  KillGroup(worker_);
  for (pid_t pid : ProcessesUnder(tmp_)) ::kill(pid, SIGKILL);
  WaitFor([&] { return ProcessesUnder(tmp_).empty(); }, std::chrono::seconds(10));
  for (const std::string& ns : NetNamespaces()) {
    if (netns_before_.count(ns) == 0) {
      ::umount2(ns.c_str(), MNT_DETACH);
      ::unlink(ns.c_str());
    }
  }
  for (const std::string& m : MountsUnder(tmp_)) ::umount2(m.c_str(), MNT_DETACH);
  if (!bridge_existed_ && if_nametoindex(kBridge) != 0) {
    (void)!std::system("ip link delete wisp0 2>/dev/null");
  }
  if (!masquerade_existed_) testing::RemoveHostPodMasquerade();
  if (!shim_dir_existed_) {
    ::rmdir("/run/containerd/s");
    ::rmdir("/run/containerd");
  }
  std::error_code ec;
  fs::remove_all(tmp_, ec);
}

void KubeletNode::StartNode(bool supervise_kubelet, bool wait_for_image) {
  std::string config = tmp_ + "/wisp.yaml";
  std::ofstream(config) << "apiVersion: wisp.dev/v1beta1\nkind: ClusterConfig\n"
                           "spec:\n  network:\n    podCIDR: 10.249.0.0/16\n";
  std::vector<std::string> argv = {binary_, "--data-dir", data_, "--run-dir",
                                   run_,    "worker",     "-c",  config};
  if (supervise_kubelet) {
    argv.push_back("--kubelet-extra-args");
    argv.push_back("--pod-logs-dir " + logs_ + " --node-name " + kNode + " --sync-frequency 500ms");
  } else {
    argv.push_back("--no-kubelet");
  }
  worker_ = Spawn(argv, tmp_ + "/worker.log");
  ASSERT_GT(worker_, 0);
  rt_ = cri::NewGrpcRuntime(run_ + "/containerd/containerd.sock");
  ASSERT_TRUE(WaitFor(
      [&] {
        if (!wait_for_image) {
          v1::VersionRequest version;
          version.set_version("v1");
          return rt_->Version(version).ok();
        }
        v1::ImageStatusRequest req;
        req.mutable_image()->set_image(kBusybox);
        auto resp = rt_->ImageStatus(req);
        return resp.ok() && resp->has_image();
      },
      std::chrono::seconds(90)))
      << Logs();
}

void KubeletNode::StartKubelet(const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {
      binary_, "--data-dir",  data_, "--run-dir",        run_,   "kubelet", "--pod-logs-dir",
      logs_,   "--node-name", kNode, "--sync-frequency", "500ms"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  kubelet_ = Spawn(argv, tmp_ + "/kubelet.log");
  ASSERT_GT(kubelet_, 0);
}

void KubeletNode::KillKubelet() {
  ASSERT_GT(kubelet_, 0);
  ::kill(kubelet_, SIGKILL);
  ::waitpid(kubelet_, nullptr, 0);
  kubelet_ = -1;
}

void KubeletNode::WritePod(const std::string& name, const std::string& yaml) {
  // Atomically, as a config management tool would.
  ASSERT_TRUE(base::WriteFileAtomic(data_ + "/manifests/pods/" + name + ".yaml", yaml).ok());
}

void KubeletNode::RemovePod(const std::string& name) {
  ASSERT_EQ(::unlink((data_ + "/manifests/pods/" + name + ".yaml").c_str()), 0);
}

nlohmann::json KubeletNode::PodStatus(const std::string& name) {
  std::string text = Slurp(run_ + "/kubelet/pods/default_" + name + "-" + kNode + ".json");
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("status")) return nullptr;
  return j["status"];
}

std::string KubeletNode::ContainerLog(const std::string& name, const std::string& container,
                                      int restart) {
  nlohmann::json st = PodStatus(name);
  std::string uid = Slurp(run_ + "/kubelet/pods/default_" + name + "-" + kNode + ".json");
  auto obj = nlohmann::json::parse(uid, nullptr, false);
  if (obj.is_discarded()) return "";
  std::string dir =
      logs_ + "/default_" + name + "-" + kNode + "_" + obj["metadata"]["uid"].get<std::string>();
  return Slurp(dir + "/" + container + "/" + std::to_string(restart) + ".log");
}

std::string KubeletNode::Logs() {
  return "--- worker log\n" + Slurp(tmp_ + "/worker.log") + "--- kubelet log\n" +
         Slurp(tmp_ + "/kubelet.log") + Slurp(data_ + "/logs/kubelet.log");
}

std::vector<v1::Container> KubeletNode::Containers(const std::string& name) {
  v1::ListContainersRequest req;
  (*req.mutable_filter()->mutable_label_selector())["io.kubernetes.pod.name"] = name + "-" + kNode;
  auto resp = rt_->ListContainers(req);
  if (!resp.ok()) return {};
  return {resp->containers().begin(), resp->containers().end()};
}

std::vector<v1::PodSandbox> KubeletNode::Sandboxes(const std::string& name) {
  v1::ListPodSandboxRequest req;
  (*req.mutable_filter()->mutable_label_selector())["io.kubernetes.pod.name"] = name + "-" + kNode;
  auto resp = rt_->ListPodSandbox(req);
  if (!resp.ok()) return {};
  return {resp->items().begin(), resp->items().end()};
}

}  // namespace wisp::e2e
