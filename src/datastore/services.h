// File: src/datastore/services.h
//
// The etcd v3 gRPC services over a Store: KV, Watch, Lease, Maintenance and
// Cluster (MemberList). They translate between gRPC and the Store; every
// semantic decision lives in the Store. Private to the datastore module; the
// only place gRPC meets etcd semantics.
//
// Thread-safe (gRPC calls them from its thread pool).
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "datastore/store.h"
#include "etcd/rpc.grpc.pb.h"

namespace wisp::datastore {

// The etcd version wisp reports; clients gate features on it.
inline constexpr char kEtcdVersion[] = "3.5.16";

// Identity of this single-member "cluster", stamped on every response.
struct Identity {
  uint64_t cluster_id = 0;
  uint64_t member_id = 0;
  std::string name;
  std::vector<std::string> client_urls;
  std::string data_dir;  // For snapshots' temporary files.
};

// The long-lived streams (Watch, LeaseKeepAlive) in progress, so that Stop
// can end them at once instead of waiting out the server's drain deadline.
// Thread-safe.
class StreamRegistry {
 public:
  // False once CancelAll ran: the caller must end the stream.
  bool Add(grpc::ServerContextBase* ctx);
  void Remove(grpc::ServerContextBase* ctx);
  void CancelAll();

 private:
  absl::Mutex mu_;
  std::set<grpc::ServerContextBase*> active_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

// The one mapping from absl::Status to grpc::Status.
grpc::Status ToGrpc(const absl::Status& s);

// Fills cluster/member/term, and the revision if the store left it unset.
void FillHeader(const Identity& id, const Store& store, etcdserverpb::ResponseHeader* h);

// Callback API: a write parks no thread while its batch commits; the store
// finishes the call from its writer thread.
class KvService final : public etcdserverpb::KV::CallbackService {
 public:
  KvService(Store& store, const Identity& id) : store_(store), id_(id) {}
  grpc::ServerUnaryReactor* Range(grpc::CallbackServerContext* ctx,
                                  const etcdserverpb::RangeRequest* req,
                                  etcdserverpb::RangeResponse* resp) override;
  grpc::ServerUnaryReactor* Put(grpc::CallbackServerContext* ctx,
                                const etcdserverpb::PutRequest* req,
                                etcdserverpb::PutResponse* resp) override;
  grpc::ServerUnaryReactor* DeleteRange(grpc::CallbackServerContext* ctx,
                                        const etcdserverpb::DeleteRangeRequest* req,
                                        etcdserverpb::DeleteRangeResponse* resp) override;
  grpc::ServerUnaryReactor* Txn(grpc::CallbackServerContext* ctx,
                                const etcdserverpb::TxnRequest* req,
                                etcdserverpb::TxnResponse* resp) override;
  grpc::ServerUnaryReactor* Compact(grpc::CallbackServerContext* ctx,
                                    const etcdserverpb::CompactionRequest* req,
                                    etcdserverpb::CompactionResponse* resp) override;

 private:
  // Finishes `reactor` with `s`, stamping `header` first on success.
  Store::Done Finisher(grpc::ServerUnaryReactor* reactor, etcdserverpb::ResponseHeader* header);

  Store& store_;
  const Identity& id_;
};

// Callback API: a watch stream holds no thread; the hub's events go out as
// soon as the previous write on the stream completes.
class WatchService final : public etcdserverpb::Watch::CallbackService {
 public:
  WatchService(Store& store, const Identity& id, StreamRegistry& streams)
      : store_(store), id_(id), streams_(streams) {}
  grpc::ServerBidiReactor<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse>* Watch(
      grpc::CallbackServerContext* ctx) override;

 private:
  Store& store_;
  const Identity& id_;
  StreamRegistry& streams_;
};

class LeaseService final : public etcdserverpb::Lease::Service {
 public:
  LeaseService(Store& store, const Identity& id, StreamRegistry& streams)
      : store_(store), id_(id), streams_(streams) {}
  grpc::Status LeaseGrant(grpc::ServerContext*, const etcdserverpb::LeaseGrantRequest* req,
                          etcdserverpb::LeaseGrantResponse* resp) override;
  grpc::Status LeaseRevoke(grpc::ServerContext*, const etcdserverpb::LeaseRevokeRequest* req,
                           etcdserverpb::LeaseRevokeResponse* resp) override;
  grpc::Status LeaseKeepAlive(
      grpc::ServerContext* ctx,
      grpc::ServerReaderWriter<etcdserverpb::LeaseKeepAliveResponse,
                               etcdserverpb::LeaseKeepAliveRequest>* stream) override;
  grpc::Status LeaseTimeToLive(grpc::ServerContext*,
                               const etcdserverpb::LeaseTimeToLiveRequest* req,
                               etcdserverpb::LeaseTimeToLiveResponse* resp) override;
  grpc::Status LeaseLeases(grpc::ServerContext*, const etcdserverpb::LeaseLeasesRequest* req,
                           etcdserverpb::LeaseLeasesResponse* resp) override;

 private:
  Store& store_;
  const Identity& id_;
  StreamRegistry& streams_;
};

class MaintenanceService final : public etcdserverpb::Maintenance::Service {
 public:
  MaintenanceService(Store& store, const Identity& id) : store_(store), id_(id) {}
  grpc::Status Alarm(grpc::ServerContext*, const etcdserverpb::AlarmRequest* req,
                     etcdserverpb::AlarmResponse* resp) override;
  grpc::Status Status(grpc::ServerContext*, const etcdserverpb::StatusRequest* req,
                      etcdserverpb::StatusResponse* resp) override;
  grpc::Status Defragment(grpc::ServerContext*, const etcdserverpb::DefragmentRequest* req,
                          etcdserverpb::DefragmentResponse* resp) override;
  grpc::Status Hash(grpc::ServerContext*, const etcdserverpb::HashRequest* req,
                    etcdserverpb::HashResponse* resp) override;
  grpc::Status HashKV(grpc::ServerContext*, const etcdserverpb::HashKVRequest* req,
                      etcdserverpb::HashKVResponse* resp) override;
  grpc::Status Snapshot(grpc::ServerContext* ctx, const etcdserverpb::SnapshotRequest* req,
                        grpc::ServerWriter<etcdserverpb::SnapshotResponse>* writer) override;

 private:
  Store& store_;
  const Identity& id_;
};

class ClusterService final : public etcdserverpb::Cluster::Service {
 public:
  ClusterService(Store& store, const Identity& id) : store_(store), id_(id) {}
  grpc::Status MemberList(grpc::ServerContext*, const etcdserverpb::MemberListRequest* req,
                          etcdserverpb::MemberListResponse* resp) override;

 private:
  Store& store_;
  const Identity& id_;
};

}  // namespace wisp::datastore
