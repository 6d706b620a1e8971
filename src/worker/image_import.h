// File: src/worker/image_import.h
//
// Imports image archives into containerd's "k8s.io" namespace (the one the
// CRI plugin serves) with the `ctr` tool, as a component that starts after
// containerd is ready:
//
//   Init   nothing
//   Start  writes wisp's pause image archive to the run dir and imports it
//          (failure fails Start), then every <images_dir>/*.tar in name order
//          (a bad archive is logged and skipped: it must not keep the node down)
//   Ready  OK once Start finished
//   Stop   nothing (the images stay in containerd's store)
//
// Private to the worker module. Init/Start/Stop from one thread; Ready from any.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "wisp/component/component.h"

namespace wisp::worker {

struct ImageImportOptions {
  std::string ctr;          // Absolute path of ctr.
  std::string address;      // containerd's socket.
  std::string snapshotter;  // Unpack into the CRI plugin's snapshotter.
  std::string run_dir;      // Where the pause archive is written (and removed).
  std::string images_dir;   // <data-dir>/images
};

class ImageImportComponent final : public component::Component {
 public:
  explicit ImageImportComponent(ImageImportOptions options) : options_(std::move(options)) {}

  std::string Name() const override { return "images"; }
  absl::Status Init() override { return absl::OkStatus(); }
  absl::Status Start() override;
  absl::Status Ready() const override;
  absl::Status Stop() override { return absl::OkStatus(); }

  // The ctr command line that imports `archive`.
  std::vector<std::string> ImportCommand(const std::string& archive) const;

  // The *.tar files of `dir`, sorted; empty if `dir` does not exist.
  static std::vector<std::string> ListArchives(const std::string& dir);

 private:
  absl::Status Import(const std::string& archive) const;

  const ImageImportOptions options_;
  std::atomic<bool> done_{false};
};

}  // namespace wisp::worker
