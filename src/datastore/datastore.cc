#include "wisp/datastore/datastore.h"

#include <grpcpp/grpcpp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>

#include "datastore/backend.h"
#include "datastore/metrics_http.h"
#include "datastore/services.h"
#include "datastore/snapshot.h"
#include "datastore/store.h"
#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/memory.h"
#include "wisp/base/strings.h"

namespace wisp::datastore {
namespace {

constexpr int kMaxRequestBytes = 1536 * 1024 + 512 * 1024;  // etcd's limit plus gRPC overhead.

struct Listener {
  std::string address;  // As gRPC wants it.
  bool tls = false;
};

absl::StatusOr<Listener> ParseUrl(const std::string& url) {
  auto strip = [&](std::string_view prefix) -> std::optional<std::string> {
    if (url.rfind(prefix, 0) == 0) return url.substr(prefix.size());
    return std::nullopt;
  };
  if (auto p = strip("unix://")) {
    if (p->empty()) return absl::InvalidArgumentError("--listen-client-urls: empty unix path");
    return Listener{"unix:" + *p, false};
  }
  if (auto p = strip("http://")) return Listener{*p, false};
  if (auto p = strip("https://")) return Listener{*p, true};
  return absl::InvalidArgumentError(
      base::StrCat("--listen-client-urls: \"", url,
                   "\" is not unix://PATH, http://HOST:PORT or https://HOST:PORT"));
}

// `text` as a JSON string literal.
std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

uint64_t StableId(const std::string& seed) {
  uint64_t id = std::hash<std::string>{}(seed);
  return id == 0 ? 1 : id;
}

class Datastore final : public component::Component {
 public:
  Datastore(DatastoreOptions options, base::Clock& clock)
      : options_(std::move(options)), clock_(clock) {}
  ~Datastore() override { (void)Stop(); }

  std::string Name() const override { return "datastore"; }

  absl::Status Init() override {
    if (options_.data_dir.empty()) return absl::InvalidArgumentError("--data-dir is required");
    if (options_.listen_client_urls.empty()) {
      return absl::InvalidArgumentError("--listen-client-urls is required");
    }
    for (const std::string& url : options_.listen_client_urls) {
      auto l = ParseUrl(url);
      if (!l.ok()) return l.status();
      listeners_.push_back(*l);
      if (l->tls && (options_.cert_file.empty() || options_.key_file.empty())) {
        return absl::InvalidArgumentError(
            base::StrCat(url, ": https needs --cert-file and --key-file"));
      }
    }
    for (const std::string& url : options_.listen_metrics_urls) {
      std::string host, port;
      if (auto s = ParseMetricsUrl(url, &host, &port); !s.ok()) return s;
    }
    if (options_.client_cert_auth && options_.trusted_ca_file.empty()) {
      return absl::InvalidArgumentError("--client-cert-auth needs --trusted-ca-file");
    }
    if (auto s = base::MakeDirs(options_.data_dir, 0700); !s.ok()) return s;
    identity_.name = options_.name;
    identity_.data_dir = options_.data_dir;
    identity_.client_urls = options_.listen_client_urls;
    identity_.cluster_id = StableId("cluster:" + options_.data_dir);
    identity_.member_id = StableId("member:" + options_.name + options_.data_dir);
    return absl::OkStatus();
  }

  // A snapshot's file is removed as soon as it is open for streaming; only
  // a crash while one was written leaves it.
  void RemoveStaleSnapshots() {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(options_.data_dir, ec)) {
      if (e.path().filename().string().rfind(kSnapshotTempPrefix, 0) == 0) {
        std::filesystem::remove(e.path(), ec);
      }
    }
  }

