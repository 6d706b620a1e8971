// File: wisp/cri/runtime.h
//
// The container runtime as the node agent sees it: the CRI v1 RuntimeService
// and ImageService calls wisp uses, one method per RPC, taking and returning
// the runtime.v1 protobuf messages (proto/cri/api.proto) unchanged.
//
// Contract:
//   - Every call carries a deadline (RuntimeOptions); an expired deadline is
//     DeadlineExceeded, an unreachable runtime Unavailable.
//   - Errors are absl::Status with the runtime's gRPC code mapped one to one
//     and a message "cri <Rpc>: <runtime's message>".
//   - No exceptions, no retries: callers (the kubelet's reconcilers) retry.
//
// Implementations are thread-safe: calls may come from any thread at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "cri/api.pb.h"

namespace wisp::cri {

namespace v1 = ::runtime::v1;

struct RuntimeOptions {
  // Deadline of every call except PullImage.
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
  // Deadline of PullImage (downloads can be large).
  std::chrono::milliseconds pull_timeout{std::chrono::minutes(10)};
};

class Runtime {
 public:
  virtual ~Runtime() = default;

  // RuntimeService.
  virtual absl::StatusOr<v1::VersionResponse> Version(const v1::VersionRequest& req) = 0;
  virtual absl::StatusOr<v1::RunPodSandboxResponse> RunPodSandbox(
      const v1::RunPodSandboxRequest& req) = 0;
  virtual absl::StatusOr<v1::StopPodSandboxResponse> StopPodSandbox(
      const v1::StopPodSandboxRequest& req) = 0;
  virtual absl::StatusOr<v1::RemovePodSandboxResponse> RemovePodSandbox(
      const v1::RemovePodSandboxRequest& req) = 0;
  virtual absl::StatusOr<v1::PodSandboxStatusResponse> PodSandboxStatus(
      const v1::PodSandboxStatusRequest& req) = 0;
  virtual absl::StatusOr<v1::ListPodSandboxResponse> ListPodSandbox(
      const v1::ListPodSandboxRequest& req) = 0;
  virtual absl::StatusOr<v1::CreateContainerResponse> CreateContainer(
      const v1::CreateContainerRequest& req) = 0;
  virtual absl::StatusOr<v1::StartContainerResponse> StartContainer(
      const v1::StartContainerRequest& req) = 0;
  virtual absl::StatusOr<v1::StopContainerResponse> StopContainer(
      const v1::StopContainerRequest& req) = 0;
  virtual absl::StatusOr<v1::RemoveContainerResponse> RemoveContainer(
      const v1::RemoveContainerRequest& req) = 0;
  virtual absl::StatusOr<v1::ListContainersResponse> ListContainers(
      const v1::ListContainersRequest& req) = 0;
  virtual absl::StatusOr<v1::ContainerStatusResponse> ContainerStatus(
      const v1::ContainerStatusRequest& req) = 0;
  // Runs a command in a running container; the call's deadline is the
  // request's timeout (seconds, 0 = none) plus RuntimeOptions::timeout.
  virtual absl::StatusOr<v1::ExecSyncResponse> ExecSync(const v1::ExecSyncRequest& req) = 0;
  // Asks the runtime to reopen a running container's log file (after the
  // kubelet renamed it for rotation).
  virtual absl::StatusOr<v1::ReopenContainerLogResponse> ReopenContainerLog(
      const v1::ReopenContainerLogRequest& req) = 0;

  // ImageService.
  virtual absl::StatusOr<v1::PullImageResponse> PullImage(const v1::PullImageRequest& req) = 0;
  virtual absl::StatusOr<v1::ImageStatusResponse> ImageStatus(
      const v1::ImageStatusRequest& req) = 0;
  virtual absl::StatusOr<v1::ListImagesResponse> ListImages(const v1::ListImagesRequest& req) = 0;
};

// A CRI client of the runtime listening on the unix socket `socket_path`.
// Connects lazily: this never fails for a missing socket; calls do
// (Unavailable) until the runtime listens.
std::unique_ptr<Runtime> NewGrpcRuntime(const std::string& socket_path,
                                        RuntimeOptions options = {});

}  // namespace wisp::cri
