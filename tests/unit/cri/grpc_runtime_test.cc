// cri::Runtime over gRPC, against a fake CRI server on an in-process channel
// (no sockets): requests arrive unchanged, responses come back unchanged,
// runtime errors keep their code and name the RPC.
#include "cri/grpc_runtime.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "cri/api.grpc.pb.h"

namespace wisp::cri {
namespace {

class FakeRuntimeService final : public v1::RuntimeService::Service {
 public:
  grpc::Status Version(grpc::ServerContext*, const v1::VersionRequest* req,
                       v1::VersionResponse* resp) override {
    resp->set_version(req->version());
    resp->set_runtime_name("fake");
    resp->set_runtime_api_version("v1");
    return grpc::Status::OK;
  }
  grpc::Status RunPodSandbox(grpc::ServerContext*, const v1::RunPodSandboxRequest* req,
                             v1::RunPodSandboxResponse* resp) override {
    last_sandbox_name = req->config().metadata().name();
    resp->set_pod_sandbox_id("sb-" + last_sandbox_name);
    return grpc::Status::OK;
  }
  grpc::Status RemoveContainer(grpc::ServerContext*, const v1::RemoveContainerRequest* req,
                               v1::RemoveContainerResponse*) override {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "container " + req->container_id());
  }
  std::string last_sandbox_name;
};

class FakeImageService final : public v1::ImageService::Service {
 public:
  grpc::Status ImageStatus(grpc::ServerContext*, const v1::ImageStatusRequest* req,
                           v1::ImageStatusResponse* resp) override {
    if (req->image().image() == "present") resp->mutable_image()->set_id("sha256:abc");
    return grpc::Status::OK;
  }
};

class GrpcRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.RegisterService(&runtime_service_);
    builder.RegisterService(&image_service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    runtime_ = NewRuntimeOnChannel(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  void TearDown() override { server_->Shutdown(); }

  FakeRuntimeService runtime_service_;
  FakeImageService image_service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<Runtime> runtime_;
};

TEST_F(GrpcRuntimeTest, VersionRoundTrips) {
  v1::VersionRequest req;
  req.set_version("v1");
  auto resp = runtime_->Version(req);
  ASSERT_TRUE(resp.ok()) << resp.status();
  EXPECT_EQ(resp->version(), "v1");
  EXPECT_EQ(resp->runtime_name(), "fake");
}

TEST_F(GrpcRuntimeTest, RunPodSandboxSendsConfig) {
  v1::RunPodSandboxRequest req;
  req.mutable_config()->mutable_metadata()->set_name("web");
  auto resp = runtime_->RunPodSandbox(req);
  ASSERT_TRUE(resp.ok()) << resp.status();
  EXPECT_EQ(resp->pod_sandbox_id(), "sb-web");
  EXPECT_EQ(runtime_service_.last_sandbox_name, "web");
}

TEST_F(GrpcRuntimeTest, RuntimeErrorKeepsCodeAndNamesRpc) {
  v1::RemoveContainerRequest req;
  req.set_container_id("c1");
  auto resp = runtime_->RemoveContainer(req);
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(resp.status().message(), "cri RemoveContainer: container c1");
}

TEST_F(GrpcRuntimeTest, UnimplementedRpcIsUnimplemented) {
  auto resp = runtime_->ListContainers(v1::ListContainersRequest());
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.status().code(), absl::StatusCode::kUnimplemented);
}

TEST_F(GrpcRuntimeTest, ImageServiceCallsReachImageService) {
  v1::ImageStatusRequest req;
  req.mutable_image()->set_image("present");
  auto resp = runtime_->ImageStatus(req);
  ASSERT_TRUE(resp.ok()) << resp.status();
  EXPECT_EQ(resp->image().id(), "sha256:abc");
  req.mutable_image()->set_image("absent");
  resp = runtime_->ImageStatus(req);
  ASSERT_TRUE(resp.ok()) << resp.status();
  EXPECT_FALSE(resp->has_image());
}

}  // namespace
}  // namespace wisp::cri
