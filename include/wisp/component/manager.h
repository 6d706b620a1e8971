// File: wisp/component/manager.h
//
// Runs a list of components as one unit: Init all in order, then Start each
// in order and wait for it to be Ready (with a deadline) before starting the
// next, so a later component may rely on an earlier one (datastore answers →
// apiserver ready → the rest). If any step fails, the components already
// started are stopped in reverse order and the error is returned. Stop()
// stops everything in reverse order of start.
//
// Not thread-safe: call Add/Start/Stop from one thread. Healthy() may be
// called from any thread after Start returned.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "wisp/base/clock.h"
#include "wisp/component/component.h"

namespace wisp::component {

struct ManagerOptions {
  // How long each component may take to become Ready after Start.
  std::chrono::milliseconds ready_timeout{std::chrono::seconds(60)};
  // How often Ready() is polled while waiting.
  std::chrono::milliseconds ready_poll{std::chrono::milliseconds(50)};
};

class Manager {
 public:
  explicit Manager(ManagerOptions options = {}, base::Clock& clock = base::SystemClock());
  ~Manager();  // Calls Stop().

  Manager(const Manager&) = delete;
  Manager& operator=(const Manager&) = delete;

  // Appends a component; it starts after every component added before it.
  void Add(std::unique_ptr<Component> component);

  // Init all, then Start + wait Ready each in order. On failure everything
  // started so far is stopped (reverse order) and the first error returned,
  // prefixed with the component's name.
  absl::Status Start();

  // Stops started components in reverse order. Idempotent. Returns the first
  // error seen, after trying every component.
  absl::Status Stop();

  // OK when every started component is Healthy; otherwise the first problem.
  absl::Status Healthy() const;

 private:
  absl::Status WaitReady(const Component& component);

  ManagerOptions options_;
  base::Clock& clock_;
  std::vector<std::unique_ptr<Component>> components_;
  size_t started_ = 0;  // components_[0, started_) have had Start called.
};

}  // namespace wisp::component
