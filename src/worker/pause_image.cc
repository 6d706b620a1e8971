// File: src/worker/pause_image.cc
#include "wisp/worker/pause_image.h"

#include "wisp/worker/oci_image.h"

// Defined by the generated pause_blob.c (.incbin of the built pause program).
extern "C" const char wisp_pause_begin[];
extern "C" const char wisp_pause_end[];

namespace wisp::worker {

std::string_view PauseBinary() {
  return {wisp_pause_begin, static_cast<size_t>(wisp_pause_end - wisp_pause_begin)};
}

std::string PauseImageName() {
  return "localhost/wisp/pause:" + Sha256Hex(std::string(PauseBinary())).substr(0, 12);
}

absl::StatusOr<std::string> PauseImageArchive() {
  OciImage image;
  image.name = PauseImageName();
  image.files.push_back({"pause", std::string(PauseBinary()), 0755, false});
  image.entrypoint = {"/pause"};
  image.env.clear();
  return BuildOciArchive(image);
}

}  // namespace wisp::worker
