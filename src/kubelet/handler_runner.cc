// File: src/kubelet/handler_runner.cc
#include "kubelet/handler_runner.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/numbers.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {
namespace {

using Clock = std::chrono::steady_clock;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

int RemainingMs(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return ms > 0 ? static_cast<int>(ms) : 0;
}

// A non-blocking connected TCP socket to host:port, or an error.
absl::Status Connect(const std::string& host, int port, Clock::time_point deadline, int& out) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    return absl::FailedPreconditionError(base::StrCat("bad address ", host));
  }
  out = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (out < 0) return absl::InternalError("socket failed");
  if (::connect(out, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 &&
      errno != EINPROGRESS) {
    return absl::FailedPreconditionError(
        base::StrCat("dial tcp ", host, ":", port, ": ", std::strerror(errno)));
  }
  pollfd p{out, POLLOUT, 0};
  if (::poll(&p, 1, RemainingMs(deadline)) <= 0) {
    return absl::DeadlineExceededError(base::StrCat("dial tcp ", host, ":", port, ": timeout"));
  }
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(out, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) {
    return absl::FailedPreconditionError(
        base::StrCat("dial tcp ", host, ":", port, ": ", std::strerror(err)));
  }
  return absl::OkStatus();
}

absl::Status HttpGet(const Handler& h, const std::string& host, int port,
                     Clock::time_point deadline) {
  int raw = -1;
  absl::Status st = Connect(host, port, deadline, raw);
  Fd fd(raw);
  if (!st.ok()) return st;
  std::string request =
      base::StrCat("GET ", h.path.empty() ? "/" : h.path, " HTTP/1.1\r\nHost: ", host, ":", port,
                   "\r\nUser-Agent: kube-probe/wisp\r\n");
  for (const auto& [k, v] : h.headers) request += base::StrCat(k, ": ", v, "\r\n");
  request += "Connection: close\r\n\r\n";
  size_t sent = 0;
  while (sent < request.size()) {
    pollfd p{fd.get(), POLLOUT, 0};
    if (::poll(&p, 1, RemainingMs(deadline)) <= 0) return absl::DeadlineExceededError("timeout");
    ssize_t n = ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return absl::FailedPreconditionError("send failed");
    sent += static_cast<size_t>(n);
  }
  std::string response;
  while (response.find("\r\n") == std::string::npos) {
    pollfd p{fd.get(), POLLIN, 0};
    if (::poll(&p, 1, RemainingMs(deadline)) <= 0) return absl::DeadlineExceededError("timeout");
    char buf[512];
    ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
    if (n <= 0) break;
    response.append(buf, static_cast<size_t>(n));
  }
  // "HTTP/1.1 200 OK"
  size_t sp = response.find(' ');
  int code = 0;
  if (sp == std::string::npos || !absl::SimpleAtoi(response.substr(sp + 1, 3), &code)) {
    return absl::FailedPreconditionError("malformed HTTP response");
  }
  if (code < 200 || code >= 400) {
    return absl::FailedPreconditionError(base::StrCat("HTTP probe failed with statuscode: ", code));
  }
  return absl::OkStatus();
}

class RealHandlerRunner final : public HandlerRunner {
 public:
  explicit RealHandlerRunner(cri::Runtime& runtime) : runtime_(runtime) {}

  absl::Status Run(const Handler& h, const HandlerTarget& target,
                   std::chrono::milliseconds timeout) override {
    auto deadline = Clock::now() + timeout;
    if (h.kind == Handler::Kind::kExec) {
      cri::v1::ExecSyncRequest req;
      req.set_container_id(target.container_id);
      for (const std::string& s : h.command) req.add_cmd(s);
      req.set_timeout(std::max<int64_t>(1, (timeout.count() + 999) / 1000));
      absl::StatusOr<cri::v1::ExecSyncResponse> resp = runtime_.ExecSync(req);
      if (!resp.ok()) return resp.status();
      if (resp->exit_code() != 0) {
        return absl::FailedPreconditionError(base::StrCat("command exited with ", resp->exit_code(),
                                                          ": ", resp->stdout(), resp->stderr()));
      }
      return absl::OkStatus();
    }
    int port = ResolvePort(h.port, target.ports);
    if (port <= 0) return absl::FailedPreconditionError(base::StrCat("unknown port ", h.port));
    std::string host = !h.host.empty()          ? h.host
                       : !target.pod_ip.empty() ? target.pod_ip
                                                : "127.0.0.1";
    if (h.kind == Handler::Kind::kHttpGet) return HttpGet(h, host, port, deadline);
    int raw = -1;
    absl::Status st = Connect(host, port, deadline, raw);
    Fd fd(raw);
    return st;
  }

 private:
  cri::Runtime& runtime_;
};

}  // namespace

int ResolvePort(const std::string& port, const std::vector<ContainerPort>& ports) {
  int n = 0;
  if (absl::SimpleAtoi(port, &n)) return n;
  for (const ContainerPort& p : ports) {
    if (p.name == port) return p.container_port;
  }
  return 0;
}

std::unique_ptr<HandlerRunner> NewHandlerRunner(cri::Runtime& runtime) {
  return std::make_unique<RealHandlerRunner>(runtime);
}

}  // namespace wisp::kubelet
