// File: wisp/base/files.h
//
// Small, error-returning file helpers over POSIX. Thread-compatible.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wisp::base {

// Reads a whole file. NotFound if it does not exist.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Reads all of standard input.
absl::StatusOr<std::string> ReadStdin();

// Writes `data` to `path` atomically (temp file, fsync, rename, fsync of the
// directory) with the given permission bits.
absl::Status WriteFileAtomic(const std::string& path, std::string_view data, int mode = 0644);

// Creates `path` and its missing parents with `mode`. OK if it already exists
// as a directory.
absl::Status MakeDirs(const std::string& path, int mode = 0755);

// Returns an error status for the current errno, naming `what`.
absl::Status ErrnoStatus(std::string_view what);

}  // namespace wisp::base
