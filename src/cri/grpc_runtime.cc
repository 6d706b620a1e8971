// File: src/cri/grpc_runtime.cc
#include "cri/grpc_runtime.h"

#include "cri/api.grpc.pb.h"
#include "wisp/base/strings.h"

namespace wisp::cri {
namespace {

class GrpcRuntime final : public Runtime {
 public:
  GrpcRuntime(std::shared_ptr<grpc::Channel> channel, RuntimeOptions options)
      : runtime_(v1::RuntimeService::NewStub(channel)),
        images_(v1::ImageService::NewStub(channel)),
        options_(options) {}

// Every CRI call wisp makes is the same unary call with a deadline; one
// macro keeps the fifteen of them identical.
#define WISP_CRI_CALL(stub, Rpc, deadline_field)                                  \
  absl::StatusOr<v1::Rpc##Response> Rpc(const v1::Rpc##Request& req) override {   \
    grpc::ClientContext ctx;                                                      \
    ctx.set_deadline(std::chrono::system_clock::now() + options_.deadline_field); \
    v1::Rpc##Response resp;                                                       \
    grpc::Status st = stub->Rpc(&ctx, req, &resp);                                \
    if (!st.ok()) return FromGrpc(st, #Rpc);                                      \
    return resp;                                                                  \
  }

  WISP_CRI_CALL(runtime_, Version, timeout)
  WISP_CRI_CALL(runtime_, RunPodSandbox, timeout)
  WISP_CRI_CALL(runtime_, StopPodSandbox, timeout)
  WISP_CRI_CALL(runtime_, RemovePodSandbox, timeout)
  WISP_CRI_CALL(runtime_, PodSandboxStatus, timeout)
  WISP_CRI_CALL(runtime_, ListPodSandbox, timeout)
  WISP_CRI_CALL(runtime_, CreateContainer, timeout)
  WISP_CRI_CALL(runtime_, StartContainer, timeout)
  WISP_CRI_CALL(runtime_, StopContainer, timeout)
  WISP_CRI_CALL(runtime_, RemoveContainer, timeout)
  WISP_CRI_CALL(runtime_, ListContainers, timeout)
  WISP_CRI_CALL(runtime_, ContainerStatus, timeout)
  WISP_CRI_CALL(runtime_, ReopenContainerLog, timeout)
  WISP_CRI_CALL(images_, PullImage, pull_timeout)
  WISP_CRI_CALL(images_, ImageStatus, timeout)
  WISP_CRI_CALL(images_, ListImages, timeout)
#undef WISP_CRI_CALL

  absl::StatusOr<v1::ExecSyncResponse> ExecSync(const v1::ExecSyncRequest& req) override {
    grpc::ClientContext ctx;
    auto deadline = options_.timeout + std::chrono::seconds(req.timeout() > 0 ? req.timeout() : 0);
    if (req.timeout() > 0) ctx.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::ExecSyncResponse resp;
    grpc::Status st = runtime_->ExecSync(&ctx, req, &resp);
    if (!st.ok()) return FromGrpc(st, "ExecSync");
    return resp;
  }

 private:
  std::unique_ptr<v1::RuntimeService::Stub> runtime_;
  std::unique_ptr<v1::ImageService::Stub> images_;
  const RuntimeOptions options_;
};

}  // namespace

absl::Status FromGrpc(const grpc::Status& status, const char* rpc) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      base::StrCat("cri ", rpc, ": ", status.error_message()));
}

std::unique_ptr<Runtime> NewRuntimeOnChannel(std::shared_ptr<grpc::Channel> channel,
                                             RuntimeOptions options) {
  return std::make_unique<GrpcRuntime>(std::move(channel), options);
}

std::unique_ptr<Runtime> NewGrpcRuntime(const std::string& socket_path, RuntimeOptions options) {
  grpc::ChannelArguments args;
  // CRI status and list responses of a busy node exceed gRPC's 4 MiB default.
  args.SetMaxReceiveMessageSize(16 << 20);
  auto channel =
      grpc::CreateCustomChannel("unix://" + socket_path, grpc::InsecureChannelCredentials(), args);
  return NewRuntimeOnChannel(std::move(channel), options);
}

}  // namespace wisp::cri
