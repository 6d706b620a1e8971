// File: src/kubelet/pod_sync.cc
#include "kubelet/pod_sync.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "kubelet/log_rotation.h"
#include "kubelet/runtime_config.h"
#include "kubelet/volumes.h"
#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {
namespace {

namespace v1 = cri::v1;
using SysTime = std::chrono::system_clock::time_point;
constexpr char kLog[] = "kubelet";
constexpr auto kPullBackOff = std::chrono::seconds(10);

SysTime FromNanos(int64_t ns) { return SysTime(std::chrono::nanoseconds(ns)); }

std::string PodRef(const Pod& pod) {
  return base::StrCat(pod.name, "_", pod.namespace_, "(", pod.uid, ")");
}

// NotFound means it is already gone: fine for stop and remove.
absl::Status IgnoreNotFound(const absl::Status& st) {
  return absl::IsNotFound(st) ? absl::OkStatus() : st;
}

void Keep(absl::Status& first, const absl::Status& st) {
  if (first.ok() && !st.ok()) first = st;
}

// A removed container's log and its rotated files (<log>.<stamp>).
void RemoveContainerLogs(const std::string& log_path) {
  if (log_path.empty()) return;
  std::error_code ec;
  std::filesystem::remove(log_path, ec);
  for (const std::string& rotated : RotatedLogs(log_path)) std::filesystem::remove(rotated, ec);
}

// A removed pod's log directories, <ns>_<name>_<uid>, as upstream's
// kubelet removes them once the pod is gone.
void RemovePodLogDirs(const std::string& pod_logs_dir, const std::string& uid) {
  std::error_code ec;
  std::string suffix = "_" + uid;
  for (std::filesystem::directory_iterator it(pod_logs_dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::error_code rm;
      std::filesystem::remove_all(it->path(), rm);
    }
  }
}

// An empty file the container writes (its termination log). Not synced: its
// content is the container's, and an fsync on the pod start path costs tens
// of milliseconds on an SD card.
absl::Status CreateEmptyFile(const std::string& path, int mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return base::ErrnoStatus(base::StrCat("create ", path));
  absl::Status st = ::fchmod(fd, static_cast<mode_t>(mode)) == 0
                        ? absl::OkStatus()
                        : base::ErrnoStatus(base::StrCat("chmod ", path));
  ::close(fd);
  return st;
}

}  // namespace

const v1::PodSandbox* CurrentSandbox(const PodRuntimeState& state) {
  return state.sandboxes.empty() ? nullptr : &state.sandboxes.front();
}

bool PodFinished(const Pod& pod, const PodRuntimeState& state) {
  const v1::PodSandbox* sb = CurrentSandbox(state);
  if (sb == nullptr || pod.restart_policy == "Always") return false;
  for (const Container& c : pod.init_containers) {
    const ContainerInfo* info = state.Latest(c.name, sb->id());
    if (info != nullptr && info->status.state() == v1::CONTAINER_EXITED &&
        info->status.exit_code() != 0 && pod.restart_policy == "Never") {
      return true;
    }
  }
  for (const Container& c : pod.containers) {
    const ContainerInfo* info = state.Latest(c.name, sb->id());
    if (info == nullptr || info->status.state() != v1::CONTAINER_EXITED) return false;
    if (pod.restart_policy == "OnFailure" && info->status.exit_code() != 0) return false;
  }
  return true;
}

