// File: src/kubelet/pod_worker.h
//
// One thread per pod UID: syncs the pod against the runtime every
// sync_frequency (sooner when Update pokes it or a probe is due), runs its
// probes and writes its status file. Once told the pod is no longer wanted
// (Update(nullopt)) it kills the pod and reports Done() when nothing is
// left in the runtime.
//
//   Start ─► [sync loop: GetPodState → Sync → probes → status file] ─► Stop
//               └─ Update(nullopt) ─► [Kill until the runtime holds nothing] ─► Done
//
// Thread-safe: Update, Done and FullName may be called from any thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "kubelet/counting_runtime.h"
#include "kubelet/log_rotation.h"
#include "kubelet/pod.h"
#include "kubelet/pod_sync.h"
#include "kubelet/prober.h"

namespace wisp::kubelet {

struct WorkerEnv {
  SyncEnv sync;
  std::chrono::milliseconds sync_frequency{1000};
  std::string host_ip;
  // Where the status file of namespace/name goes.
  std::function<std::string(const std::string&, const std::string&)> status_path;
  LogRotationPolicy log_rotation;
};

class PodWorker {
 public:
  // `namespace_` and `name` identify the pod before it is known (orphans).
  PodWorker(std::string uid, std::string namespace_, std::string name, WorkerEnv env);
  ~PodWorker();  // Calls Stop().

  void Start();
  // Sets the desired pod (nullopt: terminate it) and wakes the worker.
  void Update(std::optional<Pod> pod);
  // Joins the thread; leaves the pod as it is.
  void Stop();

  bool Terminating() const;
  bool Done() const;
  std::string Namespace() const { return namespace_; }
  std::string Name() const { return name_; }

 private:
  void Loop();
  // Returns when the next sync is due.
  std::chrono::steady_clock::time_point SyncOnce(const Pod& pod);
  bool KillOnce();
  void RotateLogs(const PodRuntimeState& state);
  void WriteStatus(const Pod& pod, const nlohmann::json& status);
  void Warn(const std::string& message);

  const std::string uid_;
  const std::string namespace_;
  const std::string name_;
  // The node's runtime, counting what this worker's syncs change; env_'s
  // runtime points at it.
  std::unique_ptr<CountingRuntime> runtime_;
  WorkerEnv env_;
  std::unique_ptr<PodSyncer> syncer_;
  std::unique_ptr<Prober> prober_;
  std::unique_ptr<LogRotator> rotator_;
  std::string sandbox_id_;  // Whose IP is pod_ip_.
  std::string pod_ip_;
  nlohmann::json last_status_;
  std::string last_written_;
  std::string last_warning_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::optional<Pod> pod_;    // Guarded by mu_.
  bool terminating_ = false;  // Guarded by mu_.
  bool poked_ = false;        // Guarded by mu_.
  bool stop_ = false;         // Guarded by mu_.
  bool done_ = false;         // Guarded by mu_.
  std::thread thread_;
};

}  // namespace wisp::kubelet