  absl::Status Start() override {
    base::TuneMalloc();  // Before the store and gRPC start their threads.
    StoreOptions so;
    so.db_path = DatabasePath(options_.data_dir);
    so.max_txn_ops = options_.max_txn_ops;
    so.compaction_retention = options_.compaction_retention;
    so.compaction_interval = options_.compaction_interval;
    // An idle datastore gives back the pages its last burst of work touched.
    so.on_idle = [] { (void)base::ReleaseCodePages(); };
    auto store = Store::Open(so, clock_);
    if (!store.ok()) return store.status();
    store_ = std::move(*store);
    RemoveStaleSnapshots();
    store_->Start();
    kv_ = std::make_unique<KvService>(*store_, identity_);
    watch_ = std::make_unique<WatchService>(*store_, identity_, streams_);
    lease_ = std::make_unique<LeaseService>(*store_, identity_, streams_);
    maintenance_ = std::make_unique<MaintenanceService>(*store_, identity_);
    cluster_ = std::make_unique<ClusterService>(*store_, identity_);
    auth_ = std::make_unique<AuthService>(*store_, identity_);
    if (auto s = StartServer(); !s.ok()) return s;
    if (!options_.listen_metrics_urls.empty()) {
      auto metrics = MetricsServer::Listen(options_.listen_metrics_urls,
                                           [this](const std::string& path) { return Serve(path); });
      if (!metrics.ok()) return metrics.status();
      metrics_ = *std::move(metrics);
      for (const std::string& url : options_.listen_metrics_urls) {
        base::LogInfo("datastore", base::StrCat("serving health and metrics on ", url));
      }
    }
    // Start-up code is done: let its pages go (the idle process is mostly
    // executable pages, not heap).
    if (auto released = base::ReleaseCodePages(); !released.ok()) {
      base::LogWarn("datastore", base::ToStd(released.status().message()));
    }
    return absl::OkStatus();
  }

  absl::Status Ready() const override {
    if (!server_) return absl::UnavailableError("datastore: not serving");
    return store_->Healthy();
  }

  absl::Status Stop() override {
    metrics_.reset();
    if (server_) {
      streams_.CancelAll();  // Watches and keep-alives never end on their own.
      server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
      server_->Wait();
      server_.reset();
    }
    if (store_) store_->Stop();
    return absl::OkStatus();
  }

 private:
  // The --listen-metrics-urls endpoints (metrics_http.h).
  MetricsReply Serve(const std::string& path) {
    const char* kJson = "application/json";
    absl::Status healthy = store_->Healthy();
    if (path == "/health") {
      if (healthy.ok()) return {200, kJson, "{\"health\":\"true\",\"reason\":\"\"}"};
      return {503, kJson,
              base::StrCat("{\"health\":\"false\",\"reason\":",
                           JsonString(std::string(base::ToStd(healthy.message()))), "}")};
    }
    if (path == "/livez") return {200, "text/plain; charset=utf-8", "ok\n"};
    if (path == "/readyz") {
      if (healthy.ok()) return {200, "text/plain; charset=utf-8", "ok\n"};
      return {503, "text/plain; charset=utf-8", base::StrCat(healthy.message(), "\n")};
    }
    if (path == "/metrics") {
      return {200, "text/plain; version=0.0.4; charset=utf-8", MetricsText(healthy.ok())};
    }
    return {404, "text/plain; charset=utf-8", "404 page not found\n"};
  }

