// File: src/apiserver/apiserver.cc
//
// Wiring of the API server: etcd client → watch cache → REST storage →
// router → HTTPS server, plus one housekeeping thread (watch progress for
// bookmarks and consistent reads, namespace finalization) and the garbage
// collector's thread (garbage_collector.h).
#include "wisp/apiserver/apiserver.h"

#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "apiserver/authn.h"
#include "apiserver/bootstrap.h"
#include "apiserver/compactor.h"
#include "apiserver/csr_signer.h"
#include "apiserver/etcd_client.h"
#include "apiserver/garbage_collector.h"
#include "apiserver/namespace_finalizer.h"
#include "apiserver/resource_quota.h"
#include "apiserver/response.h"
#include "apiserver/rest.h"
#include "apiserver/router.h"
#include "apiserver/service_account_tokens.h"
#include "apiserver/service_allocator.h"
#include "apiserver/token_secrets.h"
#include "apiserver/volume_protection.h"
#include "apiserver/watch_cache.h"
#include "apiserver/worker_pool.h"
#include "wisp/api/registry.h"
#include "wisp/base/files.h"
#include "wisp/base/log.h"
#include "wisp/base/memory.h"
#include "wisp/base/strings.h"
#include "wisp/net/https_server.h"
#include "wisp/strategies/strategy.h"

namespace wisp::apiserver {
namespace {

constexpr char kLog[] = "apiserver";

absl::Status RequireFile(const std::string& path, std::string_view flag) {
  if (path.empty()) return absl::InvalidArgumentError(base::StrCat(flag, " is required"));
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    return absl::NotFoundError(base::StrCat(flag, " ", path, ": no such file"));
  }
  return absl::OkStatus();
}

class ApiServer final : public component::Component {
 public:
  explicit ApiServer(ApiServerOptions options) : options_(std::move(options)) {}
  ~ApiServer() override { Stop().IgnoreError(); }

  std::string Name() const override { return "apiserver"; }

  absl::Status Init() override {
    if (auto s = RequireFile(options_.tls_cert_file, "--tls-cert-file"); !s.ok()) return s;
    if (auto s = RequireFile(options_.tls_key_file, "--tls-private-key-file"); !s.ok()) return s;
    if (auto s = RequireFile(options_.client_ca_file, "--client-ca-file"); !s.ok()) return s;
    if (options_.etcd_servers.empty()) {
      return absl::InvalidArgumentError("--etcd-servers is required");
    }
    auto authn = Authenticator::Load(options_.token_auth_file);
    if (!authn.ok()) return authn.status();
    authn_ = *std::move(authn);
    return absl::OkStatus();
  }

