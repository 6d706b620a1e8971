// File: src/cli/global_options.h
//
// Options every wisp command accepts. Private to the cli module.
#pragma once

#include <string>

namespace wisp::cli {

struct GlobalOptions {
  std::string data_dir = "/var/lib/wisp";  // Persistent state.
  std::string run_dir = "/run/wisp";       // Sockets and pid files.
  bool debug = false;
};

}  // namespace wisp::cli
