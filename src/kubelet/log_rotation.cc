// File: src/kubelet/log_rotation.cc
#include "kubelet/log_rotation.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "wisp/base/clock.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {

namespace fs = std::filesystem;

absl::Status LogRotator::MaybeRotate(const std::string& container_id, const std::string& log_path) {
  if (log_path.empty()) return absl::OkStatus();
  std::error_code ec;
  uintmax_t size = fs::file_size(log_path, ec);
  if (ec || size <= static_cast<uintmax_t>(policy_.max_size)) return absl::OkStatus();

  std::string rotated = base::StrCat(log_path, ".", base::FormatUtc(now_(), "%Y%m%d-%H%M%S"));
  if (fs::exists(rotated, ec)) return absl::OkStatus();  // Rotated this second already.
  // Make room first, as upstream does, so the count never exceeds max_files:
  // max_files - 2 rotated files + the one about to be made + the new live one.
  RemoveExcess(log_path, static_cast<size_t>(std::max(0, policy_.max_files - 2)));
  fs::rename(log_path, rotated, ec);
  if (ec) {
    return absl::InternalError(
        base::StrCat("rotating container log ", log_path, ": ", ec.message()));
  }
  cri::v1::ReopenContainerLogRequest req;
  req.set_container_id(container_id);
  if (auto r = runtime_.ReopenContainerLog(req); !r.ok()) {
    // The runtime still writes to the renamed file: give it its name back.
    std::error_code back;
    fs::rename(rotated, log_path, back);
    return absl::Status(r.status().code(), base::StrCat("reopening the log of container ",
                                                        container_id, ": ", r.status().message()));
  }
  return absl::OkStatus();
}

std::vector<std::string> RotatedLogs(const std::string& log_path) {
  fs::path live(log_path);
  std::string prefix = live.filename().string() + ".";
  std::vector<std::string> rotated;
  std::error_code ec;
  for (fs::directory_iterator it(live.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0) {
      rotated.push_back(it->path().string());
    }
  }
  std::sort(rotated.begin(), rotated.end());  // Timestamps sort by name.
  return rotated;
}

void LogRotator::RemoveExcess(const std::string& log_path, size_t keep) {
  std::vector<std::string> rotated = RotatedLogs(log_path);
  for (size_t i = 0; i + keep < rotated.size(); ++i) {
    std::error_code rm;
    fs::remove(rotated[i], rm);
  }
}

}  // namespace wisp::kubelet
