// File: src/cli/cli_util.cc
#include "cli/cli_util.h"

#include <pthread.h>

#include <sstream>

#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::cli {

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

sigset_t BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

void WaitForTermination(const sigset_t& set, std::string_view component) {
  int sig = 0;
  sigwait(&set, &sig);
  base::LogInfo(component, base::StrCat("received signal ", sig, ", shutting down"));
}

}  // namespace wisp::cli
