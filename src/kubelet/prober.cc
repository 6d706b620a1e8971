// File: src/kubelet/prober.cc
#include "kubelet/prober.h"

#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {

namespace v1 = cri::v1;

void Prober::Check(const Probe& probe, const HandlerTarget& target, State& st, Time now) {
  absl::Status result =
      runner_.Run(probe.handler, target, std::chrono::seconds(probe.timeout_seconds));
  st.next = now + std::chrono::seconds(probe.period_seconds);
  if (result.ok()) {
    st.failures = 0;
    if (++st.successes >= probe.success_threshold) st.result = true;
  } else {
    st.successes = 0;
    if (++st.failures >= probe.failure_threshold) {
      st.result = false;
      st.failed = true;
    }
  }
}

void Prober::RunDue(const Pod& pod, const PodRuntimeState& state, const std::string& pod_ip,
                    Time now) {
  std::set<std::string> running;
  for (const ContainerInfo& info : state.containers) {
    if (info.status.state() != v1::CONTAINER_RUNNING) continue;
    const Container* spec = nullptr;
    for (const Container& c : pod.containers) {
      if (c.name == info.name) spec = &c;
    }
    if (spec == nullptr) continue;
    running.insert(info.id);
    if (!spec->readiness_probe) no_readiness_.insert(info.id);
    if (!spec->startup_probe) no_startup_.insert(info.id);
    Time started = Time(std::chrono::nanoseconds(info.status.started_at()));
    HandlerTarget target{info.id, pod.host_network ? "" : pod_ip, spec->ports};
    auto run = [&](const std::optional<Probe>& probe, Kind kind) {
      if (!probe) return;
      auto [it, fresh] = states_.try_emplace(Key{info.id, kind});
      if (fresh) it->second.next = started + std::chrono::seconds(probe->initial_delay_seconds);
      if (now < it->second.next) return;
      if (kind == Kind::kStartup && it->second.result) return;  // Done once it succeeded.
      Check(*probe, target, it->second, now);
    };
    run(spec->startup_probe, Kind::kStartup);
    if (!Started(info.id)) continue;
    run(spec->liveness_probe, Kind::kLiveness);
    run(spec->readiness_probe, Kind::kReadiness);
  }
  // Forget containers that stopped running.
  for (auto it = states_.begin(); it != states_.end();) {
    it = running.count(it->first.first) ? std::next(it) : states_.erase(it);
  }
  for (auto* set : {&no_readiness_, &no_startup_}) {
    for (auto it = set->begin(); it != set->end();) {
      it = running.count(*it) ? std::next(it) : set->erase(it);
    }
  }
}

bool Prober::Ready(const std::string& id) const {
  if (no_readiness_.count(id)) return true;
  auto it = states_.find(Key{id, Kind::kReadiness});
  return it != states_.end() && it->second.result;
}

bool Prober::Started(const std::string& id) const {
  if (no_startup_.count(id)) return true;
  auto it = states_.find(Key{id, Kind::kStartup});
  return it != states_.end() && it->second.result;
}

std::set<std::string> Prober::Unhealthy() const {
  std::set<std::string> out;
  for (const auto& [key, st] : states_) {
    if (key.second != Kind::kReadiness && st.failed && !st.result) out.insert(key.first);
  }
  return out;
}

Prober::Time Prober::NextDue() const {
  Time next = Time::max();
  for (const auto& [key, st] : states_) {
    if (key.second == Kind::kStartup && st.result) continue;
    next = std::min(next, st.next);
  }
  return next;
}

}  // namespace wisp::kubelet
