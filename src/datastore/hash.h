// File: src/datastore/hash.h
//
// etcd's Maintenance.HashKV over the MVCC index. etcd hashes, with CRC-32C
// (Castagnoli), the bucket name "key" and then, in revision order, every
// retained version at or below the requested revision as bbolt stores it:
//
//   key    8-byte big-endian revision, '_', 8-byte big-endian sub-revision,
//          and a trailing 't' for a tombstone
//   value  the marshalled mvccpb.KeyValue; a tombstone stores only the key
//
// wisp hashes the same bytes, so a wisp store and an etcd member with the
// same history give the same hash (what `etcdctl endpoint hashkv` compares).
//
// Pure functions; thread-compatible (the caller guards the index).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "datastore/mvcc.h"

namespace wisp::datastore {

// Continues a CRC-32C (Castagnoli) over `data`; start with crc = 0.
uint32_t Crc32c(uint32_t crc, const void* data, size_t size);

// etcd's 8-byte big-endian integers (revisions, lease IDs, meta values).
std::string BigEndian64(int64_t v);
// Reads one; REQUIRES: b.size() >= 8.
int64_t ReadBigEndian64(std::string_view b);

// The bbolt key and value etcd stores for one version.
std::string RevisionKey(const KeyVersion& kv);
std::string StoredValue(const std::string& key, const KeyVersion& kv);

// HashKV of the versions with mod_rev <= `rev`; of those at or below the
// compacted revision, only the ones etcd's keep(rev) holds (the newest live
// version <= rev of each key).
uint32_t HashKV(const MvccIndex& index, int64_t rev);

}  // namespace wisp::datastore