  absl::Status Start() override {
    EtcdClientOptions eo;
    eo.endpoints = options_.etcd_servers;
    eo.ca_file = options_.etcd_ca_file;
    eo.cert_file = options_.etcd_cert_file;
    eo.key_file = options_.etcd_key_file;
    auto etcd = EtcdClient::Connect(eo);
    if (!etcd.ok()) return etcd.status();
    etcd_ = *std::move(etcd);
    registry_ = api::NewBuiltInRegistry();
    strategies_ = strategies::NewStrategyTable();
    auto services =
        ServiceAllocator::Create(*etcd_, options_.service_cidr, options_.node_port_range);
    if (!services.ok()) return services.status();
    services_ = *std::move(services);
    caches_ = std::make_unique<WatchCacheSet>(*etcd_);
    rest_ = std::make_unique<Rest>(*etcd_, *caches_, *registry_, *strategies_, services_.get());
    rest_->RegisterCaches();
    gc_ = std::make_unique<GarbageCollector>(*rest_, *caches_);
    rest_->SetDeletionListener([gc = gc_.get()](int64_t revision) { gc->Notify(revision); });
    rest_->SetEventTtl(options_.event_ttl);
    if (auto s = LoadServiceAccountTokens(); !s.ok()) return s;
    if (auto s = caches_->Start(); !s.ok()) return s;
    if (auto s = services_->Repair(); !s.ok()) return s;
    gc_->Start();
    if (options_.etcd_compaction_interval.count() > 0) {
      compactor_ = std::make_unique<Compactor>(*etcd_, options_.etcd_compaction_interval);
      compactor_->Start();
    }

    pool_ = std::make_unique<WorkerPool>(options_.workers, 4096);
    std::vector<HealthCheck> checks;
    checks.push_back({"etcd", [this] { return caches_->Healthy(); }, true});
    checks.push_back({"poststarthook/bootstrap-controller",
                      [this] {
                        std::lock_guard<std::mutex> lock(mu_);
                        return bootstrapped_ ? absl::OkStatus() : absl::UnavailableError("not yet");
                      },
                      false});
    router_ = std::make_unique<Router>(
        authn_, *rest_, *registry_, *pool_, std::move(checks),
        [this] { return base::StrCat(options_.advertise_address, ":", advertise_port_.load()); },
        &metrics_);
    net::HttpsServerOptions ho;
    ho.name = "apiserver";
    ho.listen = options_.listen;
    ho.cert_file = options_.tls_cert_file;
    ho.key_file = options_.tls_key_file;
    ho.client_ca_file = options_.client_ca_file;
    ho.io_threads = 2;
    // Watches stay open for up to an hour; the server-side watch timeout
    // ends them, not the idle timer.
    ho.write_timeout = std::chrono::seconds(60);
    ho.reject_response = [limit = ho.max_body_bytes](int status, std::string_view reason) {
      return RejectResponse(status, reason, limit);
    };
    https_ = std::make_unique<net::HttpsServer>(ho, *router_);
    if (auto s = https_->Init(); !s.ok()) return s;
    if (auto s = https_->Start(); !s.ok()) return s;
    int port = options_.advertise_port;
    if (port == 0 && !https_->BoundPorts().empty()) port = https_->BoundPorts().front();
    advertise_port_ = port;
    auto ca = base::ReadFile(options_.client_ca_file);
    if (!ca.ok()) return ca.status();
    root_ca_pem_ = *std::move(ca);
    if (!options_.cluster_signing_cert_file.empty() || !options_.cluster_signing_key_file.empty()) {
      auto cert = base::ReadFile(options_.cluster_signing_cert_file);
      if (!cert.ok()) return cert.status();
      auto key = base::ReadFile(options_.cluster_signing_key_file);
      if (!key.ok()) return key.status();
      auto signer = tls::CertificateAuthority::Load(*cert, *key);
      if (!signer.ok()) {
        return absl::InvalidArgumentError(base::StrCat(
            "--cluster-signing-cert-file/--cluster-signing-key-file: ", signer.status().message()));
      }
      signer_ = std::make_unique<tls::CertificateAuthority>(*std::move(signer));
    }
    housekeeper_ = std::thread([this] { Housekeeping(); });
    return absl::OkStatus();
  }

  absl::Status Ready() const override {
    if (!https_) return absl::UnavailableError("not started");
    if (auto s = https_->Ready(); !s.ok()) return s;
    if (auto s = caches_->Healthy(); !s.ok()) return s;
    std::lock_guard<std::mutex> lock(mu_);
    return bootstrapped_ ? absl::OkStatus() : absl::UnavailableError("bootstrapping");
  }

