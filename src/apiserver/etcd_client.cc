// File: src/apiserver/etcd_client.cc
//
// EtcdClient over gRPC's synchronous API: unary calls run on the caller's
// thread (the API server's request workers), each watch owns one thread that
// reads its bidirectional stream.
#include "apiserver/etcd_client.h"

#include <grpcpp/grpcpp.h>

#include <mutex>

#include "etcd/rpc.grpc.pb.h"
#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace {

namespace pb = etcdserverpb;

absl::Status FromGrpc(const grpc::Status& s, std::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = base::StrCat("etcd ", what, ": ", s.error_message());
  if (s.error_message().find("required revision has been compacted") != std::string::npos) {
    return absl::OutOfRangeError(msg);
  }
  switch (s.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::UnavailableError(msg);
    case grpc::StatusCode::INVALID_ARGUMENT:
      return absl::InvalidArgumentError(msg);
    case grpc::StatusCode::OUT_OF_RANGE:
      return absl::OutOfRangeError(msg);
    default:
      return absl::InternalError(msg);
  }
}

KeyValue FromPb(const mvccpb::KeyValue& kv) {
  return KeyValue{kv.key(), kv.value(), kv.create_revision(), kv.mod_revision()};
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(const EtcdClientOptions& o,
                                                                      const std::string& endpoint) {
  if (endpoint.rfind("https://", 0) != 0) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  if (!o.ca_file.empty()) {
    auto ca = base::ReadFile(o.ca_file);
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
  }
  if (!o.cert_file.empty()) {
    auto cert = base::ReadFile(o.cert_file);
    if (!cert.ok()) return cert.status();
    auto key = base::ReadFile(o.key_file);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
  }
  return grpc::SslCredentials(ssl);
}

absl::StatusOr<std::string> Target(const std::string& endpoint) {
  if (endpoint.rfind("unix://", 0) == 0) return endpoint;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (endpoint.rfind(scheme, 0) == 0) {
      std::string rest = endpoint.substr(scheme.size());
      if (!rest.empty() && rest.back() == '/') rest.pop_back();
      return rest;
    }
  }
  return absl::InvalidArgumentError(base::StrCat(
      "etcd endpoint \"", endpoint, "\": want unix://PATH, http://HOST:PORT or https://HOST:PORT"));
}

class GrpcWatch final : public EtcdWatch {
 public:
  GrpcWatch(pb::Watch::Stub& stub, WatchSink& sink) : stub_(stub), sink_(sink) {}
  ~GrpcWatch() override {
    context_.TryCancel();
    if (thread_.joinable()) thread_.join();
  }

  absl::Status Begin(const std::string& prefix, int64_t start_revision) {
    stream_ = stub_.Watch(&context_);
    pb::WatchRequest req;
    auto* create = req.mutable_create_request();
    create->set_key(prefix);
    create->set_range_end(PrefixEnd(prefix));
    create->set_start_revision(start_revision);
    create->set_prev_kv(true);
    create->set_progress_notify(true);
    if (!stream_->Write(req)) {
      return FromGrpc(stream_->Finish(), "watch");
    }
    pb::WatchResponse resp;
    if (!stream_->Read(&resp)) return FromGrpc(stream_->Finish(), "watch");
    if (resp.canceled() || !resp.created()) {
      if (resp.compact_revision() > 0) {
        return absl::OutOfRangeError("etcd watch: mvcc: required revision has been compacted");
      }
      return absl::InternalError(base::StrCat("etcd watch refused: ", resp.cancel_reason()));
    }
    thread_ = std::thread([this] { Run(); });
    return absl::OkStatus();
  }

  void RequestProgress() override {
    std::lock_guard<std::mutex> lock(write_mu_);
    pb::WatchRequest req;
    req.mutable_progress_request();
    stream_->Write(req);
  }

 private:
  void Run() {
    pb::WatchResponse resp;
    absl::Status end = absl::OkStatus();
    std::vector<WatchEvent> pending;  // fragments are joined
    while (stream_->Read(&resp)) {
      if (resp.canceled()) {
        end = resp.compact_revision() > 0
                  ? absl::OutOfRangeError("etcd watch: mvcc: required revision has been compacted")
                  : absl::AbortedError(base::StrCat("etcd watch canceled: ", resp.cancel_reason()));
        break;
      }
      for (const auto& ev : resp.events()) {
        WatchEvent out;
        out.type =
            ev.type() == mvccpb::Event::DELETE ? WatchEvent::Type::kDelete : WatchEvent::Type::kPut;
        out.kv = FromPb(ev.kv());
        if (ev.has_prev_kv()) out.prev_kv = FromPb(ev.prev_kv());
        pending.push_back(std::move(out));
      }
      if (resp.fragment()) continue;
      sink_.OnEvents(std::move(pending), resp.header().revision());
      pending.clear();
    }
    if (end.ok()) {
      grpc::Status s = stream_->Finish();
      end = s.error_code() == grpc::StatusCode::CANCELLED ? absl::CancelledError("watch closed")
                                                          : FromGrpc(s, "watch");
      if (end.ok()) end = absl::UnavailableError("etcd watch stream ended");
    } else {
      context_.TryCancel();
      stream_->Finish();
    }
    sink_.OnClosed(end);
  }

  pb::Watch::Stub& stub_;
  WatchSink& sink_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<pb::WatchRequest, pb::WatchResponse>> stream_;
  std::mutex write_mu_;
  std::thread thread_;
};

class GrpcEtcdClient final : public EtcdClient {
 public:
  GrpcEtcdClient(std::shared_ptr<grpc::Channel> channel, std::chrono::milliseconds timeout)
      : channel_(std::move(channel)),
        kv_(pb::KV::NewStub(channel_)),
        watch_(pb::Watch::NewStub(channel_)),
        lease_(pb::Lease::NewStub(channel_)),
        timeout_(timeout) {}

