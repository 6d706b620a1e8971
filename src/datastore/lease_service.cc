#include "datastore/errors.h"
#include "datastore/services.h"

namespace wisp::datastore {

grpc::Status LeaseService::LeaseGrant(grpc::ServerContext*,
                                      const etcdserverpb::LeaseGrantRequest* req,
                                      etcdserverpb::LeaseGrantResponse* resp) {
  absl::Status s = store_.LeaseGrant(*req, resp);
  if (!s.ok()) return ToGrpc(s);
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

grpc::Status LeaseService::LeaseRevoke(grpc::ServerContext*,
                                       const etcdserverpb::LeaseRevokeRequest* req,
                                       etcdserverpb::LeaseRevokeResponse* resp) {
  absl::Status s = store_.LeaseRevoke(*req, resp);
  if (!s.ok()) return ToGrpc(s);
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

grpc::Status LeaseService::LeaseKeepAlive(
    grpc::ServerContext* ctx,
    grpc::ServerReaderWriter<etcdserverpb::LeaseKeepAliveResponse,
                             etcdserverpb::LeaseKeepAliveRequest>* stream) {
  if (!streams_.Add(ctx)) return ToGrpc(ErrStopped());
  etcdserverpb::LeaseKeepAliveRequest req;
  while (stream->Read(&req)) {
    etcdserverpb::LeaseKeepAliveResponse resp;
    absl::StatusOr<int64_t> ttl = store_.LeaseRenew(req.id());
    resp.set_id(req.id());
    resp.set_ttl(ttl.ok() ? *ttl : 0);  // etcd answers an unknown lease with TTL 0.
    FillHeader(id_, store_, resp.mutable_header());
    if (!stream->Write(resp)) break;
  }
  streams_.Remove(ctx);
  return grpc::Status::OK;
}

grpc::Status LeaseService::LeaseTimeToLive(grpc::ServerContext*,
                                           const etcdserverpb::LeaseTimeToLiveRequest* req,
                                           etcdserverpb::LeaseTimeToLiveResponse* resp) {
  absl::Status s = store_.LeaseTimeToLive(*req, resp);
  if (!s.ok()) return ToGrpc(s);
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

grpc::Status LeaseService::LeaseLeases(grpc::ServerContext*,
                                       const etcdserverpb::LeaseLeasesRequest*,
                                       etcdserverpb::LeaseLeasesResponse* resp) {
  store_.LeaseLeases(resp);
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

}  // namespace wisp::datastore
