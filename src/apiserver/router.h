// File: src/apiserver/router.h (private to the apiserver)
//
// The API server's HttpHandler. On the io thread it authenticates, answers
// the cheap non-resource endpoints from precomputed bytes (/version, health,
// discovery, OpenAPI) and hands resource requests to the worker pool:
//
//   request ─► authn ─┬─ public path ─► /healthz /livez /readyz /version
//                     ├─ anonymous ──► 401
//                     ├─ non-resource ─► discovery / openapi (cached)
//                     └─ resource ─► authz (writes: system:masters) ─► pool ─► Rest
//
// Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "apiserver/authn.h"
#include "apiserver/metrics.h"
#include "apiserver/rest.h"
#include "apiserver/worker_pool.h"
#include "wisp/api/registry.h"
#include "wisp/net/http.h"

namespace wisp::apiserver {

// A named readiness/liveness check.
struct HealthCheck {
  std::string name;
  std::function<absl::Status()> check;
  bool for_liveness = false;
};

class Router : public net::HttpHandler {
 public:
  // `metrics` (may be null) observes every request and is served at /metrics.
  Router(Authenticator authn, Rest& rest, const api::Registry& registry, WorkerPool& pool,
         std::vector<HealthCheck> checks, std::function<std::string()> server_address,
         ApiMetrics* metrics = nullptr);

  void HandleRequest(net::HttpRequest request, std::unique_ptr<net::Responder> responder) override;

 private:
  bool ServeHealth(const net::HttpRequest& request, net::Responder& responder);
  void ServeVersion(net::Responder& responder);
  void ServeMetrics(net::Responder& responder);
  bool ServeIssuerDiscovery(const std::string& path, net::Responder& responder);
  void ServeDiscovery(const net::HttpRequest& request, net::Responder& responder);
  void ServeOpenApi(const net::HttpRequest& request, net::Responder& responder);
  void Forbid(const RequestInfo& info, const UserInfo& user, net::Responder& responder);

  const Authenticator authn_;
  Rest& rest_;
  const api::Registry& registry_;
  WorkerPool& pool_;
  const std::vector<HealthCheck> checks_;
  // host:port clients reach the API at (discovery's
  // serverAddressByClientCIDRs), asked for when /api is first served.
  const std::function<std::string()> server_address_;
  ApiMetrics* const metrics_;

  // Discovery and OpenAPI documents, computed on first use.
  std::mutex cache_mu_;
  std::map<std::string, std::string> doc_cache_;
  const std::string& Cached(const std::string& key, const std::function<std::string()>& make);
};

}  // namespace wisp::apiserver
