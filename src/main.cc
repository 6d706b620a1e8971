// wisp: one binary, every component. See docs/architecture.md.
#include "wisp/cli/cli.h"

int main(int argc, char** argv) { return wisp::cli::Main(argc, argv); }
