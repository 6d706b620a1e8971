// File: src/apiserver/router.cc
#include "apiserver/router.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "apiserver/response.h"
#include "apiserver/service_account_tokens.h"
#include "wisp/api/discovery.h"
#include "wisp/base/build_info.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

// upstream's isPrettyPrint: ?pretty=<true>, or else a browser, curl or
// wget client gets indented JSON.
bool WantsPretty(const net::HttpRequest& request) {
  if (auto it = request.query.find("pretty"); it != request.query.end() && !it->second.empty()) {
    const std::string& v = it->second;  // strconv.ParseBool's true spellings
    return v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True";
  }
  const std::string agent = request.headers.Get("User-Agent").value_or("");
  return agent.rfind("curl", 0) == 0 || agent.rfind("Wget", 0) == 0 ||
         agent.rfind("Mozilla/5.0", 0) == 0;
}

// Re-indents JSON answers two spaces deep (key order kept); streams
// (watches) are left as they are.
class PrettyResponder final : public net::Responder {
 public:
  explicit PrettyResponder(std::unique_ptr<net::Responder> inner) : inner_(std::move(inner)) {}
  void Respond(net::HttpResponse response) override {
    const std::string type = response.headers.Get("Content-Type").value_or("");
    if (type.rfind("application/json", 0) == 0 && !response.body.empty()) {
      auto doc = nlohmann::ordered_json::parse(response.body, nullptr, false);
      if (!doc.is_discarded()) {
        response.body = doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      }
    }
    inner_->Respond(std::move(response));
  }
  std::shared_ptr<net::ResponseStream> StartStream() override { return inner_->StartStream(); }
  void* TakeUpgradeSocket() override { return inner_->TakeUpgradeSocket(); }

 private:
  std::unique_ptr<net::Responder> inner_;
};

constexpr char kAggregatedType[] =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

void RespondText(net::Responder& responder, int status, std::string body) {
  net::HttpResponse resp;
  resp.status = status;
  resp.headers.Set("Content-Type", "text/plain; charset=utf-8");
  resp.headers.Set("Cache-Control", "no-cache, private");
  resp.headers.Set("X-Content-Type-Options", "nosniff");
  resp.body = std::move(body);
  responder.Respond(std::move(resp));
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

}  // namespace

Router::Router(Authenticator authn, Rest& rest, const api::Registry& registry, WorkerPool& pool,
               std::vector<HealthCheck> checks, std::function<std::string()> server_address,
               ApiMetrics* metrics)
    : authn_(std::move(authn)),
      rest_(rest),
      registry_(registry),
      pool_(pool),
      checks_(std::move(checks)),
      server_address_(std::move(server_address)),
      metrics_(metrics) {}

const std::string& Router::Cached(const std::string& key,
                                  const std::function<std::string()>& make) {
  std::lock_guard<std::mutex> lock(cache_mu_);
  auto it = doc_cache_.find(key);
  if (it == doc_cache_.end()) it = doc_cache_.emplace(key, make()).first;
  return it->second;
}