absl::Status PodSyncer::Sync(const Pod& pod, const PodRuntimeState& state,
                             const std::set<std::string>& unhealthy, SyncResult& result) {
  cri::Runtime& rt = *env_.runtime;
  const v1::PodSandbox* sandbox = CurrentSandbox(state);
  if (PodFinished(pod, state)) {
    if (sandbox->state() == v1::SANDBOX_READY) {
      v1::StopPodSandboxRequest req;
      req.set_pod_sandbox_id(sandbox->id());
      if (absl::Status st = IgnoreNotFound(rt.StopPodSandbox(req).status()); !st.ok()) return st;
    }
    CollectGarbage(state);
    return absl::OkStatus();
  }
  if (absl::Status st = PrepareVolumes(pod, env_.pods_dir, env_.mount_tmpfs); !st.ok()) return st;

  std::string sandbox_id;
  uint32_t attempt = 0;
  if (sandbox == nullptr || sandbox->state() != v1::SANDBOX_READY) {
    for (const ContainerInfo& c : state.containers) {
      if (c.status.state() == v1::CONTAINER_RUNNING) {
        (void)StopContainer(c, pod.termination_grace_period_seconds, "");
      }
    }
    if (sandbox != nullptr) {
      v1::StopPodSandboxRequest req;
      req.set_pod_sandbox_id(sandbox->id());
      if (absl::Status st = IgnoreNotFound(rt.StopPodSandbox(req).status()); !st.ok()) return st;
      attempt = sandbox->metadata().attempt() + 1;
    }
    if (absl::Status st = base::MakeDirs(PodLogDir(env_.pod_logs_dir, pod), 0755); !st.ok()) {
      return st;
    }
    v1::RunPodSandboxRequest req;
    *req.mutable_config() = BuildSandboxConfig(pod, env_.pod_logs_dir, attempt);
    absl::StatusOr<v1::RunPodSandboxResponse> resp = rt.RunPodSandbox(req);
    if (!resp.ok()) return resp.status();
    sandbox_id = resp->pod_sandbox_id();
    base::LogInfo(kLog, base::StrCat("pod ", PodRef(pod), ": sandbox ", sandbox_id.substr(0, 12),
                                     " (attempt ", attempt, ")"));
  } else {
    sandbox_id = sandbox->id();
    attempt = sandbox->metadata().attempt();
  }

  // Init containers, in order, until one is not done.
  bool regular_started = false;
  for (const Container& c : pod.containers) {
    if (state.Latest(c.name, sandbox_id) != nullptr) regular_started = true;
  }
  if (!regular_started) {
    for (const Container& c : pod.init_containers) {
      const ContainerInfo* info = state.Latest(c.name, sandbox_id);
      if (info == nullptr) {
        const ContainerInfo* prev = state.Latest(c.name);
        return StartContainer(pod, c, sandbox_id, attempt, prev ? prev->restart_count + 1 : 0,
                              result);
      }
      v1::ContainerState s = info->status.state();
      if (s == v1::CONTAINER_RUNNING) return absl::OkStatus();
      if (s != v1::CONTAINER_EXITED) {
        v1::RemoveContainerRequest rm;
        rm.set_container_id(info->id);
        (void)rt.RemoveContainer(rm);
        return StartContainer(pod, c, sandbox_id, attempt, info->restart_count + 1, result);
      }
      if (info->status.exit_code() == 0) continue;
      if (pod.restart_policy == "Never") return absl::OkStatus();
      return RestartExited(pod, c, *info, sandbox_id, attempt, result);
    }
  }

  absl::Status first;
  for (const Container& c : pod.containers) {
    const ContainerInfo* info = state.Latest(c.name, sandbox_id);
    if (info == nullptr) {
      const ContainerInfo* prev = state.Latest(c.name);
      Keep(first,
           StartContainer(pod, c, sandbox_id, attempt, prev ? prev->restart_count + 1 : 0, result));
      continue;
    }
    switch (info->status.state()) {
      case v1::CONTAINER_RUNNING:
        if (unhealthy.count(info->id) != 0) {
          base::LogInfo(kLog, base::StrCat("pod ", PodRef(pod), ": container ", c.name,
                                           " failed its probe, will be restarted"));
          Keep(first, StopContainer(*info, pod.termination_grace_period_seconds, ""));
        }
        break;
      case v1::CONTAINER_EXITED:
        Keep(first, RestartExited(pod, c, *info, sandbox_id, attempt, result));
        break;
      default: {  // Created but never started, or unknown: start afresh.
        v1::RemoveContainerRequest rm;
        rm.set_container_id(info->id);
        (void)rt.RemoveContainer(rm);
        Keep(first, StartContainer(pod, c, sandbox_id, attempt, info->restart_count + 1, result));
      }
    }
  }
  CollectGarbage(state);
  return first;
}

