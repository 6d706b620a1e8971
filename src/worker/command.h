// File: src/worker/command.h
//
// Runs a short-lived helper program (e.g. `ctr images import`) to completion
// and returns its combined output. Private to the worker module.
// Thread-safe (no shared state).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wisp::worker {

// Runs argv (argv[0] absolute) with stdin from /dev/null, stdout+stderr
// captured. Returns the output when the program exits 0; otherwise an error
// naming the program, its exit status and the output's tail. The program is
// killed (its process group) when `timeout` passes.
absl::StatusOr<std::string> RunCommand(const std::vector<std::string>& argv,
                                       std::chrono::milliseconds timeout);

}  // namespace wisp::worker
