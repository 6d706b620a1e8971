// File: src/kubelet/log_rotation.cc
#include "kubelet/log_rotation.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <vector>

#include "wisp/base/strings.h"

namespace wisp::kubelet {

namespace fs = std::filesystem;

namespace {

std::string Timestamp(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return buf;
}

}  // namespace

absl::Status LogRotator::MaybeRotate(const std::string& container_id, const std::string& log_path) {
  if (log_path.empty()) return absl::OkStatus();
  std::error_code ec;
  uintmax_t size = fs::file_size(log_path, ec);
  if (ec || size <= static_cast<uintmax_t>(policy_.max_size)) return absl::OkStatus();

  std::string rotated = base::StrCat(log_path, ".", Timestamp(now_()));
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

void LogRotator::RemoveExcess(const std::string& log_path, size_t keep) {
  fs::path live(log_path);
  std::string prefix = live.filename().string() + ".";
  std::vector<fs::path> rotated;
  std::error_code ec;
  for (fs::directory_iterator it(live.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0) {
      rotated.push_back(it->path());
    }
  }
  // Timestamps sort by name; keep the newest `keep`.
  std::sort(rotated.begin(), rotated.end());
  for (size_t i = 0; i + keep < rotated.size(); ++i) {
    std::error_code rm;
    fs::remove(rotated[i], rm);
  }
}

}  // namespace wisp::kubelet
