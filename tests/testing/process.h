// File: tests/testing/process.h
//
// Helpers for tests that run real processes: temp dirs, free loopback
// ports, a shell runner, condition polling and a child process in its own
// process group that is killed (group and all) on destruction, also when a
// test fails. Not thread-safe.
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
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace wisp::testing {

inline std::string MakeTempDir() {
  char tmpl[] = "/tmp/wisp-test-XXXXXX";
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

}  // namespace wisp::testing