  absl::Status Stop() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopped_) return absl::OkStatus();
      stopped_ = true;
    }
    cv_.notify_all();
    if (housekeeper_.joinable()) housekeeper_.join();
    compactor_.reset();
    if (gc_) gc_->Stop();
    if (caches_) caches_->Stop();  // ends watches so the server can drain
    if (https_) https_->Stop().IgnoreError();
    if (pool_) pool_->Stop();
    return absl::OkStatus();
  }

 private:
  template <typename Task>
  static void Guarded(const char* what, Task task) {
    try {
      if (absl::Status s = task(); !s.ok()) {
        base::LogWarn(kLog, base::StrCat(what, ": ", base::ToStd(s.message())));
      }
    } catch (const std::exception& e) {
      base::LogWarn(kLog, base::StrCat(what, ": ", e.what()));
    }
  }

  void Housekeeping() {
    auto next_bootstrap = std::chrono::steady_clock::now();
    auto next_trim = next_bootstrap + std::chrono::seconds(5);
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopped_) {
      lock.unlock();
      caches_->RequestProgress();
      auto now = std::chrono::steady_clock::now();
      if (now >= next_bootstrap) {
        absl::Status s;
        try {
          s = BootstrapCluster(*rest_, *services_, options_.advertise_address,
                               advertise_port_.load());
        } catch (const std::exception& e) {
          s = absl::InternalError(e.what());
        }
        if (s.ok()) {
          std::lock_guard<std::mutex> l(mu_);
          if (!bootstrapped_) base::LogInfo(kLog, "bootstrap done: system namespaces and services");
          bootstrapped_ = true;
          // Upstream reconciles the kubernetes Service and its endpoints
          // every 10 s.
          next_bootstrap = now + std::chrono::seconds(10);
        } else {
          base::LogWarn(kLog, base::StrCat("bootstrap: ", base::ToStd(s.message())));
          next_bootstrap = now + std::chrono::seconds(1);
        }
      }
      if (now >= next_trim) {
        // Start-up code and freed heap need not stay resident (base/memory.h).
        (void)base::ReleaseCodePages();
        next_trim = now + std::chrono::seconds(60);
      }
      // A stored object shaped in a way no check foresaw must not end the
      // process (a throw would, on this thread): each task is guarded.
      if (bootstrapped_) {
        Guarded("namespace defaults",
                [&] { return PublishNamespaceDefaults(*rest_, root_ca_pem_); });
        if (signer_) Guarded("csr signer", [&] { return SignApprovedCsrs(*rest_, *signer_); });
        Guarded("volume protection", [&] { return ReleaseProtectedVolumes(*rest_); });
        Guarded("resource quotas", [&] { return SyncResourceQuotas(*rest_); });
        if (sa_tokens_) {
          Guarded("token secrets", [&] {
            return FillServiceAccountTokenSecrets(*rest_, *sa_tokens_, root_ca_pem_);
          });
        }
      }
      Guarded("namespace finalizer", [&] { return FinalizeNamespaces(*rest_).status(); });
      lock.lock();
      cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopped_; });
    }
  }

  ApiServerOptions options_;
  std::string root_ca_pem_;  // published in each namespace's kube-root-ca.crt
  std::unique_ptr<tls::CertificateAuthority> signer_;  // signs approved client CSRs
  // --service-account-*: TokenRequest and service-account authentication.
  absl::Status LoadServiceAccountTokens() {
    // TokenReviews are answered as the authenticator would (static tokens too).
    rest_->SetTokenAuthenticator(
        [this](std::string_view token, std::vector<std::string>* auds, std::string* error) {
          return authn_.AuthenticateToken(token, auds, error);
        });
    if (options_.service_account_key_files.empty()) {
      if (!options_.service_account_signing_key_file.empty()) {
        return absl::InvalidArgumentError(
            "--service-account-signing-key-file needs --service-account-key-file");
      }
      return absl::OkStatus();
    }
    std::vector<std::string> pems;
    for (const std::string& file : options_.service_account_key_files) {
      auto pem = base::ReadFile(file);
      if (!pem.ok()) return pem.status();
      pems.push_back(*std::move(pem));
    }
    std::string signing;
    if (!options_.service_account_signing_key_file.empty()) {
      auto pem = base::ReadFile(options_.service_account_signing_key_file);
      if (!pem.ok()) return pem.status();
      signing = *std::move(pem);
    }
    if (options_.service_account_issuer.rfind("https://", 0) != 0) {
      return absl::InvalidArgumentError("--service-account-issuer must be an https URL");
    }
    auto tokens = ServiceAccountTokens::Create(signing, pems, options_.service_account_issuer,
                                               options_.api_audiences);
    if (!tokens.ok()) {
      return absl::InvalidArgumentError(
          base::StrCat("service-account keys: ", tokens.status().message()));
    }
    sa_tokens_ = *std::move(tokens);
    rest_->SetServiceAccountTokens(sa_tokens_.get());
    authn_.EnableServiceAccountTokens(
        sa_tokens_.get(), [rest = rest_.get()](const TokenClaims& c, std::string_view token) {
          return rest->CheckTokenObjects(c, token);
        });
    return absl::OkStatus();
  }

  Authenticator authn_;
  std::unique_ptr<ServiceAccountTokens> sa_tokens_;
  ApiMetrics metrics_;
  std::unique_ptr<EtcdClient> etcd_;
  std::unique_ptr<api::Registry> registry_;
  std::unique_ptr<strategies::StrategyTable> strategies_;
  std::unique_ptr<ServiceAllocator> services_;
  std::unique_ptr<WatchCacheSet> caches_;
  std::unique_ptr<Rest> rest_;
  std::unique_ptr<GarbageCollector> gc_;
  std::unique_ptr<Compactor> compactor_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<net::HttpsServer> https_;
  std::atomic<int> advertise_port_{0};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
  bool bootstrapped_ = false;
  std::thread housekeeper_;
};

}  // namespace

std::unique_ptr<component::Component> NewApiServer(ApiServerOptions options) {
  return std::make_unique<ApiServer>(std::move(options));
}

}  // namespace wisp::apiserver