  absl::StatusOr<RangeResult> Range(const std::string& key, const std::string& range_end,
                                    int64_t revision, int64_t limit, bool count_only) override {
    pb::RangeRequest req;
    req.set_key(key);
    req.set_range_end(range_end);
    req.set_revision(revision);
    req.set_limit(limit);
    req.set_count_only(count_only);
    pb::RangeResponse resp;
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    if (auto s = FromGrpc(kv_->Range(&ctx, req, &resp), "range"); !s.ok()) return s;
    RangeResult out;
    out.kvs.reserve(resp.kvs_size());
    for (const auto& kv : resp.kvs()) out.kvs.push_back(FromPb(kv));
    out.more = resp.more();
    out.count = resp.count();
    out.revision = resp.header().revision();
    return out;
  }

  absl::StatusOr<TxnResult> Create(const std::string& key, const std::string& value,
                                   int64_t lease) override {
    pb::TxnRequest req;
    auto* cmp = req.add_compare();
    cmp->set_key(key);
    cmp->set_target(pb::Compare::CREATE);
    cmp->set_result(pb::Compare::EQUAL);
    cmp->set_create_revision(0);
    AddPut(req, key, value, lease);
    AddGet(req, key);
    return RunTxn(req);
  }

  absl::StatusOr<TxnResult> CompareAndPut(const std::string& key, const std::string& value,
                                          int64_t mod_revision, int64_t lease) override {
    pb::TxnRequest req;
    AddModCompare(req, key, mod_revision);
    AddPut(req, key, value, lease);
    AddGet(req, key);
    return RunTxn(req);
  }

  absl::StatusOr<TxnResult> CompareAndDelete(const std::string& key,
                                             int64_t mod_revision) override {
    pb::TxnRequest req;
    AddModCompare(req, key, mod_revision);
    auto* del = req.add_success()->mutable_request_delete_range();
    del->set_key(key);
    AddGet(req, key);
    return RunTxn(req);
  }

  absl::StatusOr<std::unique_ptr<EtcdWatch>> Watch(const std::string& prefix,
                                                   int64_t start_revision,
                                                   WatchSink& sink) override {
    auto w = std::make_unique<GrpcWatch>(*watch_, sink);
    if (auto s = w->Begin(prefix, start_revision); !s.ok()) return s;
    return std::unique_ptr<EtcdWatch>(std::move(w));
  }

  absl::StatusOr<int64_t> GrantLease(int64_t ttl_seconds) override {
    pb::LeaseGrantRequest req;
    req.set_ttl(ttl_seconds);
    pb::LeaseGrantResponse resp;
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    if (auto s = FromGrpc(lease_->LeaseGrant(&ctx, req, &resp), "lease grant"); !s.ok()) return s;
    if (!resp.error().empty()) return absl::UnavailableError("etcd lease grant: " + resp.error());
    return resp.id();
  }

  absl::Status Compact(int64_t revision) override {
    pb::CompactionRequest req;
    req.set_revision(revision);
    req.set_physical(true);
    pb::CompactionResponse resp;
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    return FromGrpc(kv_->Compact(&ctx, req, &resp), "compact");
  }

 private:
  void SetDeadline(grpc::ClientContext& ctx) {
    ctx.set_deadline(std::chrono::system_clock::now() + timeout_);
  }
  static void AddModCompare(pb::TxnRequest& req, const std::string& key, int64_t mod_revision) {
    auto* cmp = req.add_compare();
    cmp->set_key(key);
    cmp->set_target(pb::Compare::MOD);
    cmp->set_result(pb::Compare::EQUAL);
    cmp->set_mod_revision(mod_revision);
  }
  static void AddPut(pb::TxnRequest& req, const std::string& key, const std::string& value,
                     int64_t lease) {
    auto* put = req.add_success()->mutable_request_put();
    put->set_key(key);
    put->set_value(value);
    put->set_lease(lease);
  }
  static void AddGet(pb::TxnRequest& req, const std::string& key) {
    req.add_failure()->mutable_request_range()->set_key(key);
  }

  absl::StatusOr<TxnResult> RunTxn(const pb::TxnRequest& req) {
    pb::TxnResponse resp;
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    if (auto s = FromGrpc(kv_->Txn(&ctx, req, &resp), "txn"); !s.ok()) return s;
    TxnResult out;
    out.succeeded = resp.succeeded();
    out.revision = resp.header().revision();
    if (!out.succeeded && resp.responses_size() > 0) {
      const auto& range = resp.responses(0).response_range();
      if (range.kvs_size() > 0) out.current = FromPb(range.kvs(0));
    }
    return out;
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pb::KV::Stub> kv_;
  std::unique_ptr<pb::Watch::Stub> watch_;
  std::unique_ptr<pb::Lease::Stub> lease_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

std::string PrefixEnd(const std::string& prefix) {
  std::string end = prefix;
  while (!end.empty()) {
    if (static_cast<unsigned char>(end.back()) < 0xff) {
      end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');
}

absl::StatusOr<std::unique_ptr<EtcdClient>> EtcdClient::Connect(const EtcdClientOptions& options) {
  if (options.endpoints.empty()) return absl::InvalidArgumentError("no etcd endpoints given");
  const std::string& endpoint = options.endpoints.front();
  auto target = Target(endpoint);
  if (!target.ok()) return target.status();
  auto creds = Credentials(options, endpoint);
  if (!creds.ok()) return creds.status();
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  auto channel = grpc::CreateCustomChannel(*target, *creds, args);
  return std::unique_ptr<EtcdClient>(
      std::make_unique<GrpcEtcdClient>(std::move(channel), options.timeout));
}

}  // namespace wisp::apiserver
