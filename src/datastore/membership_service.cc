// Cluster and Auth: wisp is a single member with etcd authentication off.
// Reads answer as such an etcd does; what would need other members or users
// is refused with a message that says why.
#include "datastore/errors.h"
#include "datastore/services.h"

namespace wisp::datastore {
namespace {

grpc::Status Unsupported(const char* what) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, std::string("wisp datastore: ") + what);
}

constexpr char kNoUsers[] =
    "etcd users and roles are not supported; clients authenticate with TLS client "
    "certificates (--client-cert-auth)";
constexpr char kSingleMember[] =
    "wisp datastore is a single member; for a cluster of several members use a real etcd "
    "(storage.type: etcd)";

}  // namespace

grpc::Status ClusterService::MemberList(grpc::ServerContext*,
                                        const etcdserverpb::MemberListRequest*,
                                        etcdserverpb::MemberListResponse* resp) {
  FillHeader(id_, store_, resp->mutable_header());
  etcdserverpb::Member* m = resp->add_members();
  m->set_id(id_.member_id);
  m->set_name(id_.name);
  for (const std::string& url : id_.client_urls) m->add_clienturls(url);
  return grpc::Status::OK;
}

grpc::Status ClusterService::MemberAdd(grpc::ServerContext*, const etcdserverpb::MemberAddRequest*,
                                       etcdserverpb::MemberAddResponse*) {
  return Unsupported(kSingleMember);
}

grpc::Status ClusterService::MemberRemove(grpc::ServerContext*,
                                          const etcdserverpb::MemberRemoveRequest* req,
                                          etcdserverpb::MemberRemoveResponse*) {
  // Removing the only member would leave no quorum, as etcd answers.
  if (req->id() == id_.member_id) return ToGrpc(ErrNotEnoughStartedMembers());
  return ToGrpc(ErrMemberNotFound());
}

grpc::Status ClusterService::MemberUpdate(grpc::ServerContext*,
                                          const etcdserverpb::MemberUpdateRequest* req,
                                          etcdserverpb::MemberUpdateResponse*) {
  if (req->id() == id_.member_id) return Unsupported("the member has no peer URLs to update");
  return ToGrpc(ErrMemberNotFound());
}

grpc::Status ClusterService::MemberPromote(grpc::ServerContext*,
                                           const etcdserverpb::MemberPromoteRequest* req,
                                           etcdserverpb::MemberPromoteResponse*) {
  if (req->id() == id_.member_id) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "etcdserver: can only promote a learner member");
  }
  return ToGrpc(ErrMemberNotFound());
}

// Enabling needs a root user, and there are none.
grpc::Status AuthService::AuthEnable(grpc::ServerContext*, const etcdserverpb::AuthEnableRequest*,
                                     etcdserverpb::AuthEnableResponse*) {
  return ToGrpc(ErrRootUserNotExist());
}

grpc::Status AuthService::AuthDisable(grpc::ServerContext*, const etcdserverpb::AuthDisableRequest*,
                                      etcdserverpb::AuthDisableResponse* resp) {
  FillHeader(id_, store_, resp->mutable_header());  // Already off.
  return grpc::Status::OK;
}

grpc::Status AuthService::AuthStatus(grpc::ServerContext*, const etcdserverpb::AuthStatusRequest*,
                                     etcdserverpb::AuthStatusResponse* resp) {
  FillHeader(id_, store_, resp->mutable_header());
  resp->set_enabled(false);
  resp->set_authrevision(1);  // A new etcd's auth store starts at revision 1.
  return grpc::Status::OK;
}

grpc::Status AuthService::Authenticate(grpc::ServerContext*,
                                       const etcdserverpb::AuthenticateRequest*,
                                       etcdserverpb::AuthenticateResponse*) {
  return ToGrpc(ErrAuthNotEnabled());
}

grpc::Status AuthService::UserAdd(grpc::ServerContext*, const etcdserverpb::AuthUserAddRequest*,
                                  etcdserverpb::AuthUserAddResponse*) {
  return Unsupported(kNoUsers);
}

grpc::Status AuthService::UserGet(grpc::ServerContext*, const etcdserverpb::AuthUserGetRequest*,
                                  etcdserverpb::AuthUserGetResponse*) {
  return ToGrpc(ErrUserNotFound());
}

grpc::Status AuthService::UserList(grpc::ServerContext*, const etcdserverpb::AuthUserListRequest*,
                                   etcdserverpb::AuthUserListResponse* resp) {
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

grpc::Status AuthService::UserDelete(grpc::ServerContext*,
                                     const etcdserverpb::AuthUserDeleteRequest*,
                                     etcdserverpb::AuthUserDeleteResponse*) {
  return ToGrpc(ErrUserNotFound());
}

grpc::Status AuthService::UserChangePassword(grpc::ServerContext*,
                                             const etcdserverpb::AuthUserChangePasswordRequest*,
                                             etcdserverpb::AuthUserChangePasswordResponse*) {
  return ToGrpc(ErrUserNotFound());
}

grpc::Status AuthService::UserGrantRole(grpc::ServerContext*,
                                        const etcdserverpb::AuthUserGrantRoleRequest*,
                                        etcdserverpb::AuthUserGrantRoleResponse*) {
  return ToGrpc(ErrUserNotFound());
}

grpc::Status AuthService::UserRevokeRole(grpc::ServerContext*,
                                         const etcdserverpb::AuthUserRevokeRoleRequest*,
                                         etcdserverpb::AuthUserRevokeRoleResponse*) {
  return ToGrpc(ErrUserNotFound());
}

grpc::Status AuthService::RoleAdd(grpc::ServerContext*, const etcdserverpb::AuthRoleAddRequest*,
                                  etcdserverpb::AuthRoleAddResponse*) {
  return Unsupported(kNoUsers);
}

grpc::Status AuthService::RoleGet(grpc::ServerContext*, const etcdserverpb::AuthRoleGetRequest*,
                                  etcdserverpb::AuthRoleGetResponse*) {
  return ToGrpc(ErrRoleNotFound());
}

grpc::Status AuthService::RoleList(grpc::ServerContext*, const etcdserverpb::AuthRoleListRequest*,
                                   etcdserverpb::AuthRoleListResponse* resp) {
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

grpc::Status AuthService::RoleDelete(grpc::ServerContext*,
                                     const etcdserverpb::AuthRoleDeleteRequest*,
                                     etcdserverpb::AuthRoleDeleteResponse*) {
  return ToGrpc(ErrRoleNotFound());
}

grpc::Status AuthService::RoleGrantPermission(grpc::ServerContext*,
                                              const etcdserverpb::AuthRoleGrantPermissionRequest*,
                                              etcdserverpb::AuthRoleGrantPermissionResponse*) {
  return ToGrpc(ErrRoleNotFound());
}

grpc::Status AuthService::RoleRevokePermission(grpc::ServerContext*,
                                               const etcdserverpb::AuthRoleRevokePermissionRequest*,
                                               etcdserverpb::AuthRoleRevokePermissionResponse*) {
  return ToGrpc(ErrRoleNotFound());
}

}  // namespace wisp::datastore