absl::Status PodSyncer::RestartExited(const Pod& pod, const Container& c, const ContainerInfo& last,
                                      const std::string& sandbox_id, uint32_t attempt,
                                      SyncResult& result) {
  bool restart = pod.restart_policy == "Always" ||
                 (pod.restart_policy == "OnFailure" && last.status.exit_code() != 0);
  if (!restart) return absl::OkStatus();
  std::string key = pod.uid + "/" + c.name;
  SysTime finished = FromNanos(last.status.finished_at());
  CrashBackOff::Duration remaining{};
  if (backoff_.InBackOff(key, finished, env_.now(), &remaining)) {
    auto delay = std::chrono::duration_cast<std::chrono::seconds>(backoff_.Delay(key)).count();
    result.waiting[c.name] = {"CrashLoopBackOff",
                              base::StrCat("back-off ", delay, "s restarting failed container=",
                                           c.name, " pod=", PodRef(pod))};
    return absl::OkStatus();
  }
  backoff_.Next(key, finished);
  return StartContainer(pod, c, sandbox_id, attempt, last.restart_count + 1, result);
}

absl::StatusOr<std::string> PodSyncer::EnsureImage(const Pod& pod, const Container& c,
                                                   SyncResult& result) {
  cri::Runtime& rt = *env_.runtime;
  v1::ImageStatusRequest sreq;
  sreq.mutable_image()->set_image(c.image);
  absl::StatusOr<v1::ImageStatusResponse> status = rt.ImageStatus(sreq);
  if (!status.ok()) return status.status();
  bool present = status->has_image() && !status->image().id().empty();
  if (c.image_pull_policy == "Never" || (c.image_pull_policy == "IfNotPresent" && present)) {
    if (present) return status->image().id();
    std::string msg =
        base::StrCat("Container image \"", c.image, "\" is not present with pull policy of Never");
    result.waiting[c.name] = {"ErrImageNeverPull", msg};
    return absl::FailedPreconditionError(msg);
  }
  std::string key = pod.uid + "/" + c.name;
  auto failed = pull_failed_at_.find(key);
  if (failed != pull_failed_at_.end() && env_.now() - failed->second < kPullBackOff) {
    result.waiting[c.name] = {"ImagePullBackOff",
                              base::StrCat("Back-off pulling image \"", c.image, "\"")};
    return absl::UnavailableError(result.waiting[c.name].message);
  }
  v1::PullImageRequest preq;
  preq.mutable_image()->set_image(c.image);
  absl::StatusOr<v1::PullImageResponse> pulled = rt.PullImage(preq);
  if (!pulled.ok()) {
    pull_failed_at_[key] = env_.now();
    result.waiting[c.name] =
        Waiting{"ErrImagePull", std::string(base::ToStd(pulled.status().message()))};
    return pulled.status();
  }
  pull_failed_at_.erase(key);
  return pulled->image_ref();
}

