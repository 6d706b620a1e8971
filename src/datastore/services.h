// File: src/datastore/services.h
//
// The etcd v3 gRPC services over a Store: KV, Watch, Lease, Maintenance,
// Cluster and Auth. wisp is one member with etcd authentication off: the
// Cluster and Auth services answer as such an etcd does, and refuse what
// would need more (adding members, users or roles) with a message that says
// so. They translate between gRPC and the Store; every
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
  grpc::Status MoveLeader(grpc::ServerContext*, const etcdserverpb::MoveLeaderRequest* req,
                          etcdserverpb::MoveLeaderResponse* resp) override;

 private:
  Store& store_;
  const Identity& id_;
};

class ClusterService final : public etcdserverpb::Cluster::Service {
 public:
  ClusterService(Store& store, const Identity& id) : store_(store), id_(id) {}
  grpc::Status MemberList(grpc::ServerContext*, const etcdserverpb::MemberListRequest* req,
                          etcdserverpb::MemberListResponse* resp) override;
  grpc::Status MemberAdd(grpc::ServerContext*, const etcdserverpb::MemberAddRequest* req,
                         etcdserverpb::MemberAddResponse* resp) override;
  grpc::Status MemberRemove(grpc::ServerContext*, const etcdserverpb::MemberRemoveRequest* req,
                            etcdserverpb::MemberRemoveResponse* resp) override;
  grpc::Status MemberUpdate(grpc::ServerContext*, const etcdserverpb::MemberUpdateRequest* req,
                            etcdserverpb::MemberUpdateResponse* resp) override;
  grpc::Status MemberPromote(grpc::ServerContext*, const etcdserverpb::MemberPromoteRequest* req,
                             etcdserverpb::MemberPromoteResponse* resp) override;

 private:
  Store& store_;
  const Identity& id_;
};

class AuthService final : public etcdserverpb::Auth::Service {
 public:
  AuthService(Store& store, const Identity& id) : store_(store), id_(id) {}
  grpc::Status AuthEnable(grpc::ServerContext*, const etcdserverpb::AuthEnableRequest*,
                          etcdserverpb::AuthEnableResponse*) override;
  grpc::Status AuthDisable(grpc::ServerContext*, const etcdserverpb::AuthDisableRequest*,
                           etcdserverpb::AuthDisableResponse* resp) override;
  grpc::Status AuthStatus(grpc::ServerContext*, const etcdserverpb::AuthStatusRequest*,
                          etcdserverpb::AuthStatusResponse* resp) override;
  grpc::Status Authenticate(grpc::ServerContext*, const etcdserverpb::AuthenticateRequest*,
                            etcdserverpb::AuthenticateResponse*) override;
  grpc::Status UserAdd(grpc::ServerContext*, const etcdserverpb::AuthUserAddRequest*,
                       etcdserverpb::AuthUserAddResponse*) override;
  grpc::Status UserGet(grpc::ServerContext*, const etcdserverpb::AuthUserGetRequest*,
                       etcdserverpb::AuthUserGetResponse*) override;
  grpc::Status UserList(grpc::ServerContext*, const etcdserverpb::AuthUserListRequest*,
                        etcdserverpb::AuthUserListResponse* resp) override;
  grpc::Status UserDelete(grpc::ServerContext*, const etcdserverpb::AuthUserDeleteRequest*,
                          etcdserverpb::AuthUserDeleteResponse*) override;
  grpc::Status UserChangePassword(grpc::ServerContext*,
                                  const etcdserverpb::AuthUserChangePasswordRequest*,
                                  etcdserverpb::AuthUserChangePasswordResponse*) override;
  grpc::Status UserGrantRole(grpc::ServerContext*, const etcdserverpb::AuthUserGrantRoleRequest*,
                             etcdserverpb::AuthUserGrantRoleResponse*) override;
  grpc::Status UserRevokeRole(grpc::ServerContext*, const etcdserverpb::AuthUserRevokeRoleRequest*,
                              etcdserverpb::AuthUserRevokeRoleResponse*) override;
  grpc::Status RoleAdd(grpc::ServerContext*, const etcdserverpb::AuthRoleAddRequest*,
                       etcdserverpb::AuthRoleAddResponse*) override;
  grpc::Status RoleGet(grpc::ServerContext*, const etcdserverpb::AuthRoleGetRequest*,
                       etcdserverpb::AuthRoleGetResponse*) override;
  grpc::Status RoleList(grpc::ServerContext*, const etcdserverpb::AuthRoleListRequest*,
                        etcdserverpb::AuthRoleListResponse* resp) override;
  grpc::Status RoleDelete(grpc::ServerContext*, const etcdserverpb::AuthRoleDeleteRequest*,
                          etcdserverpb::AuthRoleDeleteResponse*) override;
  grpc::Status RoleGrantPermission(grpc::ServerContext*,
                                   const etcdserverpb::AuthRoleGrantPermissionRequest*,
                                   etcdserverpb::AuthRoleGrantPermissionResponse*) override;
  grpc::Status RoleRevokePermission(grpc::ServerContext*,
                                    const etcdserverpb::AuthRoleRevokePermissionRequest*,
                                    etcdserverpb::AuthRoleRevokePermissionResponse*) override;

 private:
  Store& store_;
  const Identity& id_;
};

}  // namespace wisp::datastore
