// File: src/datastore/snapshot.h
//
// Snapshots in etcd's own format. A wisp snapshot is the bbolt file etcd
// would have written for the same store: bucket "key" holds every retained
// version under its revision (8-byte big-endian main, '_', 8-byte sub, and a
// trailing 't' for a deletion) with an mvccpb.KeyValue as value; "lease"
// holds leasepb.Lease{ID, TTL} under the 8-byte big-endian ID; "meta" holds
// consistent_index and the compacted revision. So `etcdctl snapshot status`
// and `etcdctl snapshot restore` work on it, and `wisp datastore --restore`
// takes a snapshot of either wisp or etcd.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace wisp::datastore {

class Backend;

// Names of snapshot files being written in the data dir; one a crash left
// is removed at the next start.
inline constexpr char kSnapshotTempPrefix[] = "snapshot-";

// Writes the bbolt snapshot of `backend`'s committed state to `bolt_path`.
absl::Status WriteEtcdSnapshot(Backend& backend, const std::string& bolt_path);

}  // namespace wisp::datastore