void Router::HandleRequest(net::HttpRequest request, std::unique_ptr<net::Responder> responder) {
  RequestInfo info = ParseRequestInfo(request.method, request.path, request.query);
  if (metrics_) {
    // Labels come from known values only, so no client can grow the series.
    RequestInfo labels = info;
    if (labels.is_resource && !registry_.Find(labels.group, labels.version, labels.resource)) {
      labels.group = labels.version = labels.resource = labels.subresource = labels.name = "";
    }
    labels.verb = ReportedVerb(labels, request);
    bool dry_run = false;
    for (auto [it, end] = request.query.equal_range("dryRun"); it != end; ++it) {
      dry_run = dry_run || it->second == "All";
    }
    responder = MeteredResponder(std::move(responder), *metrics_, std::move(labels), dry_run);
  }
  // (Upstream's OpenAPI and OIDC documents are served as stored.)
  if (WantsPretty(request) && request.path.rfind("/openapi/", 0) != 0 &&
      request.path.rfind("/.well-known/", 0) != 0) {
    responder = std::make_unique<PrettyResponder>(std::move(responder));
  }
  if (IsPublicPath(request.path)) {
    if (request.method != "GET" && request.method != "HEAD") {
      return RespondError(*responder, am::MethodNotAllowed("only GET is allowed"));
    }
    if (request.path == "/version") return ServeVersion(*responder);
    if (ServeHealth(request, *responder)) return;
  }
  std::optional<UserInfo> user = authn_.Authenticate(request);
  if (!user) return RespondError(*responder, am::Unauthorized());
  {
    am::ApiError error;
    auto as = Impersonate(request, *user, &error);
    if (!as.ok()) return RespondError(*responder, error);
    user = *std::move(as);
  }
  if (!info.is_resource) {
    if (request.method != "GET" && request.method != "HEAD") {
      return RespondError(*responder, am::NotFound("", "", ""));
    }
    if (request.path.rfind("/openapi/", 0) == 0) return ServeOpenApi(request, *responder);
    if (ServeIssuerDiscovery(request.path, *responder)) return;
    if (request.path == "/metrics" && metrics_) return ServeMetrics(*responder);
    return ServeDiscovery(request, *responder);
  }
  // exec, attach and port-forward act on a pod whatever the HTTP method
  // (upstream authorizes their websocket GET as create).
  bool connect =
      info.resource == "pods" && (info.subresource == "exec" || info.subresource == "attach" ||
                                  info.subresource == "portforward");
  if ((IsWriteVerb(info.verb) || connect) && !MayWrite(*user) &&
      !IsSelfReview(info.group, info.resource)) {
    return Forbid(info, *user, *responder);
  }
  // Resource requests may wait on etcd: run them off the io thread.
  auto shared = std::make_shared<
      std::tuple<RequestInfo, UserInfo, net::HttpRequest, std::unique_ptr<net::Responder>>>(
      std::move(info), std::move(*user), std::move(request), std::move(responder));
  bool queued = pool_.Post([this, shared] {
    auto& [i, u, r, resp] = *shared;
    rest_.Serve(i, u, std::move(r), std::move(resp));
  });
  if (!queued) {
    auto& resp = std::get<3>(*shared);
    RespondError(*resp, am::TooManyRequests("Too many requests, please try again later.", 1));
  }
}

void Router::Forbid(const RequestInfo& info, const UserInfo& user, net::Responder& responder) {
  std::string resource = info.resource;
  if (!info.subresource.empty()) resource = base::StrCat(resource, "/", info.subresource);
  std::string why = base::StrCat("User \"", user.name, "\" cannot ", info.verb, " resource \"",
                                 resource, "\" in API group \"", info.group, "\"");
  if (!info.namespace_.empty()) {
    why += base::StrCat(" in the namespace \"", info.namespace_, "\"");
  } else {
    why += " at the cluster scope";
  }
  RespondError(responder, am::Forbidden(info.group, info.resource, info.name, why));
}

void Router::ServeVersion(net::Responder& responder) {
  const base::BuildInfo& b = base::GetBuildInfo();
  std::string gv(b.kubernetes_version);  // "v1.32.0"
  std::string major, minor;
  size_t dot = gv.find('.');
  if (dot != std::string::npos) {
    major = gv.substr(1, dot - 1);
    size_t dot2 = gv.find('.', dot + 1);
    minor = gv.substr(dot + 1, dot2 == std::string::npos ? std::string::npos : dot2 - dot - 1);
  }
  json v = {{"major", major},
            {"minor", minor},
            {"gitVersion", gv},
            {"gitCommit", std::string(b.git_commit)},
            {"gitTreeState", "clean"},
            {"buildDate", std::string(b.build_date)},
            {"goVersion", "none (wisp " + std::string(b.version) + ", C++)"},
            {"compiler", "gcc"},
            {"platform", "linux/amd64"}};
#if defined(__aarch64__)
  v["platform"] = "linux/arm64";
#elif defined(__arm__)
  v["platform"] = "linux/arm";
#endif
  RespondJson(responder, 200, v.dump(2));
}

