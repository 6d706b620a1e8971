// File: src/worker/host.cc
#include "wisp/worker/host.h"

#include <sys/mount.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::worker {

absl::StatusOr<std::string> DetectCniBinDir(const std::vector<std::string>& candidates) {
  std::string tried;
  for (const std::string& dir : candidates) {
    if (::access((dir + "/bridge").c_str(), X_OK) == 0) return dir;
    tried += (tried.empty() ? "" : ", ") + dir;
  }
  return absl::NotFoundError(base::StrCat("no CNI plugins (an executable 'bridge') in ", tried,
                                          "; install containernetworking-plugins"));
}

absl::StatusOr<std::string> FindExecutable(const std::string& name) {
  if (!name.empty() && name[0] == '/') {
    if (::access(name.c_str(), X_OK) == 0) return name;
    return absl::NotFoundError(base::StrCat(name, " is not an executable file"));
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return absl::NotFoundError(base::StrCat(name, " not found on PATH (", dirs, ")"));
}

bool SystemdIsInit() {
  auto comm = base::ReadFile("/proc/1/comm");
  return comm.ok() && (*comm == "systemd\n" || *comm == "systemd");
}

bool CanLowerOomScoreAdj() {
  auto text = base::ReadFile("/proc/self/oom_score_adj");
  if (!text.ok()) return false;
  int current = std::atoi(text->c_str());
  if (current <= -1000) return true;
  auto write = [](int v) {
    FILE* f = std::fopen("/proc/self/oom_score_adj", "w");
    if (f == nullptr) return false;
    bool ok = std::fprintf(f, "%d", v) > 0;
    return std::fclose(f) == 0 && ok;
  };
  if (!write(current - 1)) return false;
  write(current);
  return true;
}

absl::Status ProbeOverlay(const std::string& scratch_parent) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(scratch_parent) / "overlay-probe";
  std::error_code ec;
  fs::remove_all(dir, ec);
  for (const char* sub : {"lower", "upper", "work", "merged"}) {
    fs::create_directories(dir / sub, ec);
    if (ec)
      return absl::InternalError(base::StrCat("mkdir ", (dir / sub).string(), ": ", ec.message()));
  }
  std::string opts =
      base::StrCat("lowerdir=", (dir / "lower").string(), ",upperdir=", (dir / "upper").string(),
                   ",workdir=", (dir / "work").string());
  std::string merged = (dir / "merged").string();
  absl::Status result = absl::OkStatus();
  if (::mount("overlay", merged.c_str(), "overlay", 0, opts.c_str()) != 0) {
    result = base::ErrnoStatus(base::StrCat("mount overlay on ", merged));
  } else {
    ::umount2(merged.c_str(), MNT_DETACH);
  }
  fs::remove_all(dir, ec);
  return result;
}

}  // namespace wisp::worker
