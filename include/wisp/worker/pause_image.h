// File: wisp/worker/pause_image.h
//
// wisp's pause image: the static pause program (src/pause/pause.c) embedded
// in the binary at build time, packed on demand into an OCI image archive.
// The tag is derived from the program's bytes, so a changed program never
// hides behind an old image in containerd's store. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wisp::worker {

// The embedded pause executable.
std::string_view PauseBinary();

// "localhost/wisp/pause:<first 12 hex digits of the binary's SHA-256>".
std::string PauseImageName();

// The image archive: /pause as entrypoint, nothing else.
absl::StatusOr<std::string> PauseImageArchive();

}  // namespace wisp::worker