bool Router::ServeHealth(const net::HttpRequest& request, net::Responder& responder) {
  std::vector<std::string> parts = SplitPath(request.path);
  if (parts.empty()) return false;
  const std::string& endpoint = parts[0];
  if (endpoint != "healthz" && endpoint != "livez" && endpoint != "readyz") return false;
  bool liveness = endpoint == "livez";
  std::vector<std::pair<std::string, absl::Status>> results;
  results.emplace_back("ping", absl::OkStatus());
  for (const HealthCheck& c : checks_) {
    if (liveness && !c.for_liveness) continue;
    results.emplace_back(c.name, c.check());
  }
  if (parts.size() > 1) {
    // One check by name; names may hold '/' (poststarthook/...).
    std::string wanted = parts[1];
    for (size_t i = 2; i < parts.size(); ++i) wanted += "/" + parts[i];
    for (const auto& [name, status] : results) {
      if (name == wanted) {
        if (status.ok()) {
          RespondText(responder, 200, "ok");
        } else {
          RespondText(responder, 500,
                      base::StrCat("internal server error: ", base::ToStd(status.message())));
        }
        return true;
      }
    }
    RespondError(responder, am::NotFound("", "", ""));
    return true;
  }
  // ?exclude=<check> (repeatable) leaves checks out of the verdict.
  std::set<std::string> excluded;
  auto [from, to] = request.query.equal_range("exclude");
  for (auto it = from; it != to; ++it) excluded.insert(it->second);
  bool ok = true;
  std::string verbose;
  for (const auto& [name, status] : results) {
    if (excluded.erase(name) > 0) {
      verbose += base::StrCat("[+]", name, " excluded: ok\n");
      continue;
    }
    ok = ok && status.ok();
    verbose += status.ok() ? base::StrCat("[+]", name, " ok\n")
                           : base::StrCat("[-]", name, " failed: reason withheld\n");
  }
  if (!excluded.empty()) {
    std::string names;
    for (const std::string& e : excluded) {
      names += base::StrCat(names.empty() ? "" : ",", "\"", e, "\"");
    }
    verbose +=
        base::StrCat("warn: some health checks cannot be excluded: no matches for ", names, "\n");
  }
  auto v = request.query.find("verbose");
  if (ok && v == request.query.end()) {
    RespondText(responder, 200, "ok");
    return true;
  }
  verbose += base::StrCat(endpoint, ok ? " check passed\n" : " check failed\n");
  RespondText(responder, ok ? 200 : 500, verbose);
  return true;
}

void Router::ServeMetrics(net::Responder& responder) {
  std::vector<std::pair<std::string, int64_t>> objects;
  std::set<const ResourceCache*> seen;
  for (const ResourceContext& rc : rest_.Contexts()) {
    if (!rc.cache || !seen.insert(rc.cache).second) continue;
    const std::string& group = rc.info->group;
    objects.emplace_back(group.empty() ? rc.info->plural : rc.info->plural + "." + group,
                         static_cast<int64_t>(rc.cache->Size()));
  }
  std::sort(objects.begin(), objects.end());
  net::HttpResponse resp;
  resp.status = 200;
  resp.headers.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  resp.body = metrics_->Render(objects);
  responder.Respond(std::move(resp));
}

// The service-account issuer's OIDC discovery documents (upstream
// pkg/routes/openidmetadata.go), for authenticated clients.
bool Router::ServeIssuerDiscovery(const std::string& path, net::Responder& responder) {
  const ServiceAccountTokens* tokens = rest_.tokens();
  const bool config = path == "/.well-known/openid-configuration";
  if (!tokens || (!config && path != "/openid/v1/jwks")) return false;
  net::HttpResponse resp;
  resp.status = 200;
  resp.headers.Set("Content-Type", config ? "application/json" : "application/jwk-set+json");
  resp.headers.Set("Cache-Control", "public, max-age=3600");
  resp.body = config ? tokens->OpenIdConfiguration() : tokens->Jwks();
  responder.Respond(std::move(resp));
  return true;
}

