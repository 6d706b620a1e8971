// File: tests/unit/kubelet/fake_runtime.h
//
// An in-memory cri::Runtime for the kubelet's unit tests: sandboxes and
// containers with CRI's states, label filters as containerd applies them,
// and hooks for the test to make containers exit. Created-at times increase
// by one per object so "newest" is well defined. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "wisp/cri/runtime.h"

namespace wisp::testing {

namespace v1 = cri::v1;

class FakeRuntime final : public cri::Runtime {
 public:
  struct Sandbox {
    v1::PodSandboxConfig config;
    v1::PodSandboxState state = v1::SANDBOX_READY;
    int64_t created_at = 0;
    std::string ip;
  };
  struct Container {
    std::string sandbox_id;
    v1::ContainerConfig config;
    v1::ContainerState state = v1::CONTAINER_CREATED;
    int64_t created_at = 0, started_at = 0, finished_at = 0;
    int exit_code = 0;
    std::string reason;
  };

  // --- Test controls.
  void AddImage(const std::string& ref) {
    std::lock_guard<std::mutex> l(mu_);
    images_.insert(ref);
  }
  void Exit(const std::string& id, int code, int64_t finished_at, const std::string& reason = "") {
    std::lock_guard<std::mutex> l(mu_);
    Container& c = containers_.at(id);
    c.state = v1::CONTAINER_EXITED;
    c.exit_code = code;
    c.finished_at = finished_at;
    c.reason = reason.empty() ? (code == 0 ? "Completed" : "Error") : reason;
  }
  void FailReopen(bool fail) {
    std::lock_guard<std::mutex> l(mu_);
    fail_reopen_ = fail;
  }
  std::vector<std::string> reopened() const {
    std::lock_guard<std::mutex> l(mu_);
    return reopened_;
  }
  void SetSandboxState(const std::string& id, v1::PodSandboxState s) {
    std::lock_guard<std::mutex> l(mu_);
    sandboxes_.at(id).state = s;
  }
  std::map<std::string, Sandbox> sandboxes() const {
    std::lock_guard<std::mutex> l(mu_);
    return sandboxes_;
  }
  std::map<std::string, Container> containers() const {
    std::lock_guard<std::mutex> l(mu_);
    return containers_;
  }
  // IDs of containers named `name`, oldest first.
  std::vector<std::string> ContainersNamed(const std::string& name) const {
    std::lock_guard<std::mutex> l(mu_);
    std::vector<std::pair<int64_t, std::string>> v;
    for (const auto& [id, c] : containers_) {
      if (c.config.metadata().name() == name) v.emplace_back(c.created_at, id);
    }
    std::sort(v.begin(), v.end());
    std::vector<std::string> out;
    for (auto& p : v) out.push_back(p.second);
    return out;
  }
  int list_calls() const {
    std::lock_guard<std::mutex> l(mu_);
    return list_calls_;
  }
  // ListContainers calls with a label selector (one pod's), as opposed to
  // the kubelet's node-wide listing.
  int filtered_list_calls() const {
    std::lock_guard<std::mutex> l(mu_);
    return filtered_list_calls_;
  }
  int pulls() const {
    std::lock_guard<std::mutex> l(mu_);
    return pulls_;
  }
  std::vector<int64_t> stop_timeouts() const {
    std::lock_guard<std::mutex> l(mu_);
    return stop_timeouts_;
  }
  int64_t now = 1'000'000'000;  // Wall time for started_at, ns.

