// File: src/kubelet/counting_runtime.h
//
// A cri::Runtime that forwards every call to another one and counts the
// calls that change what runs (sandboxes and containers created, started,
// stopped or removed, images pulled). A pod worker syncs through its own, so
// after a sync that changed nothing it can use the state it read before
// instead of asking the runtime again. Private to the kubelet module.
// Thread-safe (as the runtime it wraps).
#pragma once

#include <atomic>
#include <cstdint>

#include "wisp/cri/runtime.h"

namespace wisp::kubelet {

class CountingRuntime final : public cri::Runtime {
 public:
  explicit CountingRuntime(cri::Runtime& runtime) : runtime_(runtime) {}

  // Calls that changed (or tried to change) the runtime so far.
  uint64_t changes() const { return changes_.load(std::memory_order_relaxed); }

#define WISP_FORWARD(Rpc, counts)                                                         \
  absl::StatusOr<cri::v1::Rpc##Response> Rpc(const cri::v1::Rpc##Request& req) override { \
    if (counts) changes_.fetch_add(1, std::memory_order_relaxed);                         \
    return runtime_.Rpc(req);                                                             \
  }
  WISP_FORWARD(Version, false)
  WISP_FORWARD(RunPodSandbox, true)
  WISP_FORWARD(StopPodSandbox, true)
  WISP_FORWARD(RemovePodSandbox, true)
  WISP_FORWARD(PodSandboxStatus, false)
  WISP_FORWARD(ListPodSandbox, false)
  WISP_FORWARD(CreateContainer, true)
  WISP_FORWARD(StartContainer, true)
  WISP_FORWARD(StopContainer, true)
  WISP_FORWARD(RemoveContainer, true)
  WISP_FORWARD(ListContainers, false)
  WISP_FORWARD(ContainerStatus, false)
  WISP_FORWARD(ExecSync, false)
  WISP_FORWARD(ReopenContainerLog, false)
  WISP_FORWARD(PullImage, true)
  WISP_FORWARD(ImageStatus, false)
  WISP_FORWARD(ListImages, false)
#undef WISP_FORWARD

 private:
  cri::Runtime& runtime_;
  std::atomic<uint64_t> changes_{0};
};

}  // namespace wisp::kubelet
