// wisp: one binary, every component. See docs/architecture.md.
#include "absl/synchronization/mutex.h"
#include "wisp/cli/cli.h"

int main(int argc, char** argv) {
#ifdef NDEBUG
  // Debian builds Abseil without NDEBUG, so every absl::Mutex acquisition
  // (ours and gRPC's) would also update a process-wide lock-order graph,
  // with a stack trace per new edge. The dev build keeps that check for the
  // tests; the optimized binary does not pay for it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
#endif
  return wisp::cli::Main(argc, argv);
}
