// File: src/net/response_head.h (private)
//
// The bytes of an HTTP/1.1 response head and of chunk framing, written by
// hand (no Beast serializer: the body is then sent as its own buffer, never
// copied). Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "wisp/net/http.h"

namespace wisp::net {

struct ResponseFraming {
  bool chunked = false;       // Transfer-Encoding: chunked instead of a length
  size_t content_length = 0;  // used when !chunked (not sent for 1xx/204/304)
  bool keep_alive = true;     // in/out: a handler's "Connection: close" clears it
};

// "HTTP/1.1 <status> <reason>\r\n<fields>\r\n". The server owns framing:
// Content-Length, Transfer-Encoding and Connection set by the handler are
// replaced; fields whose name or value holds CR, LF or NUL (response
// splitting) are dropped and counted in `*dropped`. A status outside
// 100..999 becomes 500.
std::string SerializeResponseHead(int status, const HeaderMap& headers, ResponseFraming& framing,
                                  int* dropped);

// "<hex size>\r\n", the line before `n` bytes of chunk data.
std::string ChunkSizeLine(size_t n);

// The last chunk and the end of a chunked body.
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

}  // namespace wisp::net
