// File: src/kubelet/pod_state.cc
#include "kubelet/pod_state.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "kubelet/runtime_config.h"

namespace wisp::kubelet {

namespace v1 = cri::v1;

const ContainerInfo* PodRuntimeState::Latest(const std::string& name,
                                             const std::string& sandbox_id) const {
  for (const ContainerInfo& c : containers) {
    if (c.name == name && (sandbox_id.empty() || c.sandbox_id == sandbox_id)) return &c;
  }
  return nullptr;
}

absl::StatusOr<PodRuntimeState> GetPodState(cri::Runtime& runtime, const std::string& uid) {
  PodRuntimeState state;
  v1::ListPodSandboxRequest sreq;
  (*sreq.mutable_filter()->mutable_label_selector())[kPodUidLabel] = uid;
  absl::StatusOr<v1::ListPodSandboxResponse> sandboxes = runtime.ListPodSandbox(sreq);
  if (!sandboxes.ok()) return sandboxes.status();
  state.sandboxes.assign(sandboxes->items().begin(), sandboxes->items().end());
  std::sort(state.sandboxes.begin(), state.sandboxes.end(),
            [](const auto& a, const auto& b) { return a.created_at() > b.created_at(); });

  v1::ListContainersRequest creq;
  (*creq.mutable_filter()->mutable_label_selector())[kPodUidLabel] = uid;
  absl::StatusOr<v1::ListContainersResponse> containers = runtime.ListContainers(creq);
  if (!containers.ok()) return containers.status();
  for (const v1::Container& c : containers->containers()) {
    ContainerInfo info;
    info.id = c.id();
    info.sandbox_id = c.pod_sandbox_id();
    auto name = c.labels().find(kContainerNameLabel);
    info.name = name != c.labels().end() ? name->second : c.metadata().name();
    auto restarts = c.annotations().find(kRestartCountAnnotation);
    if (restarts == c.annotations().end() ||
        !absl::SimpleAtoi(restarts->second, &info.restart_count)) {
      info.restart_count = static_cast<int>(c.metadata().attempt());
    }
    v1::ContainerStatusRequest req;
    req.set_container_id(c.id());
    absl::StatusOr<v1::ContainerStatusResponse> st = runtime.ContainerStatus(req);
    if (st.ok()) {
      info.status = st->status();
    } else if (absl::IsNotFound(st.status())) {
      continue;  // Removed meanwhile.
    } else {
      // Keep what the list said; details come on the next sync.
      info.status.set_id(c.id());
      info.status.set_state(c.state());
      info.status.set_created_at(c.created_at());
      info.status.set_image_ref(c.image_ref());
    }
    state.containers.push_back(std::move(info));
  }
  std::sort(state.containers.begin(), state.containers.end(), [](const auto& a, const auto& b) {
    if (a.status.created_at() != b.status.created_at()) {
      return a.status.created_at() > b.status.created_at();
    }
    return a.restart_count > b.restart_count;
  });
  return state;
}

namespace {

template <typename Labels>
void AddPod(const Labels& labels, std::map<std::string, PodName>& out) {
  auto uid = labels.find(kPodUidLabel);
  if (uid == labels.end()) return;
  PodName& p = out[uid->second];
  if (auto ns = labels.find(kPodNamespaceLabel); ns != labels.end()) p.namespace_ = ns->second;
  if (auto name = labels.find(kPodNameLabel); name != labels.end()) p.name = name->second;
}

}  // namespace

absl::StatusOr<std::map<std::string, PodName>> ListPods(cri::Runtime& runtime) {
  std::map<std::string, PodName> out;
  absl::StatusOr<v1::ListPodSandboxResponse> sandboxes =
      runtime.ListPodSandbox(v1::ListPodSandboxRequest());
  if (!sandboxes.ok()) return sandboxes.status();
  for (const auto& s : sandboxes->items()) AddPod(s.labels(), out);
  absl::StatusOr<v1::ListContainersResponse> containers =
      runtime.ListContainers(v1::ListContainersRequest());
  if (!containers.ok()) return containers.status();
  for (const auto& c : containers->containers()) AddPod(c.labels(), out);
  return out;
}

}  // namespace wisp::kubelet
