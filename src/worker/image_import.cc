// File: src/worker/image_import.cc
#include "worker/image_import.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"
#include "wisp/worker/pause_image.h"
#include "worker/command.h"

namespace wisp::worker {
namespace {

constexpr char kLog[] = "worker";
constexpr auto kImportTimeout = std::chrono::minutes(5);

}  // namespace

std::vector<std::string> ImageImportComponent::ImportCommand(const std::string& archive) const {
  return {options_.ctr, "--address", options_.address,  "--namespace",   "k8s.io",
          "images",     "import",    "--all-platforms", "--snapshotter", options_.snapshotter,
          archive};
}

std::vector<std::string> ImageImportComponent::ListArchives(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".tar" && entry.is_regular_file(ec)) {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

absl::Status ImageImportComponent::Import(const std::string& archive) const {
  absl::StatusOr<std::string> out = RunCommand(ImportCommand(archive), kImportTimeout);
  if (!out.ok()) {
    return absl::Status(out.status().code(), base::StrCat("import ", archive, ": ",
                                                          base::ToStd(out.status().message())));
  }
  return absl::OkStatus();
}

absl::Status ImageImportComponent::Start() {
  absl::StatusOr<std::string> pause = PauseImageArchive();
  if (!pause.ok()) return pause.status();
  std::string pause_path = options_.run_dir + "/pause-image.tar";
  if (absl::Status st = base::WriteFileAtomic(pause_path, *pause, 0600); !st.ok()) return st;
  absl::Status st = Import(pause_path);
  ::unlink(pause_path.c_str());
  if (!st.ok()) return st;
  base::LogInfo(kLog, base::StrCat("imported pause image ", PauseImageName()));
  for (const std::string& archive : ListArchives(options_.images_dir)) {
    if (absl::Status s = Import(archive); !s.ok()) {
      base::LogWarn(kLog, base::ToStd(s.message()));
    } else {
      base::LogInfo(kLog, base::StrCat("imported ", archive));
    }
  }
  done_ = true;
  return absl::OkStatus();
}

absl::Status ImageImportComponent::Ready() const {
  return done_ ? absl::OkStatus() : absl::UnavailableError("images not imported yet");
}

}  // namespace wisp::worker
