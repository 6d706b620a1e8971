#include "wisp/component/manager.h"

#include <utility>

#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::component {
namespace {

constexpr char kLog[] = "manager";

absl::Status Prefixed(const Component& c, std::string_view step, const absl::Status& st) {
  return absl::Status(st.code(), base::StrCat(c.Name(), ": ", step, ": ", st.message()));
}

}  // namespace

Manager::Manager(ManagerOptions options, base::Clock& clock) : options_(options), clock_(clock) {}

Manager::~Manager() { (void)Stop(); }

void Manager::Add(std::unique_ptr<Component> component) {
  components_.push_back(std::move(component));
}

absl::Status Manager::Start() {
  for (auto& c : components_) {
    if (absl::Status st = c->Init(); !st.ok()) return Prefixed(*c, "init", st);
  }
  for (size_t i = started_; i < components_.size(); ++i) {
    Component& c = *components_[i];
    base::LogInfo(kLog, base::StrCat("starting ", c.Name()));
    started_ = i + 1;  // Stop() must see it even if Start fails half-way.
    absl::Status st = c.Start();
    if (st.ok()) st = WaitReady(c);
    if (!st.ok()) {
      absl::Status err = Prefixed(c, "start", st);
      base::LogError(kLog, base::ToStd(err.message()));
      (void)Stop();
      return err;
    }
    base::LogInfo(kLog, base::StrCat(c.Name(), " is ready"));
  }
  return absl::OkStatus();
}

absl::Status Manager::WaitReady(const Component& c) {
  const auto deadline = clock_.Now() + options_.ready_timeout;
  absl::Status last = c.Ready();
  while (!last.ok()) {
    if (clock_.Now() >= deadline) {
      return absl::DeadlineExceededError(
          base::StrCat("not ready after ", options_.ready_timeout.count(), "ms: ", last.message()));
    }
    clock_.SleepFor(options_.ready_poll);
    last = c.Ready();
  }
  return absl::OkStatus();
}

absl::Status Manager::Stop() {
  absl::Status first;
  while (started_ > 0) {
    Component& c = *components_[--started_];
    base::LogInfo(kLog, base::StrCat("stopping ", c.Name()));
    if (absl::Status st = c.Stop(); !st.ok() && first.ok()) first = Prefixed(c, "stop", st);
  }
  return first;
}

absl::Status Manager::Healthy() const {
  for (size_t i = 0; i < started_; ++i) {
    if (absl::Status st = components_[i]->Healthy(); !st.ok()) {
      return Prefixed(*components_[i], "health", st);
    }
  }
  return absl::OkStatus();
}

}  // namespace wisp::component