  std::string MetricsText(bool ok) {
    std::string out;
    auto gauge = [&out](const std::string& sample, const char* help, const std::string& value) {
      AppendMetric(&out, sample, "gauge", help, value);
    };
    auto [size, in_use] = store_->DbSizes();
    gauge("etcd_server_has_leader", "Whether or not a leader exists. 1 is existence, 0 is not.",
          ok ? "1" : "0");
    gauge("etcd_server_is_leader", "Whether or not this member is a leader.", ok ? "1" : "0");
    gauge(base::StrCat("etcd_server_version{server_version=\"", kEtcdVersion, "\"}"),
          "Which version is running. 1 for 'server_version' label with current version.", "1");
    gauge("etcd_mvcc_db_total_size_in_bytes",
          "Total size of the underlying database physically allocated in bytes.",
          std::to_string(size));
    gauge("etcd_mvcc_db_total_size_in_use_in_bytes",
          "Total size of the underlying database logically in use in bytes.",
          std::to_string(in_use));
    gauge("etcd_debugging_mvcc_current_revision", "The current revision of store.",
          std::to_string(store_->Revision()));
    gauge("etcd_debugging_mvcc_compact_revision",
          "The revision of the last compaction in store (-1: none yet).",
          std::to_string(store_->CompactRevision() > 0 ? store_->CompactRevision() : -1));
    out += ProcessMetricsText();
    return out;
  }

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> TlsCredentials() {
    grpc::SslServerCredentialsOptions ssl(
        options_.client_cert_auth ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                  : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    auto cert = base::ReadFile(options_.cert_file);
    if (!cert.ok()) return cert.status();
    auto key = base::ReadFile(options_.key_file);
    if (!key.ok()) return key.status();
    ssl.pem_key_cert_pairs.push_back({*key, *cert});
    if (!options_.trusted_ca_file.empty()) {
      auto ca = base::ReadFile(options_.trusted_ca_file);
      if (!ca.ok()) return ca.status();
      ssl.pem_root_certs = *ca;
    }
    return grpc::SslServerCredentials(ssl);
  }

  absl::Status StartServer() {
    grpc::ServerBuilder builder;
    std::vector<int> ports(listeners_.size(), 0);
    for (size_t i = 0; i < listeners_.size(); ++i) {
      const Listener& l = listeners_[i];
      std::shared_ptr<grpc::ServerCredentials> creds = grpc::InsecureServerCredentials();
      if (l.tls) {
        auto tls = TlsCredentials();
        if (!tls.ok()) return tls.status();
        creds = *tls;
      }
      if (l.address.rfind("unix:", 0) == 0) unlink(l.address.substr(5).c_str());  // Stale socket.
      builder.AddListeningPort(l.address, creds, &ports[i]);
    }
    builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
    builder.SetMaxSendMessageSize(INT_MAX);
    // etcd clients ping every few seconds; accept that instead of GOAWAY.
    builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 5000);
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
    builder.RegisterService(kv_.get());
    builder.RegisterService(watch_.get());
    builder.RegisterService(lease_.get());
    builder.RegisterService(maintenance_.get());
    builder.RegisterService(cluster_.get());
    builder.RegisterService(auth_.get());
    server_ = builder.BuildAndStart();
    if (!server_) return absl::UnavailableError("datastore: could not start the gRPC server");
    for (size_t i = 0; i < listeners_.size(); ++i) {
      if (ports[i] == 0) {
        return absl::UnavailableError(
            base::StrCat("datastore: cannot listen on ", options_.listen_client_urls[i]));
      }
      if (listeners_[i].address.rfind("unix:", 0) == 0) {
        chmod(listeners_[i].address.substr(5).c_str(), 0600);
      }
      base::LogInfo("datastore",
                    base::StrCat("serving etcd v3 API on ", options_.listen_client_urls[i]));
    }
    return absl::OkStatus();
  }

  DatastoreOptions options_;
  base::Clock& clock_;
  std::vector<Listener> listeners_;
  Identity identity_;
  std::unique_ptr<Store> store_;
  StreamRegistry streams_;
  std::unique_ptr<KvService> kv_;
  std::unique_ptr<WatchService> watch_;
  std::unique_ptr<LeaseService> lease_;
  std::unique_ptr<MaintenanceService> maintenance_;
  std::unique_ptr<ClusterService> cluster_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<MetricsServer> metrics_;
};

}  // namespace

std::string DatabasePath(const std::string& data_dir) { return data_dir + "/state.db"; }

std::unique_ptr<component::Component> NewDatastore(DatastoreOptions options, base::Clock& clock) {
  return std::make_unique<Datastore>(std::move(options), clock);
}

}  // namespace wisp::datastore