absl::Status PodSyncer::StartContainer(const Pod& pod, const Container& c,
                                       const std::string& sandbox_id, uint32_t attempt,
                                       int restart_count, SyncResult& result) {
  cri::Runtime& rt = *env_.runtime;
  absl::StatusOr<std::string> image = EnsureImage(pod, c, result);
  if (!image.ok()) return image.status();
  std::string log_dir = PodLogDir(env_.pod_logs_dir, pod) + "/" + c.name;
  if (absl::Status st = base::MakeDirs(log_dir, 0755); !st.ok()) return st;
  std::string term_log = TerminationLogPath(env_.pods_dir, pod.uid, c.name, restart_count);
  if (absl::Status st = base::MakeDirs(term_log.substr(0, term_log.rfind('/')), 0750); !st.ok()) {
    return st;
  }
  if (absl::Status st = CreateEmptyFile(term_log, 0666); !st.ok()) return st;
  ContainerConfigInput in;
  in.pod = &pod;
  in.container = &c;
  in.restart_count = restart_count;
  in.image_ref = *image;
  in.pods_dir = env_.pods_dir;
  in.node_memory = env_.node_memory;
  in.node_cpu_milli = env_.node_cpu_milli;
  in.host_ip = env_.host_ip;
  if (pod.host_network) in.pod_ip = env_.host_ip;
  bool wants_pod_ip = std::any_of(c.env.begin(), c.env.end(), [](const EnvVar& e) {
    return e.field_path.find("podIP") != std::string::npos;
  });
  if (wants_pod_ip && !pod.host_network) {
    v1::PodSandboxStatusRequest sreq;
    sreq.set_pod_sandbox_id(sandbox_id);
    if (auto st = rt.PodSandboxStatus(sreq); st.ok()) in.pod_ip = st->status().network().ip();
  }
  absl::StatusOr<v1::ContainerConfig> cfg = BuildContainerConfig(in);
  if (!cfg.ok()) {
    result.waiting[c.name] =
        Waiting{"CreateContainerConfigError", std::string(base::ToStd(cfg.status().message()))};
    return cfg.status();
  }
  v1::CreateContainerRequest creq;
  creq.set_pod_sandbox_id(sandbox_id);
  *creq.mutable_config() = *std::move(cfg);
  *creq.mutable_sandbox_config() = BuildSandboxConfig(pod, env_.pod_logs_dir, attempt);
  absl::StatusOr<v1::CreateContainerResponse> created = rt.CreateContainer(creq);
  if (!created.ok()) {
    result.waiting[c.name] =
        Waiting{"CreateContainerError", std::string(base::ToStd(created.status().message()))};
    return created.status();
  }
  v1::StartContainerRequest sreq;
  sreq.set_container_id(created->container_id());
  if (absl::Status st = rt.StartContainer(sreq).status(); !st.ok()) {
    result.waiting[c.name] = Waiting{"RunContainerError", std::string(base::ToStd(st.message()))};
    return st;
  }
  base::LogInfo(kLog, base::StrCat("pod ", PodRef(pod), ": started container ", c.name,
                                   " (restart ", restart_count, ")"));
  if (c.post_start && env_.handlers != nullptr) {
    HandlerTarget target{created->container_id(), "", c.ports};
    absl::Status st = env_.handlers->Run(
        *c.post_start, target, std::chrono::seconds(pod.termination_grace_period_seconds));
    if (!st.ok()) {
      result.waiting[c.name] =
          Waiting{"PostStartHookError", std::string(base::ToStd(st.message()))};
      v1::StopContainerRequest stop;
      stop.set_container_id(created->container_id());
      (void)rt.StopContainer(stop);
    }
  }
  return absl::OkStatus();
}

absl::Status PodSyncer::StopContainer(const ContainerInfo& c, int64_t grace,
                                      const std::string& pod_ip) {
  auto start = std::chrono::steady_clock::now();
  auto pre_stop = c.status.annotations().find(kPreStopAnnotation);
  if (pre_stop != c.status.annotations().end() && env_.handlers != nullptr && grace > 0) {
    if (std::optional<Handler> h = HandlerFromJson(pre_stop->second)) {
      HandlerTarget target{c.id, pod_ip, {}};
      absl::Status st = env_.handlers->Run(*h, target, std::chrono::seconds(grace));
      if (!st.ok()) {
        base::LogWarn(kLog, base::StrCat("preStop hook of ", c.name, ": ", st.message()));
      }
    }
  }
  auto spent =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
          .count();
  v1::StopContainerRequest req;
  req.set_container_id(c.id);
  // As upstream: what is left of the grace period, at least 2 s.
  req.set_timeout(std::max<int64_t>(grace - spent, grace > 0 ? 2 : 0));
  return IgnoreNotFound(env_.runtime->StopContainer(req).status());
}

