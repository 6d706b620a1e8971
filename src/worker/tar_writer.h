// File: src/worker/tar_writer.h
//
// Builds a POSIX ustar archive in memory (regular files, directories,
// symlinks; deterministic: mtime 0, uid/gid 0). Enough for OCI image layers
// and image-layout archives. Private to the worker module. Not thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace wisp::worker {

class TarWriter {
 public:
  // InvalidArgument if `path` does not fit the ustar name fields (100 bytes
  // of name plus 155 of prefix, split at a '/').
  absl::Status AddFile(std::string_view path, std::string_view data, int mode = 0644);
  absl::Status AddDirectory(std::string_view path, int mode = 0755);
  absl::Status AddSymlink(std::string_view path, std::string_view target);

  // The archive with its two zero end blocks. The writer stays usable.
  std::string Finish() const;

 private:
  absl::Status AddEntry(std::string_view path, char type, std::string_view data, int mode,
                        std::string_view link);
  std::string out_;
};

}  // namespace wisp::worker
