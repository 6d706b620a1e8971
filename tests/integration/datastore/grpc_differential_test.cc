// What etcdctl cannot express, through a C++ gRPC client, against real etcd
// and `wisp datastore`: many watches on one stream, filters, prev_kv,
// progress requests, cancel, compacted start revisions, fragmentation, and
// raw error codes. Responses are compared per watch id (etcd orders
// responses of different watches freely) after masking ids.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <map>

#include "etcd/rpc.grpc.pb.h"
#include "integration/datastore/fixture.h"

namespace wisp::datastore::testing {
namespace {

using etcdserverpb::WatchRequest;
using etcdserverpb::WatchResponse;

class Client {
 public:
  explicit Client(const std::string& endpoint)
      : channel_(grpc::CreateChannel(endpoint, grpc::InsecureChannelCredentials())),
        kv_(etcdserverpb::KV::NewStub(channel_)),
        watch_(etcdserverpb::Watch::NewStub(channel_)) {
    ctx_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    stream_ = watch_->Watch(&ctx_);
  }

  std::string Put(const std::string& k, const std::string& v) {
    etcdserverpb::PutRequest req;
    req.set_key(k);
    req.set_value(v);
    etcdserverpb::PutResponse resp;
    grpc::ClientContext ctx;
    return Result(kv_->Put(&ctx, req, &resp));
  }
  std::string Delete(const std::string& k) {
    etcdserverpb::DeleteRangeRequest req;
    req.set_key(k);
    etcdserverpb::DeleteRangeResponse resp;
    grpc::ClientContext ctx;
    return Result(kv_->DeleteRange(&ctx, req, &resp));
  }
  std::string Compact(int64_t rev) {
    etcdserverpb::CompactionRequest req;
    req.set_revision(rev);
    req.set_physical(true);
    etcdserverpb::CompactionResponse resp;
    grpc::ClientContext ctx;
    return Result(kv_->Compact(&ctx, req, &resp));
  }
  std::string Range(etcdserverpb::RangeRequest req) {
    etcdserverpb::RangeResponse resp;
    grpc::ClientContext ctx;
    grpc::Status s = kv_->Range(&ctx, req, &resp);
    Mask(resp.mutable_header());
    return s.ok() ? resp.ShortDebugString() : Result(s);
  }
  std::string Txn(const etcdserverpb::TxnRequest& req) {
    etcdserverpb::TxnResponse resp;
    grpc::ClientContext ctx;
    grpc::Status s = kv_->Txn(&ctx, req, &resp);
    Mask(resp.mutable_header());
    return s.ok() ? resp.ShortDebugString() : Result(s);
  }

  void Send(const WatchRequest& req) { ASSERT_TRUE(stream_->Write(req)); }
  // Reads `n` responses and files them under their watch ids.
  void Read(int n) {
    for (int i = 0; i < n; ++i) {
      WatchResponse resp;
      ASSERT_TRUE(stream_->Read(&resp)) << "stream ended after " << i << " of " << n;
      Mask(resp.mutable_header());
      by_watch_[resp.watch_id()] += resp.ShortDebugString() + "\n";
    }
  }
  const std::map<int64_t, std::string>& by_watch() const { return by_watch_; }

  static void Mask(etcdserverpb::ResponseHeader* h) {
    h->clear_cluster_id();
    h->clear_member_id();
    h->clear_raft_term();
  }

