// File: tests/integration/supervisor/supervisor_harness.cc
//
// Runs ProcessSupervisors in a process of their own, so tests can kill -9 the
// supervisor or read its stderr:
//
//   supervisor_harness [--backoff-ms=N] [--log-max-bytes=N] [--log-max-files=N]
//                      RUN_DIR LOG_DIR NAME ARGV... [-- NAME ARGV...]...
//
// Starts one supervisor per NAME (exit 2 if one fails to start), then waits
// for SIGTERM or SIGINT, stops them in reverse order and exits 0.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wisp/base/strings.h"
#include "wisp/supervisor/process_supervisor.h"

namespace {

using wisp::supervisor::ProcessSpec;
using wisp::supervisor::ProcessSupervisor;

[[noreturn]] void Usage() {
  std::fprintf(stderr,
               "usage: supervisor_harness [--backoff-ms=N] [--log-max-bytes=N] "
               "[--log-max-files=N] RUN_DIR LOG_DIR NAME ARGV... [-- NAME ARGV...]...\n");
  std::exit(64);
}

std::vector<ProcessSpec> ParseSpecs(int argc, char** argv) {
  ProcessSpec base;
  base.backoff.initial = std::chrono::milliseconds(100);
  base.backoff.max = std::chrono::milliseconds(1000);
  base.stop_grace = std::chrono::milliseconds(2000);
  int i = 1;
  for (; i < argc && std::string_view(argv[i]).starts_with("--") && argv[i][2] != '\0'; ++i) {
    std::string_view arg = argv[i];
    std::string value(arg.substr(arg.find('=') + 1));
    if (arg.starts_with("--backoff-ms=")) {
      base.backoff.initial = std::chrono::milliseconds(std::atoll(value.c_str()));
      base.backoff.max = base.backoff.initial * 10;
    } else if (arg.starts_with("--log-max-bytes=")) {
      base.log_max_bytes = std::strtoull(value.c_str(), nullptr, 10);
    } else if (arg.starts_with("--log-max-files=")) {
      base.log_max_files = std::atoi(value.c_str());
    } else {
      Usage();
    }
  }
  if (argc - i < 4) Usage();
  base.run_dir = argv[i++];
  base.log_dir = argv[i++];
  std::vector<ProcessSpec> specs;
  while (i < argc) {
    ProcessSpec spec = base;
    spec.name = argv[i++];
    for (; i < argc && std::string_view(argv[i]) != "--"; ++i) spec.argv.push_back(argv[i]);
    if (i < argc) ++i;  // Skip "--".
    if (spec.argv.empty()) Usage();
    specs.push_back(std::move(spec));
  }
  return specs;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<ProcessSpec> specs = ParseSpecs(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  // Blocked before any thread exists; children get a clean mask on exec.
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  std::vector<std::unique_ptr<ProcessSupervisor>> supervisors;
  for (ProcessSpec& spec : specs) {
    auto supervisor = std::make_unique<ProcessSupervisor>(std::move(spec));
    if (absl::Status st = supervisor->Start(); !st.ok()) {
      std::fprintf(stderr, "harness: %s\n", std::string(wisp::base::ToStd(st.message())).c_str());
      return 2;
    }
    supervisors.push_back(std::move(supervisor));
  }
  int sig = 0;
  sigwait(&stop, &sig);
  while (!supervisors.empty()) supervisors.pop_back();  // Reverse order; destructors Stop.
  return 0;
}
