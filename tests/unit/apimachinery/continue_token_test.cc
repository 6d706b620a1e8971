#include "wisp/apimachinery/continue_token.h"

#include <gtest/gtest.h>

namespace wisp::apimachinery {
namespace {

TEST(ContinueTokenTest, MatchesUpstreamEncoding) {
  // base64url(`{"v":"meta.k8s.io/v1","rv":5,"start":"default/b"}`) without padding.
  EXPECT_EQ(EncodeContinue(5, "default/b"),
            "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NSwic3RhcnQiOiJkZWZhdWx0L2IifQ");
}

TEST(ContinueTokenTest, RoundTrips) {
  for (std::string key : {std::string("a"), std::string("ns/pod-1\0", 9), std::string("x/y<z>")}) {
    auto t = DecodeContinue(EncodeContinue(12345, key));
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->resource_version, 12345);
    EXPECT_EQ(t->start_key, key);
  }
}

TEST(ContinueTokenTest, RejectsGarbage) {
  auto bad = DecodeContinue("!!!");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "continue key is not valid: illegal base64 data at input byte 0");
  EXPECT_FALSE(DecodeContinue("").ok());
}

TEST(ContinueTokenTest, RejectsZeroResourceVersionAndEmptyKey) {
  auto rv0 = DecodeContinue(EncodeContinue(0, "a"));
  ASSERT_FALSE(rv0.ok());
  EXPECT_EQ(rv0.status().message(),
            "continue key is not valid: incorrect encoded start resourceVersion (version "
            "meta.k8s.io/v1)");
  auto empty = DecodeContinue(EncodeContinue(3, ""));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(),
            "continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
}

TEST(ContinueTokenTest, RejectsPathTraversal) {
  auto t = DecodeContinue(EncodeContinue(3, "../secrets/x"));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "continue key is not valid: ../secrets/x");
  EXPECT_FALSE(DecodeContinue(EncodeContinue(3, "a//b")).ok());
}

}  // namespace
}  // namespace wisp::apimachinery
