// File: src/kubelet/pod_worker.cc
#include "kubelet/pod_worker.h"

#include "kubelet/pod_status.h"
#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {
namespace {

constexpr char kLog[] = "kubelet";
using Steady = std::chrono::steady_clock;

WorkerEnv Through(WorkerEnv env, cri::Runtime* runtime) {
  env.sync.runtime = runtime;
  return env;
}

}  // namespace

PodWorker::PodWorker(std::string uid, std::string namespace_, std::string name, WorkerEnv env)
    : uid_(std::move(uid)),
      namespace_(std::move(namespace_)),
      name_(std::move(name)),
      runtime_(std::make_unique<CountingRuntime>(*env.sync.runtime)),
      env_(Through(std::move(env), runtime_.get())),
      syncer_(std::make_unique<PodSyncer>(env_.sync)),
      prober_(std::make_unique<Prober>(*env_.sync.handlers)),
      rotator_(std::make_unique<LogRotator>(*env_.sync.runtime, env_.log_rotation, env_.sync.now)) {
}

PodWorker::~PodWorker() { Stop(); }

void PodWorker::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void PodWorker::Update(std::optional<Pod> pod) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!pod) {
    terminating_ = true;
  } else {
    pod_ = std::move(pod);
  }
  poked_ = true;
  cv_.notify_all();
}

void PodWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

bool PodWorker::Terminating() const {
  std::lock_guard<std::mutex> lock(mu_);
  return terminating_;
}

bool PodWorker::Done() const {
  std::lock_guard<std::mutex> lock(mu_);
  return done_;
}

void PodWorker::Warn(const std::string& message) {
  if (message == last_warning_) return;  // Once per change, not once per sync.
  last_warning_ = message;
  base::LogWarn(kLog, message);
}

void PodWorker::Loop() {
  Steady::time_point next = Steady::now();
  while (true) {
    std::optional<Pod> pod;
    bool terminating = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_until(lock, next, [&] { return stop_ || poked_; });
      if (stop_) return;
      poked_ = false;
      terminating = terminating_;
      if (!terminating) pod = pod_;
    }
    if (terminating) {
      if (KillOnce()) {
        std::lock_guard<std::mutex> lock(mu_);
        done_ = true;
        return;
      }
      next = Steady::now() + env_.sync_frequency;
      continue;
    }
    next = pod ? SyncOnce(*pod) : Steady::now() + env_.sync_frequency;
  }
}

bool PodWorker::KillOnce() {
  absl::StatusOr<PodRuntimeState> state = GetPodState(*env_.sync.runtime, uid_);
  if (!state.ok()) {
    Warn(base::StrCat("pod ", uid_, ": ", state.status().message()));
    return false;
  }
  if (absl::Status st = syncer_->Kill(uid_, *state); !st.ok()) {
    Warn(base::StrCat("killing pod ", namespace_, "/", name_, ": ", st.message()));
    return false;
  }
  state = GetPodState(*env_.sync.runtime, uid_);
  bool gone = state.ok() && state->sandboxes.empty() && state->containers.empty();
  if (gone)
    base::LogInfo(kLog, base::StrCat("pod ", namespace_, "/", name_, " (", uid_, ") removed"));
  return gone;
}

Steady::time_point PodWorker::SyncOnce(const Pod& pod) {
  cri::Runtime& rt = *env_.sync.runtime;
  Steady::time_point next = Steady::now() + env_.sync_frequency;
  absl::StatusOr<PodRuntimeState> state = GetPodState(rt, uid_);
  if (!state.ok()) {
    Warn(base::StrCat("pod ", namespace_, "/", name_, ": ", state.status().message()));
    return next;
  }
  SyncResult result;
  const uint64_t changes_before = runtime_->changes();
  absl::Status st = syncer_->Sync(pod, *state, prober_->Unhealthy(), result);
  if (st.ok()) last_warning_.clear();
  if (!st.ok()) {
    Warn(base::StrCat("sync pod ", namespace_, "/", name_, ": ", st.message()));
  }
  // The state after this sync's actions, for probes and status (when it
  // took none, the state read above is that state).
  if (runtime_->changes() != changes_before) {
    if (absl::StatusOr<PodRuntimeState> after = GetPodState(rt, uid_); after.ok()) {
      state = std::move(after);
    }
  }
  const cri::v1::PodSandbox* sandbox = CurrentSandbox(*state);
  if (sandbox == nullptr) {
    sandbox_id_.clear();
    pod_ip_.clear();
  } else if (sandbox->id() != sandbox_id_ || (pod_ip_.empty() && !pod.host_network)) {
    cri::v1::PodSandboxStatusRequest req;
    req.set_pod_sandbox_id(sandbox->id());
    if (auto s = rt.PodSandboxStatus(req); s.ok()) {
      sandbox_id_ = sandbox->id();
      pod_ip_ = pod.host_network ? env_.host_ip : s->status().network().ip();
    }
  }
  auto now = env_.sync.now();
  prober_->RunDue(pod, *state, pod_ip_, now);
  RotateLogs(*state);
  StatusInput in;
  in.pod = &pod;
  in.state = &*state;
  in.sync = &result;
  in.pod_ip = pod_ip_;
  in.host_ip = env_.host_ip;
  in.ready = [this](const std::string& id) { return prober_->Ready(id); };
  in.started = [this](const std::string& id) { return prober_->Started(id); };
  in.now = now;
  in.pods_dir = env_.sync.pods_dir;
  in.previous = last_status_.is_null() ? nullptr : &last_status_;
  last_status_ = ComputeStatus(in);
  WriteStatus(pod, last_status_);
  Prober::Time due = prober_->NextDue();
  if (due != Prober::Time::max()) {
    auto wait = std::max(std::chrono::system_clock::duration::zero(), due - now);
    next = std::min(next, Steady::now() + std::chrono::duration_cast<Steady::duration>(wait));
  }
  return next;
}

void PodWorker::RotateLogs(const PodRuntimeState& state) {
  for (const ContainerInfo& c : state.containers) {
    if (c.status.state() != cri::v1::CONTAINER_RUNNING) continue;
    if (absl::Status st = rotator_->MaybeRotate(c.id, c.status.log_path()); !st.ok()) {
      Warn(base::StrCat("pod ", namespace_, "/", name_, ": ", st.message()));
    }
  }
}

void PodWorker::WriteStatus(const Pod& pod, const nlohmann::json& status) {
  nlohmann::json obj = pod.object;
  obj["status"] = status;
  std::string text = obj.dump(2) + "\n";
  if (text == last_written_) return;
  if (absl::Status st = base::WriteFileAtomic(env_.status_path(pod.namespace_, pod.name), text);
      !st.ok()) {
    Warn(base::StrCat("status of ", pod.namespace_, "/", pod.name, ": ", st.message()));
    return;
  }
  last_written_ = std::move(text);
}

}  // namespace wisp::kubelet
