// File: src/kubelet/kubelet.cc
#include "wisp/kubelet/kubelet.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "kubelet/handler_runner.h"
#include "kubelet/pod_state.h"
#include "kubelet/pod_worker.h"
#include "kubelet/static_pods.h"
#include "wisp/apimachinery/quantity.h"
#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/memory.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {
namespace {

constexpr char kLog[] = "kubelet";
constexpr auto kQuietBeforeRelease = std::chrono::seconds(5);

int64_t NodeMemory() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  int64_t kb = 0;
  while (in >> key >> kb) {
    if (key == "MemTotal:") return kb * 1024;
    in.ignore(256, '\n');
  }
  return 0;
}

// The first non-loopback IPv4 address (the node's hostIP); "" if none.
std::string HostIp() {
  ifaddrs* addrs = nullptr;
  if (::getifaddrs(&addrs) != 0) return "";
  std::string out;
  for (ifaddrs* a = addrs; a != nullptr && out.empty(); a = a->ifa_next) {
    if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) continue;
    std::string name = a->ifa_name;
    if (name == "lo" || name.rfind("wisp", 0) == 0 || name.rfind("veth", 0) == 0 ||
        name.rfind("cni", 0) == 0) {
      continue;
    }
    char buf[INET_ADDRSTRLEN];
    auto* sin = reinterpret_cast<sockaddr_in*>(a->ifa_addr);
    if (::inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf) != nullptr) out = buf;
  }
  ::freeifaddrs(addrs);
  return out;
}

class Kubelet final : public component::Component {
 public:
  Kubelet(KubeletOptions options, std::unique_ptr<cri::Runtime> runtime)
      : options_(std::move(options)), runtime_(std::move(runtime)) {}
  ~Kubelet() override { (void)Stop(); }

  std::string Name() const override { return "kubelet"; }

  absl::Status Init() override {
    for (const auto& [dir, mode] : {std::pair{options_.pod_manifest_path, 0755},
                                    {options_.pod_logs_dir, 0755},
                                    {options_.pods_dir, 0750},
                                    {options_.run_dir + "/kubelet/pods", 0755}}) {
      if (absl::Status st = base::MakeDirs(dir, mode); !st.ok()) return st;
    }
    if (absl::Status st = ValidateOptions(options_); !st.ok()) return st;
    env_.log_rotation.max_size = *apimachinery::ParseQuantity(options_.container_log_max_size);
    env_.log_rotation.max_files = options_.container_log_max_files;
    handlers_ = NewHandlerRunner(*runtime_);
    env_.sync.runtime = runtime_.get();
    env_.sync.handlers = handlers_.get();
    env_.sync.pod_logs_dir = options_.pod_logs_dir;
    env_.sync.pods_dir = options_.pods_dir;
    env_.sync.node_memory = NodeMemory();
    env_.sync.mount_tmpfs = ::geteuid() == 0;
    env_.sync.now = [] { return std::chrono::system_clock::now(); };
    env_.sync_frequency = options_.sync_frequency;
    env_.host_ip = HostIp();
    env_.sync.host_ip = env_.host_ip;
    env_.sync.node_cpu_milli = 1000 * static_cast<int64_t>(std::thread::hardware_concurrency());
    KubeletOptions o = options_;
    env_.status_path = [o](const std::string& ns, const std::string& name) {
      return PodStatusPath(o, ns, name);
    };
    return absl::OkStatus();
  }

  absl::Status Start() override {
    if (thread_.joinable()) return absl::OkStatus();
    stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (stop_fd_ < 0) return base::ErrnoStatus("eventfd");
    inotify_fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (inotify_fd_ < 0) return base::ErrnoStatus("inotify_init1");
    if (::inotify_add_watch(
            inotify_fd_, options_.pod_manifest_path.c_str(),
            IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_MODIFY) < 0) {
      return base::ErrnoStatus(base::StrCat("watch ", options_.pod_manifest_path));
    }
    base::LogInfo(kLog, base::StrCat("static pods from ", options_.pod_manifest_path, ", logs in ",
                                     options_.pod_logs_dir, ", node ", options_.node_name));
    thread_ = std::thread([this] { Loop(); });
    return absl::OkStatus();
  }

  absl::Status Ready() const override {
    cri::v1::VersionRequest req;
    req.set_version("v1");
    absl::StatusOr<cri::v1::VersionResponse> v = runtime_->Version(req);
    return v.ok() ? absl::OkStatus() : v.status();
  }

  absl::Status Stop() override {
    if (thread_.joinable()) {
      uint64_t one = 1;
      (void)!::write(stop_fd_, &one, sizeof one);
      thread_.join();
    }
    for (auto& [uid, w] : workers_) w->Stop();
    workers_.clear();
    for (int* fd : {&stop_fd_, &inotify_fd_}) {
      if (*fd >= 0) ::close(*fd);
      *fd = -1;
    }
    return absl::OkStatus();
  }

 private:
  void Loop() {
    auto last_change = std::chrono::steady_clock::now();
    bool released = false;
    while (true) {
      auto now = std::chrono::steady_clock::now();
      if (SyncAll()) {
        last_change = now;
        released = false;
      }
      // Once pods stop coming and going, the code that started the kubelet
      // and its pods need not stay resident; what the workers still run
      // faults back in (base/memory.h).
      if (!released && now - last_change >= kQuietBeforeRelease) {
        (void)base::ReleaseCodePages();
        released = true;
      }
      pollfd fds[2] = {{stop_fd_, POLLIN, 0}, {inotify_fd_, POLLIN, 0}};
      int n = ::poll(fds, 2, static_cast<int>(options_.sync_frequency.count()));
      if (n > 0 && (fds[0].revents & POLLIN)) break;
      if (n > 0 && (fds[1].revents & POLLIN)) {
        char buf[4096];
        while (::read(inotify_fd_, buf, sizeof buf) > 0) {
        }
      }
    }
  }

