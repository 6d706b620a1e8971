#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "wisp/base/build_info.h"

namespace wisp::cli {
namespace {

std::string Platform() {
#if defined(__x86_64__)
  return "linux/amd64";
#elif defined(__aarch64__)
  return "linux/arm64";
#elif defined(__arm__)
  return "linux/arm";
#else
  return "linux/unknown";
#endif
}

}  // namespace

void RegisterVersionCommand(CLI::App& app, const GlobalOptions& /*globals*/, int& exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the wisp version and build information");
  auto output = std::make_shared<std::string>("text");
  cmd->add_option("-o,--output", *output, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([output, &exit_code] {
    const base::BuildInfo& info = base::GetBuildInfo();
    if (*output == "json") {
      nlohmann::ordered_json j;
      j["version"] = "v" + std::string(info.version);
      j["gitCommit"] = info.git_commit;
      j["buildDate"] = info.build_date;
      j["kubernetesVersion"] = info.kubernetes_version;
      j["platform"] = Platform();
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << "wisp version: v" << info.version << "\n"
                << "git commit: " << info.git_commit << "\n"
                << "build date: " << info.build_date << "\n"
                << "kubernetes version: " << info.kubernetes_version << "\n"
                << "platform: " << Platform() << "\n";
    }
    exit_code = 0;
  });
}

}  // namespace wisp::cli
