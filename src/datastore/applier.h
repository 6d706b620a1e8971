// File: src/datastore/applier.h
//
// etcd's request semantics on top of an MvccIndex: validation (the checks
// etcd's gRPC layer makes), Range with every option, and the writes Put,
// DeleteRange, Txn and lease revocation, each as one revision.
//
// Writes go straight into the index and are recorded in an outbox (rows for
// the backend, events for watchers) that the caller drains after persisting.
// Reads inside a write see that write's earlier changes, as in etcd.
//
// Not thread-safe; Store calls it from its writer thread under its lock.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "datastore/mvcc.h"
#include "etcd/rpc.pb.h"

namespace wisp::datastore {

// What the applier needs from the lease table.
class LeaseIndex {
 public:
  virtual ~LeaseIndex() = default;
  virtual bool LeaseExists(int64_t id) const = 0;
  virtual void AttachKey(int64_t id, const std::string& key) = 0;
  virtual void DetachKey(int64_t id, const std::string& key) = 0;
};

// Stateless request validation, as etcd's API layer does before applying.
absl::Status CheckRange(const etcdserverpb::RangeRequest& req);
absl::Status CheckPut(const etcdserverpb::PutRequest& req);
absl::Status CheckDeleteRange(const etcdserverpb::DeleteRangeRequest& req);
absl::Status CheckTxn(const etcdserverpb::TxnRequest& req, int max_txn_ops);

// Answers `req` from `index` as of `cur_rev` (the newest visible revision).
absl::Status RangeAt(const MvccIndex& index, const etcdserverpb::RangeRequest& req, int64_t cur_rev,
                     etcdserverpb::RangeResponse* resp);

class Applier {
 public:
  // A row the backend must write: key and the version written.
  using Change = std::pair<std::string, KeyVersion>;

  Applier(MvccIndex& index, LeaseIndex& leases) : index_(index), leases_(leases) {}

  // REQUIRES: the request passed its Check* function.
  absl::Status Put(const etcdserverpb::PutRequest& req, etcdserverpb::PutResponse* resp);
  absl::Status DeleteRange(const etcdserverpb::DeleteRangeRequest& req,
                           etcdserverpb::DeleteRangeResponse* resp);
  absl::Status Txn(const etcdserverpb::TxnRequest& req, etcdserverpb::TxnResponse* resp);
  // Deletes `keys` in one revision (lease revocation). Returns the revision.
  int64_t DeleteKeys(const std::vector<std::string>& keys);

  // Drains what the writes since the last call produced.
  std::vector<Change> TakeChanges() { return std::exchange(changes_, {}); }
  std::vector<mvccpb::Event> TakeEvents() { return std::exchange(events_, {}); }

 private:
  // One revision's worth of writes.
  struct Write {
    int64_t begin_rev;
    int64_t sub = 0;
    int64_t Rev() const { return begin_rev + 1; }
    int64_t ReadRev() const { return sub > 0 ? begin_rev + 1 : begin_rev; }
  };
  Write Begin() const { return Write{index_.current_rev()}; }
  void End(const Write& w);

  absl::Status CheckOps(const etcdserverpb::TxnRequest& req, std::vector<bool>& path,
                        size_t& pos) const;
  void EvalPath(const etcdserverpb::TxnRequest& req, std::vector<bool>& path) const;
  bool Compare(const etcdserverpb::Compare& c) const;
  void ApplyOps(Write& w, const etcdserverpb::TxnRequest& req, const std::vector<bool>& path,
                size_t& pos, etcdserverpb::TxnResponse* resp);
  void DoPut(Write& w, const etcdserverpb::PutRequest& req, etcdserverpb::PutResponse* resp);
  int64_t DoDelete(Write& w, const std::string& key, const std::string& end,
                   google::protobuf::RepeatedPtrField<mvccpb::KeyValue>* prev_kvs);

  MvccIndex& index_;
  LeaseIndex& leases_;
  std::vector<Change> changes_;
  std::vector<mvccpb::Event> events_;
};

}  // namespace wisp::datastore
