// File: src/datastore/metrics_http.cc
#include "datastore/metrics_http.h"

#include <netdb.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>

#include "wisp/base/files.h"
#include "wisp/base/strings.h"
#include "wisp/net/http.h"

namespace wisp::datastore {
namespace {

constexpr size_t kMaxRequestHead = 8192;

void SendAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;  // peer gone or timed out: nothing more to do
    off += static_cast<size_t>(n);
  }
}

absl::StatusOr<int> ListenOn(const std::string& url) {
  std::string host, port;
  if (absl::Status s = ParseMetricsUrl(url, &host, &port); !s.ok()) return s;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* res = nullptr;
  if (int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    return absl::InvalidArgumentError(
        base::StrCat("--listen-metrics-urls: \"", url, "\": ", gai_strerror(rc)));
  }
  int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  bool ok = fd >= 0 && bind(fd, res->ai_addr, res->ai_addrlen) == 0 && listen(fd, 64) == 0;
  int err = errno;
  freeaddrinfo(res);
  if (!ok) {
    if (fd >= 0) close(fd);
    return absl::UnavailableError(
        base::StrCat("--listen-metrics-urls: cannot listen on ", url, ": ", std::strerror(err)));
  }
  return fd;
}

int BoundPort(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
}

}  // namespace

void AppendMetric(std::string* out, const std::string& sample, const char* type, const char* help,
                  const std::string& value) {
  const std::string family = sample.substr(0, sample.find('{'));
  *out += base::StrCat("# HELP ", family, " ", help, "\n# TYPE ", family, " ", type, "\n", sample,
                       " ", value, "\n");
}

std::string ProcessMetricsText() {
  std::string out;
  const long page = sysconf(_SC_PAGESIZE), ticks = sysconf(_SC_CLK_TCK);
  if (auto statm = base::ReadFile("/proc/self/statm"); statm.ok()) {
    long long size = 0, resident = 0;
    if (sscanf(statm->c_str(), "%lld %lld", &size, &resident) == 2) {
      AppendMetric(&out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
                   std::to_string(resident * page));
      AppendMetric(&out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
                   std::to_string(size * page));
    }
  }
  if (auto stat = base::ReadFile("/proc/self/stat"); stat.ok()) {
    // Fields after the parenthesised command: state is field 3, utime 14,
    // stime 15, starttime 22 (1-based, as proc(5) numbers them).
    size_t close_paren = stat->rfind(')');
    std::vector<std::string> f;
    if (close_paren != std::string::npos) {
      std::string rest = stat->substr(close_paren + 2);
      size_t pos = 0;
      while (pos < rest.size()) {
        size_t sp = rest.find(' ', pos);
        if (sp == std::string::npos) sp = rest.size();
        f.push_back(rest.substr(pos, sp - pos));
        pos = sp + 1;
      }
    }
    if (f.size() > 19) {
      double cpu = (std::stod(f[11]) + std::stod(f[12])) / static_cast<double>(ticks);
      AppendMetric(&out, "process_cpu_seconds_total", "counter",
                   "Total user and system CPU time spent in seconds.", std::to_string(cpu));
      double boot = 0;
      if (auto st = base::ReadFile("/proc/stat"); st.ok()) {
        size_t b = st->find("\nbtime ");
        if (b != std::string::npos) boot = std::stod(st->substr(b + 7));
      }
      AppendMetric(&out, "process_start_time_seconds", "gauge",
                   "Start time of the process since unix epoch in seconds.",
                   std::to_string(boot + std::stod(f[19]) / static_cast<double>(ticks)));
    }
  }
  std::error_code ec;
  long fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds;
  }
  AppendMetric(&out, "process_open_fds", "gauge", "Number of open file descriptors.",
               std::to_string(fds));
  return out;
}

absl::Status ParseMetricsUrl(const std::string& url, std::string* host, std::string* port) {
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(base::StrCat("--listen-metrics-urls: \"", url, "\" ", why));
  };
  if (url.rfind("https://", 0) == 0) {
    return bad("is https; metrics and health are served over plain http on their own address");
  }
  if (url.rfind("http://", 0) != 0) return bad("is not http://HOST:PORT");
  std::string rest = url.substr(7);
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon + 1 == rest.size()) return bad("has no port");
  *host = rest.substr(0, colon);
  *port = rest.substr(colon + 1);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  if (host->empty()) return bad("has no host");
  for (char c : *port) {
    if (c < '0' || c > '9') return bad("has a port that is not a number");
  }
  if (port->size() > 5 || std::stoi(*port) > 65535) return bad("has a port above 65535");
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Listen(
    const std::vector<std::string>& urls, MetricsHandler handler) {
  std::vector<int> fds, ports;
  for (const std::string& url : urls) {
    auto fd = ListenOn(url);
    if (!fd.ok()) {
      for (int f : fds) close(f);
      return fd.status();
    }
    fds.push_back(*fd);
    ports.push_back(BoundPort(*fd));
  }
  return std::unique_ptr<MetricsServer>(
      new MetricsServer(std::move(fds), std::move(ports), std::move(handler)));
}

MetricsServer::MetricsServer(std::vector<int> fds, std::vector<int> ports, MetricsHandler handler)
    : fds_(std::move(fds)), ports_(std::move(ports)), handler_(std::move(handler)) {
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  thread_ = std::thread([this] { Serve(); });
}

MetricsServer::~MetricsServer() {
  uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  for (int fd : fds_) close(fd);
  close(wake_fd_);
}

void MetricsServer::Serve() {
  std::vector<pollfd> pfds;
  for (int fd : fds_) pfds.push_back({fd, POLLIN, 0});
  pfds.push_back({wake_fd_, POLLIN, 0});
  while (true) {
    if (poll(pfds.data(), pfds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (pfds.back().revents) return;  // stopping
    for (size_t i = 0; i + 1 < pfds.size(); ++i) {
      if (!(pfds[i].revents & POLLIN)) continue;
      int conn = accept4(pfds[i].fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (conn < 0) continue;
      timeval tv{2, 0};
      setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      setsockopt(conn, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
      Answer(conn);
      close(conn);
    }
  }
}

void MetricsServer::Answer(int fd) {
  std::string head;
  char buf[1024];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < kMaxRequestHead) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;  // closed or timed out before a whole request line
    head.append(buf, static_cast<size_t>(n));
  }
  MetricsReply reply;
  size_t sp1 = head.find(' ');
  size_t sp2 = sp1 == std::string::npos ? sp1 : head.find(' ', sp1 + 1);
  bool head_only = false;
  if (sp2 == std::string::npos || head.find("\r\n") < sp2) {
    reply = {400, "text/plain; charset=utf-8", "malformed request\n"};
  } else {
    std::string method = head.substr(0, sp1);
    std::string path = head.substr(sp1 + 1, sp2 - sp1 - 1);
    path = path.substr(0, path.find('?'));
    head_only = method == "HEAD";
    if (method != "GET" && !head_only) {
      reply = {405, "text/plain; charset=utf-8", "only GET is served here\n"};
    } else {
      reply = handler_(path);
    }
  }
  std::string out =
      base::StrCat("HTTP/1.1 ", reply.status, " ", net::ReasonPhrase(reply.status),
                   "\r\nContent-Type: ", reply.content_type,
                   "\r\nContent-Length: ", reply.body.size(), "\r\nConnection: close\r\n\r\n");
  if (!head_only) out += reply.body;
  SendAll(fd, out);
}

}  // namespace wisp::datastore
