#include "wisp/supervisor/probe.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "supervisor/unique_fd.h"
#include "wisp/base/strings.h"

namespace wisp::supervisor {
namespace {

absl::Status Unavailable(std::string_view what, int err) {
  return absl::UnavailableError(base::StrCat(what, ": ", ::strerrordesc_np(err)));
}

// One non-blocking connect, finished within `timeout`.
absl::Status ConnectOnce(const addrinfo& ai, std::chrono::milliseconds timeout,
                         std::string_view what) {
  UniqueFd fd(
      ::socket(ai.ai_family, ai.ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai.ai_protocol));
  if (!fd) return Unavailable(what, errno);
  if (::connect(fd.get(), ai.ai_addr, ai.ai_addrlen) == 0) return absl::OkStatus();
  if (errno != EINPROGRESS) return Unavailable(what, errno);
  pollfd pfd{fd.get(), POLLOUT, 0};
  int n;
  do {
    n = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
  } while (n < 0 && errno == EINTR);
  if (n == 0) return absl::UnavailableError(base::StrCat(what, ": connect timed out"));
  int err = 0;
  socklen_t len = sizeof err;
  if (n < 0 || ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  return err == 0 ? absl::OkStatus() : Unavailable(what, err);
}

}  // namespace

ReadinessProbe UnixSocketProbe(std::string path) {
  return [path = std::move(path)]() -> absl::Status {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) {
      return absl::InvalidArgumentError(base::StrCat("socket path too long: ", path));
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return Unavailable("socket", errno);
    // A unix connect completes at once, or fails with EAGAIN on a full backlog.
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      return Unavailable(base::StrCat("connect ", path), errno);
    }
    return absl::OkStatus();
  };
}

ReadinessProbe TcpProbe(std::string host, int port, std::chrono::milliseconds timeout) {
  return [host = std::move(host), port, timeout]() -> absl::Status {
    const std::string what = base::StrCat("connect ", host, ":", port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* raw = nullptr;
    const std::string service = base::StrCat(port);
    if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &raw); rc != 0) {
      return absl::UnavailableError(base::StrCat(what, ": ", ::gai_strerror(rc)));
    }
    std::unique_ptr<addrinfo, void (*)(addrinfo*)> list(raw, ::freeaddrinfo);
    absl::Status last = absl::UnavailableError(base::StrCat(what, ": no address"));
    for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
      last = ConnectOnce(*ai, timeout, what);
      if (last.ok()) break;
    }
    return last;
  };
}

ReadinessProbe FileExistsProbe(std::string path) {
  return [path = std::move(path)]() -> absl::Status {
    struct stat sb;
    if (::stat(path.c_str(), &sb) == 0) return absl::OkStatus();
    return Unavailable(base::StrCat("stat ", path), errno);
  };
}

}  // namespace wisp::supervisor
