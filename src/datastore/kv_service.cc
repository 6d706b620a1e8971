#include "datastore/services.h"

#include "wisp/base/strings.h"

namespace wisp::datastore {

bool StreamRegistry::Add(grpc::ServerContextBase* ctx) {
  absl::MutexLock lock(&mu_);
  if (closed_) return false;
  active_.insert(ctx);
  return true;
}

void StreamRegistry::Remove(grpc::ServerContextBase* ctx) {
  absl::MutexLock lock(&mu_);
  active_.erase(ctx);
}

void StreamRegistry::CancelAll() {
  absl::MutexLock lock(&mu_);
  closed_ = true;
  for (grpc::ServerContextBase* ctx : active_) ctx->TryCancel();
}

grpc::Status ToGrpc(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                      std::string(base::ToStd(s.message())));
}

void FillHeader(const Identity& id, const Store& store, etcdserverpb::ResponseHeader* h) {
  h->set_cluster_id(id.cluster_id);
  h->set_member_id(id.member_id);
  h->set_raft_term(2);  // A single member elected once.
  if (h->revision() == 0) h->set_revision(store.Revision());
}

Store::Done KvService::Finisher(grpc::ServerUnaryReactor* reactor,
                                etcdserverpb::ResponseHeader* header) {
  return [this, reactor, header](absl::Status s) {
    if (s.ok()) FillHeader(id_, store_, header);
    reactor->Finish(ToGrpc(s));
  };
}

grpc::ServerUnaryReactor* KvService::Range(grpc::CallbackServerContext* ctx,
                                           const etcdserverpb::RangeRequest* req,
                                           etcdserverpb::RangeResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  Finisher(reactor, resp->mutable_header())(store_.Range(*req, resp));
  return reactor;
}

grpc::ServerUnaryReactor* KvService::Put(grpc::CallbackServerContext* ctx,
                                         const etcdserverpb::PutRequest* req,
                                         etcdserverpb::PutResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  store_.Put(*req, resp, Finisher(reactor, resp->mutable_header()));
  return reactor;
}

grpc::ServerUnaryReactor* KvService::DeleteRange(grpc::CallbackServerContext* ctx,
                                                 const etcdserverpb::DeleteRangeRequest* req,
                                                 etcdserverpb::DeleteRangeResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  store_.DeleteRange(*req, resp, Finisher(reactor, resp->mutable_header()));
  return reactor;
}

grpc::ServerUnaryReactor* KvService::Txn(grpc::CallbackServerContext* ctx,
                                         const etcdserverpb::TxnRequest* req,
                                         etcdserverpb::TxnResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  store_.Txn(*req, resp, Finisher(reactor, resp->mutable_header()));
  return reactor;
}

grpc::ServerUnaryReactor* KvService::Compact(grpc::CallbackServerContext* ctx,
                                             const etcdserverpb::CompactionRequest* req,
                                             etcdserverpb::CompactionResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  store_.Compact(*req, resp, Finisher(reactor, resp->mutable_header()));
  return reactor;
}

}  // namespace wisp::datastore
