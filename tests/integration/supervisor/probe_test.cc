// Readiness probes against real sockets on loopback and in a temp dir.
#include "wisp/supervisor/probe.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "integration/supervisor/test_util.h"
#include "supervisor/unique_fd.h"
#include "wisp/base/files.h"

namespace wisp::supervisor {
namespace {

using testing::TempDir;

// A listening TCP socket on 127.0.0.1 with a kernel-chosen port.
UniqueFd ListenTcp(int& port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(fd.get(), 16) != 0 ||
      ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return UniqueFd();
  }
  port = ntohs(addr.sin_port);
  return fd;
}

TEST(ProbeTest, TcpProbeAnswersOnlyWhileSomeoneListens) {
  int port = 0;
  UniqueFd listener = ListenTcp(port);
  ASSERT_TRUE(listener.valid());
  EXPECT_TRUE(TcpProbe("127.0.0.1", port)().ok());
  EXPECT_TRUE(TcpProbe("localhost", port)().ok());
  listener.Reset();
  absl::Status st = TcpProbe("127.0.0.1", port)();
  EXPECT_TRUE(absl::IsUnavailable(st)) << st;
}

TEST(ProbeTest, TcpProbeReportsUnresolvableHost) {
  absl::Status st = TcpProbe("no-such-host.invalid", 80)();
  EXPECT_TRUE(absl::IsUnavailable(st)) << st;
}

TEST(ProbeTest, UnixSocketProbeAnswersOnlyWhileSomeoneListens) {
  TempDir dir;
  const std::string path = dir / "s.sock";
  EXPECT_TRUE(absl::IsUnavailable(UnixSocketProbe(path)()));

  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  ASSERT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_TRUE(absl::IsUnavailable(UnixSocketProbe(path)()));  // Bound, not listening.
  ASSERT_EQ(::listen(fd.get(), 16), 0);
  EXPECT_TRUE(UnixSocketProbe(path)().ok());
}

TEST(ProbeTest, UnixSocketProbeRejectsOverlongPath) {
  EXPECT_TRUE(absl::IsInvalidArgument(UnixSocketProbe("/" + std::string(200, 'a'))()));
}

TEST(ProbeTest, FileExistsProbe) {
  TempDir dir;
  const std::string path = dir / "f";
  EXPECT_TRUE(absl::IsUnavailable(FileExistsProbe(path)()));
  ASSERT_TRUE(base::WriteFileAtomic(path, "x").ok());
  EXPECT_TRUE(FileExistsProbe(path)().ok());
}

}  // namespace
}  // namespace wisp::supervisor
