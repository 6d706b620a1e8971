#include "datastore/bolt.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>
#include <vector>

namespace wisp::datastore::bolt {
namespace {

using Entry = std::tuple<std::string, std::string, std::string>;  // bucket, key, value

class BoltTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wisp-bolt-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `entries` (sorted as the writer wants) and returns the file.
  std::string Write(const std::vector<Entry>& entries, std::vector<std::string> empty = {}) {
    auto w = Writer::Create(dir_ + "/db");
    EXPECT_TRUE(w.ok()) << w.status();
    std::string bucket;
    for (const auto& [b, k, v] : entries) {
      while (!empty.empty() && empty.front() < b) {
        EXPECT_TRUE((*w)->BeginBucket(empty.front()).ok());
        empty.erase(empty.begin());
      }
      if (b != bucket) {
        EXPECT_TRUE((*w)->BeginBucket(b).ok());
        bucket = b;
      }
      auto s = (*w)->Put(k, v);
      EXPECT_TRUE(s.ok()) << s;
    }
    for (const std::string& b : empty) EXPECT_TRUE((*w)->BeginBucket(b).ok());
    auto s = (*w)->Finish();
    EXPECT_TRUE(s.ok()) << s;
    std::ifstream in(dir_ + "/db", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  static absl::StatusOr<std::vector<Entry>> ReadAll(std::string_view data) {
    std::vector<Entry> out;
    auto s = Read(data, [&](std::string_view b, std::string_view k, std::string_view v) {
      out.emplace_back(std::string(b), std::string(k), std::string(v));
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    return out;
  }

  std::string dir_;
};

std::string RevKey(uint64_t rev) {
  std::string k;
  for (int shift = 56; shift >= 0; shift -= 8) k.push_back(static_cast<char>(rev >> shift));
  k += '_';
  k += std::string(8, '\0');
  return k;
}

TEST_F(BoltTest, RoundTripsManyKeysThroughBranchPages) {
  std::vector<Entry> entries;
  for (uint64_t i = 1; i <= 30000; ++i) {  // Several thousand leaves: three tree levels.
    entries.emplace_back("key", RevKey(i), "value-" + std::to_string(i * 7919));
  }
  entries.emplace_back("meta", "consistent_index", std::string(8, '\x01'));
  std::string data = Write(entries);
  EXPECT_EQ(data.size() % kPageSize, 0u);
  EXPECT_TRUE(LooksLikeBolt(data));
  auto back = ReadAll(data);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, entries);
}

TEST_F(BoltTest, LargeValuesSpanOverflowPagesAndEmptyBucketsSurvive) {
  std::vector<Entry> entries = {
      {"big", "a", std::string(3 * kPageSize + 100, 'x')},
      {"big", "b", "small"},
      {"big", "c", std::string(70000, 'y')},
  };
  std::string data = Write(entries, {"alarm", "members"});
  auto back = ReadAll(data);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, entries);
}

TEST_F(BoltTest, RejectsKeysAndBucketsOutOfOrder) {
  auto w = Writer::Create(dir_ + "/db");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->BeginBucket("b").ok());
  ASSERT_TRUE((*w)->Put("k2", "v").ok());
  EXPECT_FALSE((*w)->Put("k1", "v").ok());
  EXPECT_FALSE((*w)->Put("k2", "v").ok());
  EXPECT_FALSE((*w)->BeginBucket("a").ok());
}

TEST_F(BoltTest, FallsBackToTheOtherMetaAndRejectsDamage) {
  std::string data = Write({{"key", "k", "v"}});
  std::string bad_meta = data;
  bad_meta[16 + 20] ^= 0x40;  // Inside meta 0's checksummed bytes.
  auto back = ReadAll(bad_meta);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->size(), 1u);

  bad_meta[kPageSize + 16 + 20] ^= 0x40;  // Both metas broken.
  EXPECT_FALSE(LooksLikeBolt(bad_meta));
  EXPECT_NE(ReadAll(bad_meta).status().message().find("no valid meta page"), std::string::npos);

  auto truncated = ReadAll(std::string_view(data).substr(0, 3 * kPageSize));
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("truncated"), std::string::npos)
      << truncated.status();

  EXPECT_FALSE(LooksLikeBolt("SQLite format 3"));
  EXPECT_FALSE(ReadAll(std::string(8192, 'z')).ok());
}

}  // namespace
}  // namespace wisp::datastore::bolt
