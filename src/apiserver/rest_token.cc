// File: src/apiserver/rest_token.cc
//
// POST serviceaccounts/<name>/token: the TokenRequest API (upstream
// pkg/registry/core/serviceaccount/storage/token.go). Issues a JWT for the
// service account, optionally bound to a Pod, Secret or Node so that it
// stops working when that object goes away (Authenticator checks it).
// Nothing is stored.
#include <optional>

#include "absl/strings/escaping.h"
#include "apiserver/response.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "apiserver/service_account_tokens.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

constexpr int64_t kDefaultExpirationSeconds = 3600;
constexpr int64_t kMinExpirationSeconds = 600;
constexpr int64_t kMaxExpirationSeconds = int64_t{1} << 32;
// What kubelets ask for; such pod-bound tokens get a year and a warnafter
// (upstream --service-account-extend-token-expiration, default on).
constexpr int64_t kWarnOnlyExpirationSeconds = 3607;
constexpr int64_t kExtendedExpirationSeconds = 365 * 24 * 3600;

am::ApiError TokenInvalid(std::vector<am::Cause> causes) {
  return am::Invalid("authentication.k8s.io", "TokenRequest", "", std::move(causes));
}

}  // namespace

void Rest::SetServiceAccountTokens(const ServiceAccountTokens* tokens) { tokens_ = tokens; }

void Rest::RequestToken(Call& call) {
  if (!tokens_ || !tokens_->CanIssue()) {
    return ReplyError(call, am::NotFound("", "serviceaccounts/token", call.info.name));
  }
  am::ApiError error;
  auto body = DecodeBody(call.http, &error, &registry_);
  if (!body.ok()) return ReplyError(call, error);
  json req = *std::move(body);
  if (!req.is_object()) return ReplyError(call, am::BadRequest("the body must be a JSON object"));
  if (std::string kind = StrField(req, "kind"); !kind.empty() && kind != "TokenRequest") {
    return ReplyError(
        call, am::BadRequest(base::StrCat("the object provided is unrecognized (must be of type "
                                          "TokenRequest): unexpected kind \"",
                                          kind, "\"")));
  }
  const std::string& ns = call.info.namespace_;
  const std::string& name = call.info.name;
  json meta = ObjField(req, "metadata");
  std::vector<am::Cause> causes;
  if (std::string n = StrField(meta, "name"); !n.empty() && n != name) {
    causes.push_back(
        am::FieldInvalid("metadata.name", n, "must match the service account name if specified"));
  }
  if (std::string n = StrField(meta, "namespace"); !n.empty() && n != ns) {
    causes.push_back(am::FieldInvalid("metadata.namespace", n,
                                      "must match the service account namespace if specified"));
  }
  if (!causes.empty()) {
    return ReplyError(call, am::Invalid("authentication.k8s.io", "TokenRequest", name, causes));
  }
  auto sa = GetStored(*call.rc, ns, name);
  if (!sa.ok()) return ReplyError(call, ReadError(call, sa.status()));

  json spec = ObjField(req, "spec");
  std::vector<std::string> audiences;
  for (const json& a : ArrField(spec, "audiences")) {
    if (a.is_string()) audiences.push_back(a.get<std::string>());
  }
  if (audiences.empty()) audiences = tokens_->audiences();
  int64_t seconds = IntField(spec, "expirationSeconds", kDefaultExpirationSeconds);
  if (seconds < kMinExpirationSeconds) {
    causes.push_back(am::FieldInvalid("spec.expirationSeconds", seconds,
                                      "may not specify a duration less than 10 minutes"));
  } else if (seconds > kMaxExpirationSeconds) {
    causes.push_back(am::FieldInvalid("spec.expirationSeconds", seconds,
                                      "may not specify a duration larger than 2^32 seconds"));
  }
  if (!causes.empty()) return ReplyError(call, TokenInvalid(causes));

  TokenClaims claims;
  claims.namespace_ = ns;
  claims.service_account = {name, StrField(ObjField(sa->object, "metadata"), "uid")};
  claims.audiences = audiences;
  const json ref = ObjField(spec, "boundObjectRef");
  if (!ref.empty() && !BindToken(call, ref, &claims)) return;

  const auto now = std::chrono::system_clock::now();
  const int64_t now_unix =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  claims.issued_at = now_unix;
  claims.expires_at = now_unix + seconds;
  bool api_audiences_only = true;
  for (const std::string& a : audiences) {
    const auto& api = tokens_->audiences();
    api_audiences_only = api_audiences_only && std::find(api.begin(), api.end(), a) != api.end();
  }
  if (claims.pod && seconds == kWarnOnlyExpirationSeconds && api_audiences_only) {
    claims.expires_at = now_unix + kExtendedExpirationSeconds;
    claims.warn_after = now_unix + seconds;
  }
  claims.jti = NewUid();
  auto token = tokens_->Issue(claims);
  if (!token.ok()) {
    return ReplyError(call, am::InternalError(base::StrCat("failed to generate token: ",
                                                           token.status().message())));
  }
  json out = {
      {"kind", "TokenRequest"},
      {"apiVersion", "authentication.k8s.io/v1"},
      {"metadata", {{"name", name}, {"namespace", ns}, {"creationTimestamp", Rfc3339(now)}}},
      {"spec",
       {{"audiences", audiences},
        {"expirationSeconds", seconds},
        {"boundObjectRef", ref.empty() ? json(nullptr) : ref}}},
      {"status",
       {{"token", *token}, {"expirationTimestamp", Rfc3339(now + std::chrono::seconds(seconds))}}}};
  Reply(call, 201, out);
}