  // Returns whether a pod worker started or finished.
  bool SyncAll() {
    bool changed = false;
    absl::StatusOr<StaticPods> pods =
        ReadStaticPods(options_.pod_manifest_path, options_.node_name);
    if (!pods.ok()) {
      base::LogWarn(kLog, base::ToStd(pods.status().message()));
      return false;  // Keep everything as it is rather than kill pods on a read error.
    }
    std::set<std::string> errors(pods->errors.begin(), pods->errors.end());
    if (errors != last_errors_) {
      for (const std::string& e : errors) base::LogWarn(kLog, base::StrCat("manifest ", e));
      last_errors_ = errors;
    }
    std::map<std::string, Pod> desired;
    std::set<std::string> desired_names;
    for (Pod& p : pods->pods) {
      desired_names.insert(p.namespace_ + "/" + p.name);
      desired.emplace(p.uid, std::move(p));
    }
    for (auto& [uid, w] : workers_) {
      if (desired.count(uid) == 0 && !w->Terminating()) w->Update(std::nullopt);
    }
    absl::StatusOr<std::map<std::string, PodName>> running = ListPods(*runtime_);
    if (running.ok()) last_runtime_error_.clear();
    if (!running.ok()) {
      std::string message(base::ToStd(running.status().message()));
      if (message != last_runtime_error_) base::LogWarn(kLog, message);
      last_runtime_error_ = message;
    } else {
      for (const auto& [uid, name] : *running) {
        if (desired.count(uid) != 0 || workers_.count(uid) != 0) continue;
        auto w = std::make_unique<PodWorker>(uid, name.namespace_, name.name, env_);
        w->Update(std::nullopt);
        w->Start();
        workers_.emplace(uid, std::move(w));
        changed = true;
      }
    }
    // Reap finished terminations, then start new pods whose name is free.
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (!it->second->Done()) {
        ++it;
        continue;
      }
      it->second->Stop();
      std::string full = it->second->Namespace() + "/" + it->second->Name();
      if (desired_names.count(full) == 0) {
        ::unlink(PodStatusPath(options_, it->second->Namespace(), it->second->Name()).c_str());
      }
      it = workers_.erase(it);
      changed = true;
    }
    std::set<std::string> terminating;
    for (auto& [uid, w] : workers_) {
      if (w->Terminating()) terminating.insert(w->Namespace() + "/" + w->Name());
    }
    for (auto& [uid, pod] : desired) {
      if (workers_.count(uid) != 0) continue;
      // As upstream: a static pod waits until the pod it replaces is gone.
      if (terminating.count(pod.namespace_ + "/" + pod.name) != 0) continue;
      base::LogInfo(kLog, base::StrCat("pod ", pod.namespace_, "/", pod.name, " (", uid, ") from ",
                                       pod.source_file));
      auto w = std::make_unique<PodWorker>(uid, pod.namespace_, pod.name, env_);
      w->Update(std::move(pod));
      w->Start();
      workers_.emplace(uid, std::move(w));
      changed = true;
    }
    return changed;
  }

  const KubeletOptions options_;
  std::unique_ptr<cri::Runtime> runtime_;
  std::unique_ptr<HandlerRunner> handlers_;
  WorkerEnv env_;
  int stop_fd_ = -1;
  int inotify_fd_ = -1;
  std::thread thread_;
  // Owned by the sync thread (and Stop after it joined).
  std::map<std::string, std::unique_ptr<PodWorker>> workers_;
  std::set<std::string> last_errors_;
  std::string last_runtime_error_;
};

}  // namespace

KubeletOptions WithDefaults(KubeletOptions o) {
  if (o.pod_manifest_path.empty()) o.pod_manifest_path = o.data_dir + "/manifests/pods";
  if (o.pods_dir.empty()) o.pods_dir = o.data_dir + "/kubelet/pods";
  if (o.pod_logs_dir.empty()) o.pod_logs_dir = "/var/log/pods";
  if (o.node_name.empty()) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    o.node_name = host;
    std::transform(o.node_name.begin(), o.node_name.end(), o.node_name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
  }
  if (o.sync_frequency.count() <= 0) o.sync_frequency = std::chrono::seconds(1);
  return o;
}

absl::Status ValidateOptions(const KubeletOptions& o) {
  absl::StatusOr<int64_t> size = apimachinery::ParseQuantity(o.container_log_max_size);
  if (!size.ok() || *size <= 0) {
    return absl::InvalidArgumentError(base::StrCat("--container-log-max-size: \"",
                                                   o.container_log_max_size,
                                                   "\" is not a positive quantity (e.g. 10Mi)"));
  }
  if (o.container_log_max_files < 2) {
    return absl::InvalidArgumentError(base::StrCat(
        "--container-log-max-files: ", o.container_log_max_files, " is below the minimum of 2"));
  }
  return absl::OkStatus();
}

std::string PodStatusPath(const KubeletOptions& options, const std::string& pod_namespace,
                          const std::string& pod_name) {
  return base::StrCat(options.run_dir, "/kubelet/pods/", pod_namespace, "_", pod_name, ".json");
}

std::unique_ptr<component::Component> NewKubelet(const KubeletOptions& options,
                                                 std::unique_ptr<cri::Runtime> runtime) {
  return std::make_unique<Kubelet>(options, std::move(runtime));
}

}  // namespace wisp::kubelet
