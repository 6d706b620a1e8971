// File: src/cri/grpc_runtime.h
//
// The gRPC implementation of cri::Runtime over any channel (a unix socket in
// production, an in-process channel in tests). Private to the cri module and
// its tests. Thread-safe (gRPC stubs are).
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>

#include "wisp/cri/runtime.h"

namespace wisp::cri {

// Maps a gRPC status to absl::Status: same code, message "cri <rpc>: <msg>".
absl::Status FromGrpc(const grpc::Status& status, const char* rpc);

std::unique_ptr<Runtime> NewRuntimeOnChannel(std::shared_ptr<grpc::Channel> channel,
                                             RuntimeOptions options = {});

}  // namespace wisp::cri
