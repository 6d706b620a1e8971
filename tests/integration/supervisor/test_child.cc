// File: tests/integration/supervisor/test_child.cc
//
// The child process the supervisor integration tests run. Flags, applied in
// this order:
//   --start-stamp=F       append "<CLOCK_MONOTONIC ns>\n" to F at start
//   --require-file=P --require-result=R
//                         write "present" or "missing" (P exists?) to R
//   --ignore-term         ignore SIGTERM (inherited by the grandchild)
//   --grandchild-pid-file=F  fork a sleeping grandchild, write its pid to F
//   --grandchild-ignore-term the grandchild alone ignores SIGTERM
//   --print-fds           print "fds <n> <n>..." (the open descriptors) to stdout
//   --print-env=VAR       print "VAR=<value>" or "VAR unset" to stdout (repeatable)
//   --stdout-lines=N      print "out <i> <padding>" lines to stdout
//   --stderr-lines=N      print "err <i>" lines to stderr
//   --line-len=N          pad stdout lines to N bytes
//   --partial=TEXT        print TEXT to stdout without a newline
//   --crash               die by SIGKILL right away
//   --exit=N              exit with code N
//   --ready-delay-ms=N    wait before becoming ready
//   --ready-file=F        become ready by creating F
//   --ready-socket=S      become ready by listening on unix socket S
//   --term-stamp=F        on SIGTERM append "<monotonic ns>\n" to F, exit 0
// Without --crash/--exit the process then sleeps until a signal ends it.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::string start_stamp, require_file, require_result, partial, grandchild_pid_file;
  std::string ready_file, ready_socket, term_stamp;
  std::vector<std::string> print_env;
  int stdout_lines = 0, stderr_lines = 0, line_len = 0, exit_code = -1, ready_delay_ms = 0;
  bool crash = false, ignore_term = false, grandchild_ignore_term = false, print_fds = false;
};

long long MonotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void AppendLine(const std::string& path, const std::string& line) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) std::exit(90);
  std::string data = line + "\n";
  if (write(fd, data.data(), data.size()) != static_cast<ssize_t>(data.size())) std::exit(91);
  close(fd);
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto eq = arg.find('=');
    std::string key(arg.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : std::string(arg.substr(eq + 1));
    if (key == "--start-stamp")
      o.start_stamp = value;
    else if (key == "--require-file")
      o.require_file = value;
    else if (key == "--require-result")
      o.require_result = value;
    else if (key == "--print-fds")
      o.print_fds = true;
    else if (key == "--print-env")
      o.print_env.push_back(value);
    else if (key == "--stdout-lines")
      o.stdout_lines = std::atoi(value.c_str());
    else if (key == "--stderr-lines")
      o.stderr_lines = std::atoi(value.c_str());
    else if (key == "--line-len")
      o.line_len = std::atoi(value.c_str());
    else if (key == "--partial")
      o.partial = value;
    else if (key == "--crash")
      o.crash = true;
    else if (key == "--exit")
      o.exit_code = std::atoi(value.c_str());
    else if (key == "--ignore-term")
      o.ignore_term = true;
    else if (key == "--grandchild-pid-file")
      o.grandchild_pid_file = value;
    else if (key == "--grandchild-ignore-term")
      o.grandchild_ignore_term = true;
    else if (key == "--ready-delay-ms")
      o.ready_delay_ms = std::atoi(value.c_str());
    else if (key == "--ready-file")
      o.ready_file = value;
    else if (key == "--ready-socket")
      o.ready_socket = value;
    else if (key == "--term-stamp")
      o.term_stamp = value;
    else {
      std::fprintf(stderr, "test_child: unknown flag %s\n", argv[i]);
      std::exit(64);
    }
  }
  return o;
}

void PrintFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) std::exit(94);
  std::vector<int> fds;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.' && std::atoi(entry->d_name) != dirfd(dir)) {
      fds.push_back(std::atoi(entry->d_name));
    }
  }
  closedir(dir);
  std::sort(fds.begin(), fds.end());
  std::string line = "fds";
  for (int fd : fds) line += " " + std::to_string(fd);
  std::printf("%s\n", line.c_str());
}

void PrintOutput(const Options& o) {
  if (o.print_fds) PrintFds();
  for (const std::string& var : o.print_env) {
    const char* value = std::getenv(var.c_str());
    if (value != nullptr) {
      std::printf("%s=%s\n", var.c_str(), value);
    } else {
      std::printf("%s unset\n", var.c_str());
    }
  }
  for (int i = 0; i < o.stdout_lines; ++i) {
    std::string line = "out " + std::to_string(i) + " ";
    if (static_cast<int>(line.size()) < o.line_len) line.append(o.line_len - line.size(), '.');
    std::printf("%s\n", line.c_str());
  }
  std::fflush(stdout);
  for (int i = 0; i < o.stderr_lines; ++i) std::fprintf(stderr, "err %d\n", i);
  if (!o.partial.empty()) std::printf("%s", o.partial.c_str());
  std::fflush(stdout);
}

void SpawnGrandchild(const std::string& pid_file, bool ignore_term) {
  // Set before fork, so the grandchild ignores SIGTERM from its first moment.
  sighandler_t old = ignore_term ? signal(SIGTERM, SIG_IGN) : SIG_DFL;
  pid_t pid = fork();
  if (pid < 0) std::exit(92);
  if (pid == 0) {
    for (;;) pause();
  }
  if (ignore_term) signal(SIGTERM, old);
  AppendLine(pid_file, std::to_string(pid));
}

void BecomeReady(const Options& o) {
  if (o.ready_delay_ms > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(o.ready_delay_ms));
  if (!o.ready_socket.empty()) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, o.ready_socket.c_str(), sizeof addr.sun_path - 1);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(fd, 64) != 0) {
      std::exit(93);
    }
    std::thread([fd] {
      for (;;) {
        int c = accept(fd, nullptr, nullptr);
        if (c >= 0) close(c);
      }
    }).detach();  // Lives until the process dies.
  }
  if (!o.ready_file.empty()) AppendLine(o.ready_file, "ready");
}

}  // namespace

int main(int argc, char** argv) {
  Options o = Parse(argc, argv);
  if (!o.start_stamp.empty()) AppendLine(o.start_stamp, std::to_string(MonotonicNs()));
  if (!o.require_file.empty()) {
    AppendLine(o.require_result, access(o.require_file.c_str(), F_OK) == 0 ? "present" : "missing");
  }
  if (o.ignore_term) signal(SIGTERM, SIG_IGN);
  if (!o.grandchild_pid_file.empty())
    SpawnGrandchild(o.grandchild_pid_file, o.grandchild_ignore_term);
  PrintOutput(o);
  if (o.crash) raise(SIGKILL);
  if (o.exit_code >= 0) return o.exit_code;

  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  // Blocked before any thread starts, so only sigwait below sees SIGTERM.
  if (!o.term_stamp.empty()) pthread_sigmask(SIG_BLOCK, &term, nullptr);
  BecomeReady(o);
  if (!o.term_stamp.empty()) {
    int sig = 0;
    sigwait(&term, &sig);
    AppendLine(o.term_stamp, std::to_string(MonotonicNs()));
    return 0;
  }
  for (;;) pause();
}
