// File: wisp/worker/oci_image.h
//
// Builds a single-platform OCI image archive (an image-layout tar: oci-layout,
// index.json, blobs/sha256/<manifest, config, one uncompressed tar layer>)
// from files held in memory. Used for wisp's pause image and by tests for
// images made from the host's static binaries. `ctr images import` and
// `skopeo copy oci-archive:` read the result. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wisp::worker {

struct OciFile {
  std::string path;  // Inside the image, relative ("pause", "bin/busybox").
  std::string data;  // Contents; for a symlink, the link target.
  int mode = 0755;
  bool symlink = false;
};

struct OciImage {
  std::string name;            // Full reference, e.g. "docker.io/library/busybox:1.36".
  std::vector<OciFile> files;  // Parent directories are added automatically.
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::vector<std::string> env = {
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
  std::string architecture;  // "" = this build's (amd64, arm64, arm).
};

// The OCI architecture name of the platform wisp was built for.
std::string HostOciArchitecture();

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(const std::string& data);

// The archive bytes. InvalidArgument for an empty name, a file path that is
// absolute, empty or contains "..", or one too long for a tar header.
absl::StatusOr<std::string> BuildOciArchive(const OciImage& image);

}  // namespace wisp::worker