bool Rest::BindToken(Call& call, const json& ref, TokenClaims* claims) {
  const std::string kind = StrField(ref, "kind");
  const std::string api_version = StrField(ref, "apiVersion");
  const std::string ref_name = StrField(ref, "name");
  if ((kind != "Pod" && kind != "Secret" && kind != "Node") ||
      (api_version != "v1" && !api_version.empty())) {
    std::string gv = api_version.find('/') == std::string::npos ? "/" + api_version : api_version;
    ReplyError(call, am::BadRequest(base::StrCat("cannot bind token to object of type ", gv,
                                                 ", Kind=", kind)));
    return false;
  }
  const std::string plural = kind == "Pod" ? "pods" : kind == "Secret" ? "secrets" : "nodes";
  const ResourceContext* rc = Context("", plural);
  if (!rc) {
    ReplyError(call, am::InternalError("no storage for " + plural));
    return false;
  }
  const std::string ns = kind == "Node" ? "" : call.info.namespace_;
  auto target = GetStored(*rc, ns, ref_name);
  if (!target.ok()) {
    ReplyError(call, absl::IsNotFound(target.status()) ? am::NotFound("", plural, ref_name)
                                                       : InternalToApiError(target.status()));
    return false;
  }
  const std::string uid = StrField(ObjField(target->object, "metadata"), "uid");
  if (std::string want = StrField(ref, "uid"); !want.empty() && want != uid) {
    ReplyError(call, am::Conflict("", kind, ref_name,
                                  base::StrCat("the UID in the bound object reference (", want,
                                               ") does not match the UID in record. The object "
                                               "might have been deleted and then recreated")));
    return false;
  }
  TokenObjectRef bound{ref_name, uid};
  if (kind == "Secret") claims->secret = bound;
  if (kind == "Node") claims->node = bound;
  if (kind == "Pod") {
    const json& pod_spec = ObjField(target->object, "spec");
    if (StrField(pod_spec, "serviceAccountName") != call.info.name) {
      ReplyError(call, am::BadRequest(
                           base::StrCat("cannot bind token for serviceaccount \"", call.info.name,
                                        "\" to pod running with different serviceaccount name.")));
      return false;
    }
    claims->pod = bound;
    if (std::string node = StrField(pod_spec, "nodeName"); !node.empty()) {
      TokenObjectRef n{node, ""};
      if (const ResourceContext* nodes = Context("", "nodes")) {
        if (auto got = GetStored(*nodes, "", node); got.ok()) {
          n.uid = StrField(ObjField(got->object, "metadata"), "uid");
        }
      }
      claims->node = n;
    }
  }
  return true;
}

}  // namespace wisp::apiserver

namespace wisp::apiserver {
namespace {

// An object of the watch cache that is live (not being deleted), or nullptr.
std::optional<json> LiveObject(const ResourceContext* rc, const std::string& key) {
  if (!rc) return std::nullopt;
  ObjectPtr cached = rc->cache->Get(key);
  if (!cached) return std::nullopt;
  json obj = json::parse(cached->json, nullptr, false);
  if (!obj.is_object()) return std::nullopt;
  // Deleted once its deletion time is more than the leeway past (upstream):
  // a terminating pod keeps its API access through its grace period.
  const std::string deleted = StrField(ObjField(obj, "metadata"), "deletionTimestamp");
  if (!deleted.empty()) {
    auto when = ParseRfc3339(deleted);
    if (!when || *when < std::chrono::system_clock::now() - std::chrono::seconds(60)) {
      return std::nullopt;
    }
  }
  return obj;
}

std::string UidOf(const json& obj) { return StrField(ObjField(obj, "metadata"), "uid"); }

}  // namespace

absl::Status Rest::CheckTokenObjects(const TokenClaims& c, std::string_view token) const {
  const ResourceContext* sas = Context("", "serviceaccounts");
  auto sa = sas ? LiveObject(sas, Key(*sas, c.namespace_, c.service_account.name)) : std::nullopt;
  if (!sa) {
    return absl::UnauthenticatedError(base::StrCat("service account ", c.namespace_, "/",
                                                   c.service_account.name, " has been deleted"));
  }
  if (UidOf(*sa) != c.service_account.uid) {
    return absl::UnauthenticatedError(base::StrCat("service account UID (", UidOf(*sa),
                                                   ") does not match claim (",
                                                   c.service_account.uid, ")"));
  }
  auto check = [&](const std::optional<TokenObjectRef>& ref, const char* plural,
                   const std::string& ns, const char* what) -> absl::Status {
    if (!ref) return absl::OkStatus();
    const ResourceContext* rc = Context("", plural);
    auto obj = rc ? LiveObject(rc, Key(*rc, ns, ref->name)) : std::nullopt;
    if (!obj) return absl::UnauthenticatedError("service account token has been invalidated");
    if (!ref->uid.empty() && UidOf(*obj) != ref->uid) {
      return absl::UnauthenticatedError(base::StrCat(what, " UID (", UidOf(*obj),
                                                     ") does not match service account ", what,
                                                     " ref claim (", ref->uid, ")"));
    }
    if (c.legacy && std::string(plural) == "secrets") {
      // A legacy token must still be the one its Secret holds.
      std::string stored;
      const json& data = ObjField(*obj, "data");
      if (!absl::Base64Unescape(StrField(data, "token"), &stored) || stored != token) {
        return absl::UnauthenticatedError("Token does not match server's copy");
      }
    }
    return absl::OkStatus();
  };
  if (auto s = check(c.secret, "secrets", c.namespace_, "secret"); !s.ok()) return s;
  if (auto s = check(c.pod, "pods", c.namespace_, "pod"); !s.ok()) return s;
  // A pod-bound token names its node for information only.
  if (!c.pod) return check(c.node, "nodes", "", "node");
  return absl::OkStatus();
}

}  // namespace wisp::apiserver