absl::Status PodSyncer::Kill(const std::string& uid, const PodRuntimeState& state,
                             std::optional<int64_t> grace) {
  cri::Runtime& rt = *env_.runtime;
  std::string pod_ip;
  if (const v1::PodSandbox* sb = CurrentSandbox(state)) {
    v1::PodSandboxStatusRequest req;
    req.set_pod_sandbox_id(sb->id());
    if (auto st = rt.PodSandboxStatus(req); st.ok()) pod_ip = st->status().network().ip();
  }
  std::vector<absl::Status> results(state.containers.size());
  std::vector<std::thread> stoppers;
  for (size_t i = 0; i < state.containers.size(); ++i) {
    const ContainerInfo& c = state.containers[i];
    if (c.status.state() != v1::CONTAINER_RUNNING) continue;
    int64_t g = 30;
    auto it = c.status.annotations().find(kGracePeriodAnnotation);
    if (it != c.status.annotations().end()) (void)absl::SimpleAtoi(it->second, &g);
    if (grace) g = *grace;
    stoppers.emplace_back(
        [this, &c, &results, i, g, pod_ip] { results[i] = StopContainer(c, g, pod_ip); });
  }
  for (std::thread& t : stoppers) t.join();
  absl::Status first;
  for (const absl::Status& st : results) Keep(first, st);
  for (const v1::PodSandbox& sb : state.sandboxes) {
    v1::StopPodSandboxRequest req;
    req.set_pod_sandbox_id(sb.id());
    Keep(first, IgnoreNotFound(rt.StopPodSandbox(req).status()));
  }
  for (const ContainerInfo& c : state.containers) {
    v1::RemoveContainerRequest req;
    req.set_container_id(c.id);
    Keep(first, IgnoreNotFound(rt.RemoveContainer(req).status()));
  }
  for (const v1::PodSandbox& sb : state.sandboxes) {
    v1::RemovePodSandboxRequest req;
    req.set_pod_sandbox_id(sb.id());
    Keep(first, IgnoreNotFound(rt.RemovePodSandbox(req).status()));
  }
  if (first.ok()) first = CleanupVolumes(env_.pods_dir, uid);
  if (first.ok()) RemovePodLogDirs(env_.pod_logs_dir, uid);
  for (auto it = pull_failed_at_.begin(); it != pull_failed_at_.end();) {
    it = it->first.rfind(uid + "/", 0) == 0 ? pull_failed_at_.erase(it) : std::next(it);
  }
  return first;
}

void PodSyncer::CollectGarbage(const PodRuntimeState& state) {
  cri::Runtime& rt = *env_.runtime;
  std::map<std::string, int> seen;
  std::set<std::string> removed;
  for (const ContainerInfo& c : state.containers) {
    if (++seen[c.name] <= 2 || c.status.state() != v1::CONTAINER_EXITED) continue;
    v1::RemoveContainerRequest req;
    req.set_container_id(c.id);
    if (IgnoreNotFound(rt.RemoveContainer(req).status()).ok()) {
      removed.insert(c.id);
      RemoveContainerLogs(c.status.log_path());
    }
  }
  for (size_t i = 1; i < state.sandboxes.size(); ++i) {
    const v1::PodSandbox& sb = state.sandboxes[i];
    bool has_containers = false;
    for (const ContainerInfo& c : state.containers) {
      if (c.sandbox_id == sb.id() && removed.count(c.id) == 0) has_containers = true;
    }
    if (has_containers) continue;
    if (sb.state() == v1::SANDBOX_READY) {
      v1::StopPodSandboxRequest req;
      req.set_pod_sandbox_id(sb.id());
      (void)rt.StopPodSandbox(req);
    }
    v1::RemovePodSandboxRequest req;
    req.set_pod_sandbox_id(sb.id());
    (void)rt.RemovePodSandbox(req);
  }
}

}  // namespace wisp::kubelet
