// File: src/net/response_head.cc — see response_head.h.
#include "net/response_head.h"

#include <strings.h>

#include <cstdio>
#include <string_view>

#include "wisp/base/strings.h"

namespace wisp::net {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool Unsafe(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) != s.npos; }

}  // namespace

std::string SerializeResponseHead(int status, const HeaderMap& headers, ResponseFraming& framing,
                                  int* dropped) {
  if (status < 100 || status > 999) status = 500;
  std::string out = base::StrCat("HTTP/1.1 ", status, " ", ReasonPhrase(status), "\r\n");
  for (const auto& [name, value] : headers.fields()) {
    if (IEquals(name, "content-length") || IEquals(name, "transfer-encoding")) continue;
    if (IEquals(name, "connection")) {
      if (IEquals(value, "close")) framing.keep_alive = false;
      continue;
    }
    if (name.empty() || Unsafe(name) || Unsafe(value)) {
      if (dropped != nullptr) ++*dropped;
      continue;
    }
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (framing.chunked) {
    out.append("Transfer-Encoding: chunked\r\n");
  } else if (status >= 200 && status != 204 && status != 304) {
    out.append(base::StrCat("Content-Length: ", framing.content_length, "\r\n"));
  }
  if (!framing.keep_alive) out.append("Connection: close\r\n");
  out.append("\r\n");
  return out;
}

std::string ChunkSizeLine(size_t n) {
  char line[24];
  int len = std::snprintf(line, sizeof line, "%zx\r\n", n);
  return std::string(line, static_cast<size_t>(len));
}

}  // namespace wisp::net
