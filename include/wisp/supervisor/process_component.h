// File: wisp/supervisor/process_component.h
//
// A supervised child process as a component::Component, so a role (e.g.
// `wisp controller`) can put its child processes into a component::Manager:
//
//   Init   validates the spec, creates the run and log dirs
//   Start  ProcessSupervisor::Start (orphan cleanup, spawn, monitor thread)
//   Ready  the child is running and the readiness probe answers
//   Healthy same as Ready: a child in its restart backoff is unhealthy
//   Stop   ProcessSupervisor::Stop (SIGTERM, grace, SIGKILL)
//
// Thread-safe (see ProcessSupervisor); the probe is called from whichever
// thread calls Ready/Healthy.
#pragma once

#include <memory>
#include <string>

#include "wisp/component/component.h"
#include "wisp/supervisor/probe.h"
#include "wisp/supervisor/process_supervisor.h"

namespace wisp::supervisor {

class ProcessComponent final : public component::Component {
 public:
  // A null `probe` means "ready as soon as the child runs".
  ProcessComponent(ProcessSpec spec, ReadinessProbe probe);

  std::string Name() const override;
  absl::Status Init() override;
  absl::Status Start() override;
  absl::Status Ready() const override;
  absl::Status Stop() override;

  const ProcessSupervisor& supervisor() const { return *supervisor_; }

 private:
  std::unique_ptr<ProcessSupervisor> supervisor_;
  ReadinessProbe probe_;
};

}  // namespace wisp::supervisor