  // --- cri::Runtime.
  absl::StatusOr<v1::VersionResponse> Version(const v1::VersionRequest&) override {
    v1::VersionResponse r;
    r.set_runtime_name("fake");
    return r;
  }
  absl::StatusOr<v1::RunPodSandboxResponse> RunPodSandbox(
      const v1::RunPodSandboxRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    std::string id = "sb" + std::to_string(++next_id_);
    Sandbox& s = sandboxes_[id];
    s.config = req.config();
    s.created_at = ++clock_;
    s.ip = "10.0.0." + std::to_string(next_id_);
    v1::RunPodSandboxResponse r;
    r.set_pod_sandbox_id(id);
    return r;
  }
  absl::StatusOr<v1::StopPodSandboxResponse> StopPodSandbox(
      const v1::StopPodSandboxRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    auto it = sandboxes_.find(req.pod_sandbox_id());
    if (it == sandboxes_.end()) return absl::NotFoundError("no sandbox");
    it->second.state = v1::SANDBOX_NOTREADY;
    for (auto& [id, c] : containers_) {
      if (c.sandbox_id == req.pod_sandbox_id() && c.state == v1::CONTAINER_RUNNING) {
        c.state = v1::CONTAINER_EXITED;
        c.exit_code = 137;
        c.reason = "Error";
      }
    }
    return v1::StopPodSandboxResponse();
  }
  absl::StatusOr<v1::RemovePodSandboxResponse> RemovePodSandbox(
      const v1::RemovePodSandboxRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    sandboxes_.erase(req.pod_sandbox_id());
    for (auto it = containers_.begin(); it != containers_.end();) {
      it = it->second.sandbox_id == req.pod_sandbox_id() ? containers_.erase(it) : std::next(it);
    }
    return v1::RemovePodSandboxResponse();
  }
  absl::StatusOr<v1::PodSandboxStatusResponse> PodSandboxStatus(
      const v1::PodSandboxStatusRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    auto it = sandboxes_.find(req.pod_sandbox_id());
    if (it == sandboxes_.end()) return absl::NotFoundError("no sandbox");
    v1::PodSandboxStatusResponse r;
    r.mutable_status()->set_id(it->first);
    r.mutable_status()->set_state(it->second.state);
    r.mutable_status()->mutable_network()->set_ip(it->second.ip);
    return r;
  }
  absl::StatusOr<v1::ListPodSandboxResponse> ListPodSandbox(
      const v1::ListPodSandboxRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    v1::ListPodSandboxResponse r;
    for (const auto& [id, s] : sandboxes_) {
      if (!Matches(s.config.labels(), req.filter().label_selector())) continue;
      v1::PodSandbox* p = r.add_items();
      p->set_id(id);
      *p->mutable_metadata() = s.config.metadata();
      p->set_state(s.state);
      p->set_created_at(s.created_at);
      *p->mutable_labels() = s.config.labels();
      *p->mutable_annotations() = s.config.annotations();
    }
    return r;
  }
  absl::StatusOr<v1::CreateContainerResponse> CreateContainer(
      const v1::CreateContainerRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    if (sandboxes_.count(req.pod_sandbox_id()) == 0) return absl::NotFoundError("no sandbox");
    for (const auto& [id, c] : containers_) {
      if (c.sandbox_id == req.pod_sandbox_id() &&
          c.config.metadata().name() == req.config().metadata().name() &&
          c.config.metadata().attempt() == req.config().metadata().attempt()) {
        return absl::AlreadyExistsError("name reserved");
      }
    }
    std::string id = "c" + std::to_string(++next_id_);
    Container& c = containers_[id];
    c.sandbox_id = req.pod_sandbox_id();
    c.config = req.config();
    c.created_at = ++clock_;
    v1::CreateContainerResponse r;
    r.set_container_id(id);
    return r;
  }
  absl::StatusOr<v1::StartContainerResponse> StartContainer(
      const v1::StartContainerRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    Container& c = containers_.at(req.container_id());
    c.state = v1::CONTAINER_RUNNING;
    c.started_at = now;
    return v1::StartContainerResponse();
  }
  absl::StatusOr<v1::StopContainerResponse> StopContainer(
      const v1::StopContainerRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    auto it = containers_.find(req.container_id());
    if (it == containers_.end()) return absl::NotFoundError("no container");
    stop_timeouts_.push_back(req.timeout());
    if (it->second.state == v1::CONTAINER_RUNNING) {
      it->second.state = v1::CONTAINER_EXITED;
      it->second.exit_code = 137;
      it->second.reason = "Error";
      it->second.finished_at = now;
    }
    return v1::StopContainerResponse();
  }
  absl::StatusOr<v1::RemoveContainerResponse> RemoveContainer(
      const v1::RemoveContainerRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    containers_.erase(req.container_id());
    return v1::RemoveContainerResponse();
  }
  absl::StatusOr<v1::ListContainersResponse> ListContainers(
      const v1::ListContainersRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    ++list_calls_;
    if (!req.filter().label_selector().empty()) ++filtered_list_calls_;
    v1::ListContainersResponse r;
    for (const auto& [id, c] : containers_) {
      if (!Matches(c.config.labels(), req.filter().label_selector())) continue;
      v1::Container* out = r.add_containers();
      out->set_id(id);
      out->set_pod_sandbox_id(c.sandbox_id);
      *out->mutable_metadata() = c.config.metadata();
      out->set_state(c.state);
      out->set_created_at(c.created_at);
      *out->mutable_labels() = c.config.labels();
      *out->mutable_annotations() = c.config.annotations();
    }
    return r;
  }
  absl::StatusOr<v1::ContainerStatusResponse> ContainerStatus(
      const v1::ContainerStatusRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    auto it = containers_.find(req.container_id());
    if (it == containers_.end()) return absl::NotFoundError("no container");
    const Container& c = it->second;
    v1::ContainerStatusResponse r;
    v1::ContainerStatus* s = r.mutable_status();
    s->set_id(it->first);
    *s->mutable_metadata() = c.config.metadata();
    s->set_state(c.state);
    s->set_created_at(c.created_at);
    s->set_started_at(c.started_at);
    s->set_finished_at(c.finished_at);
    // As containerd: the sandbox's log directory joined with the container's
    // relative log path.
    if (auto sb = sandboxes_.find(c.sandbox_id);
        sb != sandboxes_.end() && !c.config.log_path().empty()) {
      s->set_log_path(sb->second.config.log_directory() + "/" + c.config.log_path());
    }
    s->set_exit_code(c.exit_code);
    s->set_reason(c.reason);
    s->set_image_ref("sha256:" + c.config.image().image());
    *s->mutable_labels() = c.config.labels();
    *s->mutable_annotations() = c.config.annotations();
    return r;
  }
  absl::StatusOr<v1::ExecSyncResponse> ExecSync(const v1::ExecSyncRequest&) override {
    return v1::ExecSyncResponse();
  }
  absl::StatusOr<v1::ReopenContainerLogResponse> ReopenContainerLog(
      const v1::ReopenContainerLogRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_reopen_) return absl::UnavailableError("reopen failed");
    reopened_.push_back(req.container_id());
    return v1::ReopenContainerLogResponse();
  }
  absl::StatusOr<v1::PullImageResponse> PullImage(const v1::PullImageRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    ++pulls_;
    if (req.image().image().find("missing") != std::string::npos) {
      return absl::NotFoundError("pull access denied");
    }
    images_.insert(req.image().image());
    v1::PullImageResponse r;
    r.set_image_ref(req.image().image());
    return r;
  }
  absl::StatusOr<v1::ImageStatusResponse> ImageStatus(const v1::ImageStatusRequest& req) override {
    std::lock_guard<std::mutex> l(mu_);
    v1::ImageStatusResponse r;
    if (images_.count(req.image().image())) r.mutable_image()->set_id(req.image().image());
    return r;
  }
  absl::StatusOr<v1::ListImagesResponse> ListImages(const v1::ListImagesRequest&) override {
    return v1::ListImagesResponse();
  }