 private:
  static std::string Result(const grpc::Status& s) {
    return std::to_string(s.error_code()) + ":" + s.error_message();
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<etcdserverpb::KV::Stub> kv_;
  std::unique_ptr<etcdserverpb::Watch::Stub> watch_;
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReaderWriter<WatchRequest, WatchResponse>> stream_;
  std::map<int64_t, std::string> by_watch_;
};

WatchRequest Create(const std::string& key, const std::string& end, int64_t start_rev) {
  WatchRequest req;
  auto* c = req.mutable_create_request();
  c->set_key(key);
  c->set_range_end(end);
  c->set_start_revision(start_rev);
  return req;
}

// The scripted session; returns a transcript of everything observed.
std::string Session(const Server& server) {
  Client c(server.endpoint());
  std::string out;
  auto note = [&out](const std::string& s) { out += s + "\n"; };
  note(c.Put("a", "1"));
  note(c.Put("b", "1"));
  WatchRequest w0 = Create("a", "", 0);
  w0.mutable_create_request()->set_prev_kv(true);
  c.Send(w0);
  c.Read(1);
  WatchRequest w1 = Create("a", std::string(1, '\0'), 1);
  w1.mutable_create_request()->add_filters(etcdserverpb::WatchCreateRequest::NODELETE);
  c.Send(w1);
  c.Read(2);  // Created, then the catch-up.
  WatchRequest w2 = Create("zzz", "", 0);
  w2.mutable_create_request()->set_progress_notify(true);
  c.Send(w2);
  c.Read(1);
  note(c.Put("a", "2"));
  c.Read(2);  // w0 with prev_kv, w1.
  note(c.Delete("b"));
  note(c.Put("c", "1"));
  c.Read(1);  // w1 skips the delete.
  WatchRequest progress;
  progress.mutable_progress_request();
  c.Send(progress);
  c.Read(1);
  WatchRequest cancel;
  cancel.mutable_cancel_request()->set_watch_id(0);
  c.Send(cancel);
  c.Read(1);
  note(c.Put("a", "3"));
  c.Read(1);  // Only w1 now.
  note(c.Compact(5));
  c.Send(Create("a", "", 2));
  c.Read(2);  // Created, then canceled with compact_revision.
  // Three 800 KiB values replayed to one watcher make one 2.4 MiB response,
  // over etcd's 2 MiB limit: it comes in two fragments.
  note(c.Put("big1", std::string(800 * 1024, 'x')));  // Revision 8.
  note(c.Put("big2", std::string(800 * 1024, 'y')));
  note(c.Put("big3", std::string(800 * 1024, 'z')));
  c.Read(3);  // w1, one response per revision.
  WatchRequest w4 = Create("big", "bih", 8);
  w4.mutable_create_request()->set_watch_id(100);
  w4.mutable_create_request()->set_fragment(true);
  c.Send(w4);
  c.Read(3);  // Created, two fragments.
  for (const auto& [id, text] : c.by_watch()) {
    if (id == 100 || id == 1) {
      // Values are long: keep their sizes only.
      note("watch " + std::to_string(id) + ": " + std::to_string(text.size()) + " bytes");
    } else {
      note("watch " + std::to_string(id) + ":\n" + text);
    }
  }
  // Raw errors and Range corner cases.
  etcdserverpb::RangeRequest r;
  note(c.Range(r));
  r.set_key("a");
  r.set_revision(2);
  note(c.Range(r));
  r.set_revision(1000);
  note(c.Range(r));
  r.set_revision(0);
  r.set_range_end(std::string(1, '\0'));
  r.set_max_create_revision(3);
  r.set_keys_only(true);
  note(c.Range(r));
  r.set_max_create_revision(0);
  r.set_min_create_revision(4);
  r.set_sort_target(etcdserverpb::RangeRequest::CREATE);
  note(c.Range(r));
  note(c.Compact(4));
  note(c.Compact(1000));
  etcdserverpb::TxnRequest too_many;
  for (int i = 0; i < 129; ++i) too_many.add_success()->mutable_request_range()->set_key("a");
  note(c.Txn(too_many));
  etcdserverpb::TxnRequest empty_compare;
  empty_compare.add_compare();
  note(c.Txn(empty_compare));
  return out;
}

TEST(GrpcDifferentialTest, WatchStreamsAndErrorsMatchRealEtcd) {
  Server etcd(Server::kEtcd);
  Server wisp(Server::kWisp);
  ASSERT_TRUE(etcd.Start()) << etcd.Log();
  ASSERT_TRUE(wisp.Start()) << wisp.Log();
  std::string want = Session(etcd);
  std::string got = Session(wisp);
  EXPECT_EQ(want, got);
}

// etcd 3.4 (the Debian oracle) predates AuthStatus, and wisp refuses what
// a single member without users cannot do: checked on wisp alone.
TEST(GrpcMembershipTest, AuthStatusAndUnsupportedChangesSayWhy) {
  Server wisp(Server::kWisp);
  ASSERT_TRUE(wisp.Start()) << wisp.Log();
  auto channel = grpc::CreateChannel(wisp.endpoint(), grpc::InsecureChannelCredentials());
  auto auth = etcdserverpb::Auth::NewStub(channel);
  auto cluster = etcdserverpb::Cluster::NewStub(channel);
  {
    grpc::ClientContext ctx;
    etcdserverpb::AuthStatusResponse resp;
    ASSERT_TRUE(auth->AuthStatus(&ctx, {}, &resp).ok());
    EXPECT_FALSE(resp.enabled());
    EXPECT_EQ(resp.authrevision(), 1u);
    EXPECT_GT(resp.header().revision(), 0);
  }
  {
    grpc::ClientContext ctx;
    etcdserverpb::AuthUserAddRequest req;
    req.set_name("root");
    etcdserverpb::AuthUserAddResponse resp;
    grpc::Status s = auth->UserAdd(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNIMPLEMENTED);
    EXPECT_NE(s.error_message().find("TLS client certificates"), std::string::npos)
        << s.error_message();
  }
  {
    grpc::ClientContext ctx;
    etcdserverpb::MemberAddRequest req;
    req.add_peerurls("http://127.0.0.1:1");
    etcdserverpb::MemberAddResponse resp;
    grpc::Status s = cluster->MemberAdd(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNIMPLEMENTED);
    EXPECT_NE(s.error_message().find("single member"), std::string::npos) << s.error_message();
  }
  // Leadership "moves" to the leader itself.
  uint64_t self = 0;
  {
    grpc::ClientContext ctx;
    etcdserverpb::MemberListResponse resp;
    ASSERT_TRUE(cluster->MemberList(&ctx, {}, &resp).ok());
    ASSERT_EQ(resp.members_size(), 1);
    self = resp.members(0).id();
  }
  auto maintenance = etcdserverpb::Maintenance::NewStub(channel);
  grpc::ClientContext ctx;
  etcdserverpb::MoveLeaderRequest req;
  req.set_targetid(self);
  etcdserverpb::MoveLeaderResponse resp;
  EXPECT_TRUE(maintenance->MoveLeader(&ctx, req, &resp).ok());
}

}  // namespace
}  // namespace wisp::datastore::testing
