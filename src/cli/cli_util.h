// File: src/cli/cli_util.h (private to the CLI)
//
// Small helpers shared by the long-running subcommands.
#pragma once

#include <signal.h>

#include <string>
#include <string_view>
#include <vector>

namespace wisp::cli {

// "a,b,,c" → {"a","b","c"}.
std::vector<std::string> SplitCommas(const std::string& s);

// Blocks SIGTERM and SIGINT in the calling thread (call before any thread
// starts, so every thread inherits the mask) and returns the set.
sigset_t BlockTerminationSignals();

// Blocks until SIGTERM or SIGINT arrives; logs it for `component`.
void WaitForTermination(const sigset_t& set, std::string_view component);

}  // namespace wisp::cli
