// File: src/kubelet/volumes.cc
#include "kubelet/volumes.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "kubelet/runtime_config.h"
#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {
namespace {

namespace fs = std::filesystem;

bool IsMountPoint(const std::string& path) {
  struct stat self {
  }, parent{};
  if (::stat(path.c_str(), &self) != 0) return false;
  if (::stat((path + "/..").c_str(), &parent) != 0) return false;
  return self.st_dev != parent.st_dev;
}

absl::Status PrepareHostPath(const Volume& v) {
  struct stat st {};
  bool exists = ::stat(v.path.c_str(), &st) == 0;
  if (v.type == "DirectoryOrCreate" && !exists) return base::MakeDirs(v.path, 0755);
  if (v.type == "FileOrCreate" && !exists) {
    int fd = ::open(v.path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) return base::ErrnoStatus(base::StrCat("create hostPath ", v.path));
    ::close(fd);
    return absl::OkStatus();
  }
  if ((v.type == "Directory" && !(exists && S_ISDIR(st.st_mode))) ||
      (v.type == "File" && !(exists && S_ISREG(st.st_mode))) ||
      (v.type == "Socket" && !(exists && S_ISSOCK(st.st_mode)))) {
    return absl::FailedPreconditionError(
        base::StrCat("hostPath type check failed: ", v.path, " is not a ", v.type));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status PrepareVolumes(const Pod& pod, const std::string& pods_dir, bool mount_tmpfs) {
  for (const Volume& v : pod.volumes) {
    if (v.kind == Volume::Kind::kHostPath) {
      if (absl::Status st = PrepareHostPath(v); !st.ok()) return st;
      continue;
    }
    std::string dir = EmptyDirPath(pods_dir, pod.uid, v.name);
    if (absl::Status st = base::MakeDirs(dir, 0777); !st.ok()) return st;
    ::chmod(dir.c_str(), 0777);  // As upstream: writable by any container user.
    if (v.medium == "Memory" && mount_tmpfs && !IsMountPoint(dir)) {
      std::string opts = v.size_limit > 0 ? base::StrCat("size=", v.size_limit) : "";
      if (::mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
                  opts.empty() ? nullptr : opts.c_str()) != 0) {
        return base::ErrnoStatus(base::StrCat("mount tmpfs on ", dir));
      }
      ::chmod(dir.c_str(), 0777);
    }
  }
  return absl::OkStatus();
}

absl::Status CleanupVolumes(const std::string& pods_dir, const std::string& uid) {
  std::string root = base::StrCat(pods_dir, "/", uid);
  std::error_code ec;
  if (!fs::exists(root, ec)) return absl::OkStatus();
  // Unmount everything below the pod's dir, deepest first.
  std::ifstream in("/proc/self/mountinfo");
  std::vector<std::string> mounts;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, devs, mroot, point;
    fields >> id >> parent >> devs >> mroot >> point;
    if (point.rfind(root + "/", 0) == 0) mounts.push_back(point);
  }
  std::sort(mounts.begin(), mounts.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
  for (const std::string& m : mounts) {
    if (::umount2(m.c_str(), MNT_DETACH) != 0) return base::ErrnoStatus("umount " + m);
  }
  fs::remove_all(root, ec);
  if (ec) return absl::InternalError(base::StrCat("remove ", root, ": ", ec.message()));
  return absl::OkStatus();
}

}  // namespace wisp::kubelet
