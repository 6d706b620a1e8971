#include <iostream>

#include "cli/commands.h"
#include "wisp/base/files.h"
#include "wisp/base/strings.h"
#include "wisp/config/cluster_config.h"

namespace wisp::cli {
namespace {

absl::StatusOr<std::string> ReadConfigSource(const std::string& path) {
  if (path == "-") return base::ReadStdin();
  return base::ReadFile(path);
}

}  // namespace

void RegisterConfigCommands(CLI::App& app, const GlobalOptions& /*globals*/, int& exit_code) {
  auto* config = app.add_subcommand("config", "Work with the cluster configuration (wisp.yaml)");
  config->require_subcommand(1);

  auto* create = config->add_subcommand("create", "Print the complete default configuration");
  create->callback([&exit_code] {
    std::cout << config::EmitClusterConfig(config::ClusterConfig{});
    exit_code = 0;
  });

  auto* validate = config->add_subcommand("validate", "Check a configuration file");
  auto path = std::make_shared<std::string>();
  validate->add_option("-c,--config", *path, "Configuration file, or - for standard input")
      ->required();
  validate->callback([path, &exit_code] {
    absl::StatusOr<std::string> text = ReadConfigSource(*path);
    if (!text.ok()) {
      std::cerr << "error: " << text.status().message() << "\n";
      exit_code = 1;
      return;
    }
    absl::StatusOr<config::ClusterConfig> cfg = config::ParseClusterConfig(*text);
    if (!cfg.ok()) {
      std::cerr << "error: " << (*path == "-" ? "<stdin>" : *path) << " is not valid:\n"
                << cfg.status().message() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << (*path == "-" ? "<stdin>" : *path) << ": configuration is valid\n";
    exit_code = 0;
  });
}

}  // namespace wisp::cli
