// Tests for src/net/response_head.cc: response head bytes and chunk framing.
#include "net/response_head.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wisp::net {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(SerializeResponseHeadTest, LengthFramedHead) {
  HeaderMap h;
  h.Add("Content-Type", "application/json");
  ResponseFraming f{.content_length = 42};
  int dropped = 0;
  EXPECT_EQ(SerializeResponseHead(200, h, f, &dropped),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 42\r\n\r\n");
  EXPECT_EQ(dropped, 0);
  EXPECT_TRUE(f.keep_alive);
}

TEST(SerializeResponseHeadTest, ChunkedHeadAndClose) {
  ResponseFraming f{.chunked = true, .keep_alive = false};
  EXPECT_EQ(SerializeResponseHead(201, {}, f, nullptr),
            "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
}

TEST(SerializeResponseHeadTest, HandlerFramingFieldsAreReplaced) {
  HeaderMap h;
  h.Add("content-length", "999");
  h.Add("Transfer-Encoding", "gzip");
  h.Add("Connection", "keep-alive");
  ResponseFraming f{.content_length = 3};
  std::string head = SerializeResponseHead(200, h, f, nullptr);
  EXPECT_THAT(head, Not(HasSubstr("999")));
  EXPECT_THAT(head, Not(HasSubstr("gzip")));
  EXPECT_THAT(head, HasSubstr("Content-Length: 3\r\n"));
  EXPECT_TRUE(f.keep_alive);
}

TEST(SerializeResponseHeadTest, HandlerConnectionCloseEndsKeepAlive) {
  HeaderMap h;
  h.Add("Connection", "Close");
  ResponseFraming f;
  std::string head = SerializeResponseHead(200, h, f, nullptr);
  EXPECT_FALSE(f.keep_alive);
  EXPECT_THAT(head, HasSubstr("Connection: close\r\n"));
}

TEST(SerializeResponseHeadTest, FieldsWithLineBreaksAreDropped) {
  HeaderMap h;
  h.Add("X-Ok", "fine");
  h.Add("X-Evil", "a\r\nSet-Cookie: x=y");
  h.Add("X-Bad\nName", "v");
  h.Add("X-Nul", std::string("a\0b", 3));
  ResponseFraming f;
  int dropped = 0;
  std::string head = SerializeResponseHead(200, h, f, &dropped);
  EXPECT_EQ(dropped, 3);
  EXPECT_THAT(head, HasSubstr("X-Ok: fine\r\n"));
  EXPECT_THAT(head, Not(HasSubstr("Set-Cookie")));
  EXPECT_THAT(head, Not(HasSubstr("X-Bad")));
}

TEST(SerializeResponseHeadTest, NoLengthForBodylessStatuses) {
  for (int status : {101, 204, 304}) {
    ResponseFraming f{.content_length = 5};
    EXPECT_THAT(SerializeResponseHead(status, {}, f, nullptr), Not(HasSubstr("Content-Length")))
        << status;
  }
}

TEST(SerializeResponseHeadTest, OutOfRangeStatusBecomes500) {
  ResponseFraming f;
  EXPECT_THAT(SerializeResponseHead(42, {}, f, nullptr),
              ::testing::StartsWith("HTTP/1.1 500 Internal Server Error\r\n"));
  EXPECT_THAT(SerializeResponseHead(1000, {}, f, nullptr), ::testing::StartsWith("HTTP/1.1 500 "));
}

TEST(ChunkSizeLineTest, LowercaseHexWithCrlf) {
  EXPECT_EQ(ChunkSizeLine(0), "0\r\n");
  EXPECT_EQ(ChunkSizeLine(6), "6\r\n");
  EXPECT_EQ(ChunkSizeLine(300), "12c\r\n");
  EXPECT_EQ(ChunkSizeLine(0xABCDEF), "abcdef\r\n");
  EXPECT_EQ(kLastChunk, "0\r\n\r\n");
}

}  // namespace
}  // namespace wisp::net
