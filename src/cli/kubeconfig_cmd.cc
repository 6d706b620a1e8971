// `wisp kubeconfig admin` prints the admin kubeconfig that `wisp controller`
// wrote under the data dir; `wisp kubectl ...` runs the installed kubectl
// with it (the user's own KUBECONFIG is not consulted).
#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::cli {

std::string PkiDir(const GlobalOptions& g) { return g.data_dir + "/pki"; }
std::string AdminKubeconfigPath(const GlobalOptions& g) { return PkiDir(g) + "/admin.conf"; }

namespace {

int PrintAdmin(const GlobalOptions& g) {
  auto text = base::ReadFile(AdminKubeconfigPath(g));
  if (!text.ok()) {
    std::cerr << "wisp kubeconfig admin: no admin kubeconfig at " << AdminKubeconfigPath(g)
              << " (has `wisp controller --data-dir " << g.data_dir << "` run?)\n";
    return 1;
  }
  std::cout << *text;
  return 0;
}

int RunKubectl(const GlobalOptions& g, const std::vector<std::string>& args) {
  std::string path = AdminKubeconfigPath(g);
  if (access(path.c_str(), R_OK) != 0) {
    std::cerr << "wisp kubectl: no admin kubeconfig at " << path << " (has `wisp controller "
              << "--data-dir " << g.data_dir << "` run?)\n";
    return 1;
  }
  std::vector<char*> argv;
  std::string name = "kubectl";
  argv.push_back(name.data());
  std::vector<std::string> copy = args;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  setenv("KUBECONFIG", path.c_str(), 1);
  execvp("kubectl", argv.data());
  std::cerr << "wisp kubectl: cannot run kubectl: " << strerror(errno)
            << " (install kubectl and put it on PATH)\n";
  return 127;
}

}  // namespace

void RegisterKubeconfigCommands(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto* kc = app.add_subcommand("kubeconfig", "Print kubeconfigs for the cluster");
  kc->require_subcommand(1);
  auto* admin = kc->add_subcommand("admin", "Print the cluster-admin kubeconfig");
  admin->callback([&globals, &exit_code] { exit_code = PrintAdmin(globals); });

  auto* kubectl = app.add_subcommand("kubectl", "Run kubectl as the cluster admin");
  kubectl->prefix_command();
  // Everything after `kubectl` is kubectl's, not wisp's global options.
  kubectl->fallthrough(false);
  kubectl->set_help_flag();  // --help is kubectl's
  kubectl->allow_extras();
  kubectl->callback(
      [kubectl, &globals, &exit_code] { exit_code = RunKubectl(globals, kubectl->remaining()); });
}

}  // namespace wisp::cli
