// File: tests/integration/datastore/fixture.h
//
// Real processes for datastore integration tests: `wisp datastore` (from
// $WISP_BINARY) and Debian's `etcd`, each on free loopback ports in its own
// temp dir, plus a shell runner for etcdctl. Every process is killed and
// every temp dir removed in the destructors, also when a test fails.
// Not thread-safe.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace wisp::datastore::testing {

inline std::string MakeTempDir() {
  char tmpl[] = "/tmp/wisp-ds-it-XXXXXX";
  return mkdtemp(tmpl) ? std::string(tmpl) : std::string();
}

// A port that was free a moment ago (the kernel picks it).
inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved.
};

// Runs `cmd` with /bin/sh and captures its output.
inline CommandResult Shell(const std::string& cmd) {
  CommandResult r;
  FILE* p = popen(("exec 2>&1; " + cmd).c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Polls `cond` until it holds or `timeout` passes.
inline bool WaitFor(const std::function<bool()>& cond,
                    std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return cond();
}

// A child process in its own process group; killed on destruction.
class Process {
 public:
  Process() = default;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process() { Kill(SIGKILL); }

  void Start(const std::vector<std::string>& argv, const std::string& log_file) {
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);
      FILE* f = fopen(log_file.c_str(), "a");
      if (f) {
        dup2(fileno(f), 1);
        dup2(fileno(f), 2);
      }
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
  }
  // Sends `sig` and reaps the child. Returns its wait status.
  int Kill(int sig) {
    if (pid_ <= 0) return 0;
    ::kill(-pid_, sig);
    ::kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  bool running() const { return pid_ > 0 && ::kill(pid_, 0) == 0; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// An etcd v3 server under test: `wisp datastore` or the real etcd.
class Server {
 public:
  enum Kind { kWisp, kEtcd };

  explicit Server(Kind kind) : kind_(kind), dir_(MakeTempDir()) {}
  ~Server() {
    process_.Kill(SIGKILL);
    std::filesystem::remove_all(dir_);
  }

  // Starts the server and waits until etcdctl can talk to it.
  bool Start() {
    if (port_ == 0) port_ = FreePort();
    if (kind_ == kWisp) {
      const char* bin = getenv("WISP_BINARY");
      std::vector<std::string> argv = {
          bin ? bin : "wisp",
          "datastore",
          "--data-dir",
          dir_ + "/data",
          "--listen-client-urls",
          scheme_ + "://127.0.0.1:" + std::to_string(port_) + ",unix://" + dir_ + "/ds.sock"};
      argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
      process_.Start(argv, dir_ + "/server.log");
    } else {
      int peer = FreePort();
      std::string client = "http://127.0.0.1:" + std::to_string(port_);
      std::string peer_url = "http://127.0.0.1:" + std::to_string(peer);
      process_.Start(
          {"etcd", "--data-dir", dir_ + "/data", "--listen-client-urls", client,
           "--advertise-client-urls", client, "--listen-peer-urls", peer_url,
           "--initial-advertise-peer-urls", peer_url, "--initial-cluster", "default=" + peer_url},
          dir_ + "/server.log");
    }
    return WaitFor([this] { return Ctl("endpoint health").exit_code == 0; });
  }
  // Serves https with these server flags; etcdctl gets `ctl_flags`.
  void UseTls(std::vector<std::string> server_flags, std::string ctl_flags) {
    scheme_ = "https";
    extra_args_ = std::move(server_flags);
    ctl_flags_ = std::move(ctl_flags);
  }
  // Stops the server with `sig` (SIGTERM: graceful; SIGKILL: crash).
  int Stop(int sig) { return process_.Kill(sig); }

  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& dir() const { return dir_; }
  // Runs `etcdctl <args>` against this server.
  CommandResult Ctl(const std::string& args) const {
    return Shell("ETCDCTL_API=3 etcdctl --dial-timeout=3s --command-timeout=10s --endpoints=" +
                 scheme_ + "://" + endpoint() + " " + ctl_flags_ + " " + args);
  }
  std::string Log() const { return Shell("cat " + dir_ + "/server.log").output; }

 private:
  Kind kind_;
  std::string dir_;
  std::string scheme_ = "http";
  std::vector<std::string> extra_args_;
  std::string ctl_flags_;
  int port_ = 0;
  Process process_;
};

}  // namespace wisp::datastore::testing
