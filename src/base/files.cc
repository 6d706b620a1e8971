#include "wisp/base/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wisp/base/strings.h"

namespace wisp::base {
namespace {

absl::Status ReadAll(int fd, std::string_view what, std::string& out) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) return absl::OkStatus();
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(StrCat("read ", what));
    }
    out.append(buf, static_cast<size_t>(n));
  }
}

absl::Status WriteAll(int fd, std::string_view data, std::string_view what) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(StrCat("write ", what));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

std::string DirName(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

absl::Status ErrnoStatus(std::string_view what) {
  int err = errno;
  std::string msg = StrCat(what, ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
      return absl::NotFoundError(msg);
    case EEXIST:
      return absl::AlreadyExistsError(msg);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(msg);
    case EINVAL:
      return absl::InvalidArgumentError(msg);
    default:
      return absl::InternalError(msg);
  }
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(StrCat("open ", path));
  std::string out;
  absl::Status st = ReadAll(fd, path, out);
  ::close(fd);
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> ReadStdin() {
  std::string out;
  absl::Status st = ReadAll(STDIN_FILENO, "standard input", out);
  if (!st.ok()) return st;
  return out;
}

absl::Status WriteFileAtomic(const std::string& path, std::string_view data, int mode) {
  std::string tmp = StrCat(path, ".tmp.", ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return ErrnoStatus(StrCat("create ", tmp));
  absl::Status st = WriteAll(fd, data, tmp);
  if (st.ok() && ::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
    st = ErrnoStatus(StrCat("chmod ", tmp));
  }
  if (st.ok() && ::fsync(fd) != 0) st = ErrnoStatus(StrCat("fsync ", tmp));
  ::close(fd);
  if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    st = ErrnoStatus(StrCat("rename ", tmp, " to ", path));
  }
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  int dfd = ::open(DirName(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return absl::OkStatus();
}

absl::Status MakeDirs(const std::string& path, int mode) {
  if (path.empty()) return absl::InvalidArgumentError("MakeDirs: empty path");
  struct stat sb;
  if (::stat(path.c_str(), &sb) == 0) {
    if (S_ISDIR(sb.st_mode)) return absl::OkStatus();
    return absl::AlreadyExistsError(StrCat(path, " exists and is not a directory"));
  }
  std::string parent = DirName(path);
  if (parent != path) {
    absl::Status st = MakeDirs(parent, mode);
    if (!st.ok()) return st;
  }
  if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST) {
    return ErrnoStatus(StrCat("mkdir ", path));
  }
  return absl::OkStatus();
}

}  // namespace wisp::base
