// File: wisp/cli/cli.h
//
// The `wisp` command line (k0s verb names). Main parses argv, runs the chosen
// command and returns the process exit code.
#pragma once

namespace wisp::cli {

int Main(int argc, char** argv);

}  // namespace wisp::cli