void Router::ServeDiscovery(const net::HttpRequest& request, net::Responder& responder) {
  std::vector<std::string> parts = SplitPath(request.path);
  std::string accept = request.headers.Get("Accept").value_or("");
  bool aggregated = accept.find("as=APIGroupDiscoveryList") != std::string::npos &&
                    accept.find("v=v2") != std::string::npos;
  auto reply = [&](const std::string& body, std::string_view type) {
    net::HttpResponse resp;
    resp.status = 200;
    resp.headers.Set("Content-Type", std::string(type));
    resp.headers.Set("Vary", "Accept");
    resp.headers.Set("Cache-Control", "no-cache, private");
    resp.body = body;
    responder.Respond(std::move(resp));
  };
  if (parts.size() == 1 && parts[0] == "api") {
    if (aggregated) {
      return reply(
          Cached("agg-core", [&] { return api::AggregatedDiscoveryJson(registry_, true); }),
          kAggregatedType);
    }
    return reply(Cached("api", [&] { return api::ApiVersionsJson(registry_, server_address_()); }),
                 "application/json");
  }
  if (parts.size() == 1 && parts[0] == "apis") {
    if (aggregated) {
      return reply(
          Cached("agg-apis", [&] { return api::AggregatedDiscoveryJson(registry_, false); }),
          kAggregatedType);
    }
    return reply(Cached("apis", [&] { return api::ApiGroupListJson(registry_); }),
                 "application/json");
  }
  if (parts.size() == 2 && parts[0] == "api") {
    for (const auto& g : registry_.Groups()) {
      if (g.name.empty()) {
        for (const auto& v : g.versions) {
          if (v == parts[1]) {
            return reply(
                Cached("api/" + v, [&] { return api::ApiResourceListJson(registry_, "", v); }),
                "application/json");
          }
        }
      }
    }
  }
  if (parts.size() == 2 && parts[0] == "apis") {
    for (const auto& g : registry_.Groups()) {
      if (g.name != parts[1]) continue;
      json group = {{"kind", "APIGroup"}, {"apiVersion", "v1"}, {"name", g.name}};
      json versions = json::array();
      for (const auto& v : g.versions) {
        versions.push_back({{"groupVersion", g.name + "/" + v}, {"version", v}});
      }
      group["versions"] = versions;
      group["preferredVersion"] = {{"groupVersion", g.name + "/" + g.preferred_version},
                                   {"version", g.preferred_version}};
      return reply(group.dump(), "application/json");
    }
  }
  if (parts.size() == 3 && parts[0] == "apis") {
    for (const auto& g : registry_.Groups()) {
      if (g.name != parts[1]) continue;
      for (const auto& v : g.versions) {
        if (v != parts[2]) continue;
        return reply(
            Cached(request.path, [&] { return api::ApiResourceListJson(registry_, g.name, v); }),
            "application/json");
      }
    }
  }
  RespondError(responder, am::NotFound("", "", ""));
}

void Router::ServeOpenApi(const net::HttpRequest& request, net::Responder& responder) {
  std::vector<std::string> parts = SplitPath(request.path);  // openapi v3 [api v1 | apis g v]
  if (parts.size() == 2 && parts[1] == "v2") {
    // client-go asks for gnostic's protobuf; browsers and curl get JSON.
    bool proto = request.headers.Get("Accept").value_or("").find("protobuf") != std::string::npos;
    net::HttpResponse resp;
    resp.status = 200;
    resp.headers.Set("Content-Type", proto ? std::string(api::kOpenApiV2ProtobufContentType)
                                           : std::string("application/json"));
    resp.body = proto ? Cached("openapi-v2-pb", [&] { return api::OpenApiV2Protobuf(registry_); })
                      : Cached("openapi-v2", [&] { return api::OpenApiV2Json(registry_); });
    return responder.Respond(std::move(resp));
  }
  if (parts.size() < 2 || parts[1] != "v3")
    return RespondError(responder, am::NotFound("", "", ""));
  auto reply = [&](const std::string& body) {
    net::HttpResponse resp;
    resp.status = 200;
    resp.headers.Set("Content-Type", "application/json");
    resp.headers.Set("Cache-Control",
                     request.query.count("hash") ? "public, immutable" : "no-cache, private");
    resp.body = body;
    responder.Respond(std::move(resp));
  };
  if (parts.size() == 2) {
    return reply(Cached("openapi-root", [&] { return api::OpenApiV3RootJson(registry_); }));
  }
  std::string group, version;
  if (parts.size() == 4 && parts[2] == "api") {
    version = parts[3];
  } else if (parts.size() == 5 && parts[2] == "apis") {
    group = parts[3];
    version = parts[4];
  } else {
    return RespondError(responder, am::NotFound("", "", ""));
  }
  for (const auto& g : registry_.Groups()) {
    if (g.name != group) continue;
    for (const auto& v : g.versions) {
      if (v == version) {
        return reply(Cached("openapi/" + group + "/" + version,
                            [&] { return api::OpenApiV3DocumentJson(registry_, group, version); }));
      }
    }
  }
  RespondError(responder, am::NotFound("", "", ""));
}

}  // namespace wisp::apiserver
