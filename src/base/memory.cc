#include "wisp/base/memory.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace wisp::base {
namespace {

struct Mapping {
  uintptr_t begin = 0, end = 0;
  bool writable = false;
  bool is_file = false;     // backed by a file on disk (executable, library)
  size_t anonymous_kb = 0;  // Copy-on-write pages: must never be discarded.
};

// Parses /proc/self/smaps: one header line per mapping, then "Key: N kB".
std::vector<Mapping> ReadMappings() {
  std::vector<Mapping> out;
  std::ifstream in("/proc/self/smaps");
  std::string line;
  while (std::getline(in, line)) {
    unsigned long begin = 0, end = 0;
    char perms[8] = {};
    int path_at = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx %7s %*s %*s %*s %n", &begin, &end, perms, &path_at) >=
            3 &&
        path_at > 0) {
      Mapping m;
      m.begin = begin;
      m.end = end;
      m.writable = perms[1] == 'w';
      m.is_file = line.compare(static_cast<size_t>(path_at), 1, "/") == 0 &&
                  line.find(" (deleted)") == std::string::npos;
      out.push_back(m);
      continue;
    }
    size_t kb = 0;
    if (!out.empty() && std::sscanf(line.c_str(), "Anonymous: %zu kB", &kb) == 1) {
      out.back().anonymous_kb = kb;
    }
  }
  return out;
}

}  // namespace

void TuneMalloc() {
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024);
}

absl::StatusOr<size_t> ReleaseCodePages() {
  size_t released = 0;
  for (const Mapping& m : ReadMappings()) {
    if (!m.is_file || m.writable || m.anonymous_kb != 0) continue;
    if (madvise(reinterpret_cast<void*>(m.begin), m.end - m.begin, MADV_DONTNEED) != 0) {
      return absl::InternalError(absl::StrCat("madvise(MADV_DONTNEED) of the mapping at 0x",
                                              absl::Hex(m.begin), " failed"));
    }
    released += m.end - m.begin;
  }
  malloc_trim(0);
  return released;
}

}  // namespace wisp::base
