// File: tests/unit/worker/tar_reader.h
//
// A minimal ustar reader for tests: checks each header's checksum and returns
// the entries, so tests verify archives independently of TarWriter.
#pragma once

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

namespace wisp::worker::testing {

struct TarEntry {
  char type = 0;
  int mode = 0;
  std::string data;
  std::string link;
};

// path -> entry; sets *error and returns what it read so far on bad input.
inline std::map<std::string, TarEntry> ReadTar(const std::string& tar, std::string* error) {
  std::map<std::string, TarEntry> out;
  size_t pos = 0;
  while (pos + 512 <= tar.size()) {
    const char* h = tar.data() + pos;
    if (h[0] == '\0') return out;  // End blocks.
    unsigned sum = 0;
    for (int i = 0; i < 512; ++i) {
      sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
    }
    if (std::strtoul(std::string(h + 148, 8).c_str(), nullptr, 8) != sum) {
      *error = "bad checksum at offset " + std::to_string(pos);
      return out;
    }
    if (std::string(h + 257, 6) != std::string("ustar\0", 6)) {
      *error = "not ustar at offset " + std::to_string(pos);
      return out;
    }
    std::string name(h, strnlen(h, 100));
    std::string prefix(h + 345, strnlen(h + 345, 155));
    if (!prefix.empty()) name = prefix + "/" + name;
    TarEntry e;
    e.type = h[156];
    e.mode = static_cast<int>(std::strtol(std::string(h + 100, 8).c_str(), nullptr, 8));
    e.link = std::string(h + 157, strnlen(h + 157, 100));
    size_t size = std::strtoull(std::string(h + 124, 12).c_str(), nullptr, 8);
    pos += 512;
    if (pos + size > tar.size()) {
      *error = "truncated entry " + name;
      return out;
    }
    e.data = tar.substr(pos, size);
    pos += (size + 511) / 512 * 512;
    out[name] = e;
  }
  *error = "missing end blocks";
  return out;
}

}  // namespace wisp::worker::testing
