// Tests for src/net/http.cc: percent-decoding, query parsing, header maps.
#include "wisp/net/http.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wisp::net {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(PercentDecodeTest, DecodesEscapesInBothCases) {
  auto out = PercentDecode("a%2Fb%2fc%20d", false);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "a/b/c d");
}

TEST(PercentDecodeTest, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(*PercentDecode("a+b", true), "a b");
  EXPECT_EQ(*PercentDecode("a+b", false), "a+b");
}

TEST(PercentDecodeTest, DecodesNulAndHighBytes) {
  auto out = PercentDecode("%00%FF", false);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, std::string("\0\xff", 2));
}

TEST(PercentDecodeTest, TruncatedEscapeNamesTheOffset) {
  auto out = PercentDecode("abc%4", false);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(out.status().message()), HasSubstr("byte 3"));
  EXPECT_FALSE(PercentDecode("%", false).ok());
}

TEST(PercentDecodeTest, NonHexEscapeIsAnError) {
  auto out = PercentDecode("x%zz", false);
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(std::string(out.status().message()), HasSubstr("byte 1"));
  EXPECT_FALSE(PercentDecode("%4g", false).ok());
}

TEST(PercentDecodeTest, EscapeAtTheVeryEndIsDecoded) {
  EXPECT_EQ(*PercentDecode("ab%41", false), "abA");
}

TEST(ParseQueryTest, SplitsAndDecodesPairs) {
  auto q = ParseQuery("a=1&b=x%20y&c&d=&e=p+q");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_THAT(*q, ElementsAre(Pair("a", "1"), Pair("b", "x y"), Pair("c", ""), Pair("d", ""),
                              Pair("e", "p q")));
}

TEST(ParseQueryTest, KeepsRepeatedKeysInOrder) {
  auto q = ParseQuery("labelSelector=a&labelSelector=b");
  ASSERT_TRUE(q.ok());
  auto [first, last] = q->equal_range("labelSelector");
  std::vector<std::string> values;
  for (auto it = first; it != last; ++it) values.push_back(it->second);
  EXPECT_THAT(values, ElementsAre("a", "b"));
}

TEST(ParseQueryTest, SkipsEmptyPairsAndKeepsEqualsInValue) {
  auto q = ParseQuery("&&x=a=b&");
  ASSERT_TRUE(q.ok());
  EXPECT_THAT(*q, ElementsAre(Pair("x", "a=b")));
}

TEST(ParseQueryTest, EmptyQueryIsEmpty) {
  auto q = ParseQuery("");
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->empty());
}

TEST(ParseQueryTest, BadEscapeInKeyOrValueIsAnError) {
  EXPECT_FALSE(ParseQuery("a%G1=1").ok());
  auto q = ParseQuery("a=1&b=%2");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(HeaderMapTest, LookupIgnoresCase) {
  HeaderMap h;
  h.Add("Content-Type", "application/json");
  EXPECT_TRUE(h.Has("content-type"));
  EXPECT_TRUE(h.Has("CONTENT-TYPE"));
  EXPECT_EQ(h.Get("cOnTeNt-TyPe"), "application/json");
  EXPECT_FALSE(h.Has("Content-Length"));
  EXPECT_EQ(h.Get("Content"), std::nullopt);
}

TEST(HeaderMapTest, GetReturnsTheFirstOfRepeatedFields) {
  HeaderMap h;
  h.Add("Accept", "a");
  h.Add("ACCEPT", "b");
  h.Add("accept", "c");
  EXPECT_EQ(h.Get("Accept"), "a");
  EXPECT_EQ(h.fields().count("accept"), 3u);
}

TEST(HeaderMapTest, SetReplacesEveryCaseVariant) {
  HeaderMap h;
  h.Add("X-Test", "1");
  h.Add("x-test", "2");
  h.Add("Other", "o");
  h.Set("X-TEST", "3");
  EXPECT_EQ(h.fields().count("x-test"), 1u);
  EXPECT_EQ(h.Get("x-test"), "3");
  EXPECT_EQ(h.Get("other"), "o");
}

TEST(HeaderMapTest, PrefixIsNotAMatch) {
  HeaderMap h;
  h.Add("X-Ab", "1");
  EXPECT_FALSE(h.Has("X-A"));
  EXPECT_FALSE(h.Has("X-Abc"));
}

TEST(ReasonPhraseTest, KnownAndUnknownStatuses) {
  EXPECT_EQ(ReasonPhrase(200), "OK");
  EXPECT_EQ(ReasonPhrase(404), "Not Found");
  EXPECT_EQ(ReasonPhrase(413), "Content Too Large");
  EXPECT_EQ(ReasonPhrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(ReasonPhrase(799), "");
}

}  // namespace
}  // namespace wisp::net
