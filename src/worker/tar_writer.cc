// File: src/worker/tar_writer.cc
#include "worker/tar_writer.h"

#include <cstdio>
#include <cstring>

#include "wisp/base/strings.h"

namespace wisp::worker {
namespace {

constexpr size_t kBlock = 512;

void Octal(char* field, size_t width, uint64_t value) {
  // width-1 digits, NUL terminated.
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1),
                static_cast<unsigned long long>(value));
}

}  // namespace

absl::Status TarWriter::AddEntry(std::string_view path, char type, std::string_view data, int mode,
                                 std::string_view link) {
  if (path.empty()) return absl::InvalidArgumentError("tar: empty path");
  std::string name(path), prefix;
  if (name.size() > 100) {
    size_t cut = name.rfind('/', 155);
    if (cut == std::string::npos || name.size() - cut - 1 > 100 || cut == 0) {
      return absl::InvalidArgumentError(base::StrCat("tar: path too long for ustar: ", path));
    }
    prefix = name.substr(0, cut);
    name = name.substr(cut + 1);
  }
  if (link.size() > 100) {
    return absl::InvalidArgumentError(base::StrCat("tar: link target too long: ", link));
  }
  char h[kBlock];
  std::memset(h, 0, sizeof h);
  std::memcpy(h, name.data(), name.size());
  Octal(h + 100, 8, static_cast<uint64_t>(mode) & 07777);
  Octal(h + 108, 8, 0);
  Octal(h + 116, 8, 0);
  Octal(h + 124, 12, data.size());
  Octal(h + 136, 12, 0);
  std::memset(h + 148, ' ', 8);
  h[156] = type;
  if (!link.empty()) std::memcpy(h + 157, link.data(), link.size());
  std::memcpy(h + 257,
              "ustar\0"
              "00",
              8);
  if (!prefix.empty()) std::memcpy(h + 345, prefix.data(), prefix.size());
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(h + 148, 8, "%06o", sum);  // Six digits, NUL, then the space already there.
  out_.append(h, kBlock);
  out_.append(data);
  out_.append((kBlock - data.size() % kBlock) % kBlock, '\0');
  return absl::OkStatus();
}

absl::Status TarWriter::AddFile(std::string_view path, std::string_view data, int mode) {
  return AddEntry(path, '0', data, mode, {});
}

absl::Status TarWriter::AddDirectory(std::string_view path, int mode) {
  std::string p(path);
  if (p.empty() || p.back() != '/') p += '/';
  return AddEntry(p, '5', {}, mode, {});
}

absl::Status TarWriter::AddSymlink(std::string_view path, std::string_view target) {
  return AddEntry(path, '2', {}, 0777, target);
}

std::string TarWriter::Finish() const { return out_ + std::string(2 * kBlock, '\0'); }

}  // namespace wisp::worker
