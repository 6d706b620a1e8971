// File: src/cli/commands.h
//
// Each command family registers its subcommands on the root app. Kept free of
// CLI11 in the signature's users: only the cli module's .cc files include it.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

namespace wisp::cli {

// Every Register* adds its subcommands to `app`; `exit_code` receives the
// command's result when it runs. `globals` is filled before callbacks run.
void RegisterVersionCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void RegisterConfigCommands(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void RegisterDatastoreCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void RegisterControllerCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void RegisterApiServerCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void RegisterKubeconfigCommands(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void RegisterWorkerCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void RegisterKubeletCommand(CLI::App& app, const GlobalOptions& globals, int& exit_code);

// Where the controller keeps the PKI and the admin kubeconfig.
std::string PkiDir(const GlobalOptions& g);
std::string AdminKubeconfigPath(const GlobalOptions& g);

}  // namespace wisp::cli
