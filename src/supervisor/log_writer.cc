#include "supervisor/log_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <utility>

#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::supervisor {

LogWriter::LogWriter(std::string path, uint64_t max_bytes, int max_files)
    : path_(std::move(path)),
      max_bytes_(max_bytes > 0 ? max_bytes : 1),
      max_files_(max_files > 0 ? max_files : 0) {}

absl::Status LogWriter::WriteLines(std::string_view lines) {
  if (absl::Status st = OpenIfNeeded(); !st.ok()) return st;
  while (!lines.empty()) {
    if (size_ + lines.size() <= max_bytes_) return Append(lines);
    // The longest run of whole lines that still fits.
    size_t room = max_bytes_ > size_ ? static_cast<size_t>(max_bytes_ - size_) : 0;
    size_t cut = room == 0 ? std::string_view::npos : lines.rfind('\n', room - 1);
    if (cut == std::string_view::npos) {
      if (size_ > 0) {
        if (absl::Status st = Rotate(); !st.ok()) return st;
        continue;
      }
      cut = lines.find('\n');  // An oversized line gets a file of its own.
      if (cut == std::string_view::npos) cut = lines.size() - 1;
    }
    if (absl::Status st = Append(lines.substr(0, cut + 1)); !st.ok()) return st;
    lines.remove_prefix(cut + 1);
    if (!lines.empty()) {
      if (absl::Status st = Rotate(); !st.ok()) return st;
    }
  }
  return absl::OkStatus();
}

absl::Status LogWriter::OpenIfNeeded() {
  if (fd_.valid()) return absl::OkStatus();
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return base::ErrnoStatus(base::StrCat("open ", path_));
  fd_.Reset(fd);
  struct stat sb;
  size_ = ::fstat(fd, &sb) == 0 ? static_cast<uint64_t>(sb.st_size) : 0;
  return absl::OkStatus();
}

absl::Status LogWriter::Append(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd_.get(), data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return base::ErrnoStatus(base::StrCat("write ", path_));
    }
    size_ += static_cast<uint64_t>(n);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status LogWriter::Rotate() {
  fd_.Reset();
  if (max_files_ == 0) {
    if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
      return base::ErrnoStatus(base::StrCat("remove ", path_));
    }
  } else {
    // Renaming onto .N replaces (deletes) the oldest file.
    for (int i = max_files_ - 1; i >= 1; --i) {
      if (::rename(RotatedPath(i).c_str(), RotatedPath(i + 1).c_str()) != 0 && errno != ENOENT) {
        return base::ErrnoStatus(base::StrCat("rotate ", RotatedPath(i)));
      }
    }
    if (::rename(path_.c_str(), RotatedPath(1).c_str()) != 0 && errno != ENOENT) {
      return base::ErrnoStatus(base::StrCat("rotate ", path_));
    }
  }
  return OpenIfNeeded();
}

std::string LogWriter::RotatedPath(int index) const { return base::StrCat(path_, ".", index); }

}  // namespace wisp::supervisor
