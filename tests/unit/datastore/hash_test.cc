#include "datastore/hash.h"

#include <gtest/gtest.h>

#include <string>

namespace wisp::datastore {
namespace {

KeyVersion Version(int64_t rev, int64_t sub, const std::string& value, int64_t create = 0,
                   int64_t version = 1) {
  KeyVersion kv;
  kv.mod_rev = rev;
  kv.sub = sub;
  kv.create_rev = create ? create : rev;
  kv.version = version;
  kv.value = value;
  return kv;
}

KeyVersion Tombstone(int64_t rev, int64_t sub) {
  KeyVersion kv;
  kv.mod_rev = rev;
  kv.sub = sub;
  kv.tombstone = true;
  return kv;
}

TEST(HashTest, Crc32cKnownAnswersAndChaining) {
  EXPECT_EQ(Crc32c(0, "123456789", 9), 0xe3069283u);  // The CRC-32C check value.
  EXPECT_EQ(Crc32c(0, "", 0), 0u);
  EXPECT_EQ(Crc32c(Crc32c(0, "1234", 4), "56789", 5), 0xe3069283u);
}

TEST(HashTest, RevisionKeyAndStoredValueAreBboltsBytes) {
  KeyVersion kv = Version(0x0102, 3, "v");
  EXPECT_EQ(RevisionKey(kv), std::string("\0\0\0\0\0\0\x01\x02_\0\0\0\0\0\0\0\x03", 17));
  EXPECT_EQ(RevisionKey(Tombstone(2, 0)), std::string("\0\0\0\0\0\0\0\x02_\0\0\0\0\0\0\0\0t", 18));
  // KeyValue{key "k", create 2, mod 2, version 1, value "v"}: fields 1..5, no lease.
  EXPECT_EQ(StoredValue("k", Version(2, 0, "v")),
            std::string("\x0a\x01k\x10\x02\x18\x02\x20\x01\x2a\x01v", 12));
  EXPECT_EQ(StoredValue("k", Tombstone(3, 0)), std::string("\x0a\x01k", 3));
}

TEST(HashTest, HashCoversVersionsUpToTheRevisionInRevisionOrder) {
  MvccIndex index;
  index.Append("b", Version(2, 0, "1"));
  index.Append("a", Version(3, 0, "2"));
  index.Append("b", Tombstone(4, 0));
  index.set_current_rev(4);

  std::string expected = "key";
  for (auto [key, kv] : {std::pair{"b", Version(2, 0, "1")}, std::pair{"a", Version(3, 0, "2")}}) {
    expected += RevisionKey(kv) + StoredValue(key, kv);
  }
  EXPECT_EQ(HashKV(index, 3), Crc32c(0, expected.data(), expected.size()));
  expected += RevisionKey(Tombstone(4, 0)) + StoredValue("b", Tombstone(4, 0));
  EXPECT_EQ(HashKV(index, 4), Crc32c(0, expected.data(), expected.size()));
  EXPECT_NE(HashKV(index, 3), HashKV(index, 4));
  EXPECT_EQ(HashKV(MvccIndex(), 1), Crc32c(0, "key", 3));
}

TEST(HashTest, CompactedVersionsCountOnlyWhileNewestAtTheRevision) {
  MvccIndex index;
  index.Append("a", Version(2, 0, "1"));
  index.Append("b", Version(3, 0, "2"));
  index.Append("a", Version(4, 0, "3", 2, 2));
  index.set_current_rev(4);
  index.Compact(3);  // Keeps a@2 and b@3: the newest of each at 3.
  index.set_compact_rev(3);

  auto hash_of = [](std::vector<std::pair<std::string, KeyVersion>> rows) {
    std::string bytes = "key";
    for (const auto& [key, kv] : rows) bytes += RevisionKey(kv) + StoredValue(key, kv);
    return Crc32c(0, bytes.data(), bytes.size());
  };
  // At 3 both compacted-range rows are the newest of their keys.
  EXPECT_EQ(HashKV(index, 3), hash_of({{"a", Version(2, 0, "1")}, {"b", Version(3, 0, "2")}}));
  // At 4, a@2 is superseded by a@4, so etcd skips it.
  EXPECT_EQ(HashKV(index, 4),
            hash_of({{"b", Version(3, 0, "2")}, {"a", Version(4, 0, "3", 2, 2)}}));
}

}  // namespace
}  // namespace wisp::datastore
