#include "wisp/cli/cli.h"

#include <signal.h>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/global_options.h"
#include "wisp/base/log.h"

namespace wisp::cli {

int Main(int argc, char** argv) {
  // A closed stdout/stderr (e.g. `wisp ... | head`) must not kill a supervisor
  // that copies child output; writes fail with EPIPE instead.
  ::signal(SIGPIPE, SIG_IGN);
  GlobalOptions globals;
  int exit_code = 0;

  CLI::App app{"wisp: a single-binary, lightweight Kubernetes distribution", "wisp"};
  app.require_subcommand(1);
  app.fallthrough();  // Global options are accepted after the subcommand too.
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.add_option("--data-dir", globals.data_dir, "Directory for persistent state")
      ->capture_default_str();
  app.add_option("--run-dir", globals.run_dir, "Directory for sockets and pid files")
      ->capture_default_str();
  app.add_flag("-d,--debug", globals.debug, "Log at debug level");
  app.parse_complete_callback(
      [&] { base::SetLogLevel(globals.debug ? base::LogLevel::kDebug : base::LogLevel::kInfo); });

  RegisterVersionCommand(app, globals, exit_code);
  RegisterConfigCommands(app, globals, exit_code);
  RegisterDatastoreCommand(app, globals, exit_code);
  RegisterControllerCommand(app, globals, exit_code);
  RegisterApiServerCommand(app, globals, exit_code);
  RegisterKubeconfigCommands(app, globals, exit_code);
  RegisterWorkerCommand(app, globals, exit_code);
  RegisterKubeletCommand(app, globals, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}

}  // namespace wisp::cli