 private:
  template <typename M>
  static bool Matches(const M& labels, const M& selector) {
    for (const auto& [k, v] : selector) {
      auto it = labels.find(k);
      if (it == labels.end() || it->second != v) return false;
    }
    return true;
  }

  mutable std::mutex mu_;
  std::map<std::string, Sandbox> sandboxes_;
  std::map<std::string, Container> containers_;
  std::set<std::string> images_;
  std::vector<int64_t> stop_timeouts_;
  int next_id_ = 0;
  int64_t clock_ = 0;
  int pulls_ = 0;
  int list_calls_ = 0;
  int filtered_list_calls_ = 0;
  bool fail_reopen_ = false;
  std::vector<std::string> reopened_;
};

// Forwards every call to a FakeRuntime the test keeps, so components that
// own their runtime (NewKubelet) can share one, e.g. across a restart.
class RuntimeRef final : public cri::Runtime {
 public:
  explicit RuntimeRef(cri::Runtime& target) : t_(target) {}
#define WISP_FORWARD(Rpc)                                                       \
  absl::StatusOr<v1::Rpc##Response> Rpc(const v1::Rpc##Request& req) override { \
    return t_.Rpc(req);                                                         \
  }
  WISP_FORWARD(Version)
  WISP_FORWARD(RunPodSandbox)
  WISP_FORWARD(StopPodSandbox)
  WISP_FORWARD(RemovePodSandbox)
  WISP_FORWARD(PodSandboxStatus)
  WISP_FORWARD(ListPodSandbox)
  WISP_FORWARD(CreateContainer)
  WISP_FORWARD(StartContainer)
  WISP_FORWARD(StopContainer)
  WISP_FORWARD(RemoveContainer)
  WISP_FORWARD(ListContainers)
  WISP_FORWARD(ContainerStatus)
  WISP_FORWARD(ExecSync)
  WISP_FORWARD(ReopenContainerLog)
  WISP_FORWARD(PullImage)
  WISP_FORWARD(ImageStatus)
  WISP_FORWARD(ListImages)
#undef WISP_FORWARD

 private:
  cri::Runtime& t_;
};

}  // namespace wisp::testing
