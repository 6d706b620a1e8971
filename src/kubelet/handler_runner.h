// File: src/kubelet/handler_runner.h
//
// Runs a probe's or lifecycle hook's action against a container: exec
// through CRI ExecSync, httpGet as plain HTTP/1.1 to the pod IP (success is
// a 2xx or 3xx status), tcpSocket as a connect. An interface so the
// reconciler's tests use a fake. Implementations are thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "kubelet/pod.h"
#include "wisp/cri/runtime.h"

namespace wisp::kubelet {

struct HandlerTarget {
  std::string container_id;
  std::string pod_ip;                // "" with hostNetwork: 127.0.0.1
  std::vector<ContainerPort> ports;  // To resolve named ports.
};

class HandlerRunner {
 public:
  virtual ~HandlerRunner() = default;
  // OK on success; FailedPrecondition with the reason on a failed check
  // (non-zero exit, HTTP 500, refused connection); DeadlineExceeded on timeout.
  virtual absl::Status Run(const Handler& handler, const HandlerTarget& target,
                           std::chrono::milliseconds timeout) = 0;
};

// `runtime` must outlive the runner.
std::unique_ptr<HandlerRunner> NewHandlerRunner(cri::Runtime& runtime);

// The port number of `port` (a number or a container port's name); 0 if none.
int ResolvePort(const std::string& port, const std::vector<ContainerPort>& ports);

}  // namespace wisp::kubelet
