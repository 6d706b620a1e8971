#include "datastore/hash.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace wisp::datastore {
namespace {

constexpr uint32_t kCastagnoli = 0x82f63b78;  // Reflected polynomial.

constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kCastagnoli : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kTable = MakeTable();

void PutBigEndian(std::string& out, int64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((static_cast<uint64_t>(v) >> shift) & 0xff));
  }
}

}  // namespace

std::string BigEndian64(int64_t v) {
  std::string out;
  PutBigEndian(out, v);
  return out;
}

int64_t ReadBigEndian64(std::string_view b) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(b[i]);
  return static_cast<int64_t>(v);
}

uint32_t Crc32c(uint32_t crc, const void* data, size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) crc = kTable[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

std::string RevisionKey(const KeyVersion& kv) {
  std::string out;
  out.reserve(18);
  PutBigEndian(out, kv.mod_rev);
  out.push_back('_');
  PutBigEndian(out, kv.sub);
  if (kv.tombstone) out.push_back('t');
  return out;
}

std::string StoredValue(const std::string& key, const KeyVersion& kv) {
  mvccpb::KeyValue proto;
  if (kv.tombstone) {
    proto.set_key(key);
  } else {
    MvccIndex::ToProto(key, kv, &proto);
  }
  return proto.SerializeAsString();
}

uint32_t HashKV(const MvccIndex& index, int64_t rev) {
  // etcd hashes a version at or below the compacted revision only if it is
  // in keep(rev): the newest version <= rev of its key, unless that is a
  // tombstone (and all of them if keep(rev) is empty).
  struct Item {
    const std::string* key;
    const KeyVersion* kv;
    bool kept;
  };
  std::vector<Item> items;
  size_t kept = 0;
  const std::string* key_now = nullptr;
  size_t newest = SIZE_MAX;  // Item of key_now's newest version <= rev.
  auto close_key = [&] {
    if (newest != SIZE_MAX && !items[newest].kv->tombstone) {
      items[newest].kept = true;
      ++kept;
    }
    newest = SIZE_MAX;
  };
  index.ForEachVersion([&](const std::string& key, const KeyVersion& kv) {
    if (&key != key_now) {  // Versions come grouped by key.
      close_key();
      key_now = &key;
    }
    if (kv.mod_rev > rev) return;
    items.push_back({&key, &kv, false});
    newest = items.size() - 1;
  });
  close_key();
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return RowId(*a.kv) < RowId(*b.kv); });
  const int64_t compact_rev = index.compact_rev();
  uint32_t crc = Crc32c(0, "key", 3);
  for (const Item& item : items) {
    if (item.kv->mod_rev <= compact_rev && kept > 0 && !item.kept) continue;
    const std::string k = RevisionKey(*item.kv);
    const std::string v = StoredValue(*item.key, *item.kv);
    crc = Crc32c(crc, k.data(), k.size());
    crc = Crc32c(crc, v.data(), v.size());
  }
  return crc;
}

}  // namespace wisp::datastore
