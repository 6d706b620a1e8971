// File: src/apiserver/token_secrets.cc
#include "apiserver/token_secrets.h"

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "apiserver/rest_call.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace {

using nlohmann::json;

constexpr char kType[] = "kubernetes.io/service-account-token";
constexpr char kNameAnnotation[] = "kubernetes.io/service-account.name";
constexpr char kUidAnnotation[] = "kubernetes.io/service-account.uid";

std::string B64(const std::string& s) {
  std::string out;
  absl::Base64Escape(s, &out);
  return out;
}

}  // namespace

absl::Status FillServiceAccountTokenSecrets(Rest& rest, const ServiceAccountTokens& tokens,
                                            const std::string& root_ca_pem) {
  if (!tokens.CanIssue()) return absl::OkStatus();
  const ResourceContext* secrets = rest.Context("", "secrets");
  const ResourceContext* sas = rest.Context("", "serviceaccounts");
  if (!secrets || !sas) return absl::InternalError("registry lacks secrets or serviceaccounts");
  absl::Status first_error;
  for (const ObjectPtr& o : secrets->cache->List(secrets->prefix).objects) {
    if (o->json.find(kType) == std::string::npos) continue;  // cheap pre-filter
    json secret = json::parse(o->json, nullptr, false);
    if (StrField(secret, "type") != kType) continue;
    const json& meta = ObjField(secret, "metadata");
    if (!StrField(meta, "deletionTimestamp").empty()) continue;
    const json& annotations = ObjField(meta, "annotations");
    const std::string sa_name = StrField(annotations, kNameAnnotation);
    ObjectPtr sa_obj = sas->cache->Get(rest.Key(*sas, o->namespace_, sa_name));
    if (sa_name.empty() || !sa_obj) continue;  // upstream waits for the account
    json sa = json::parse(sa_obj->json, nullptr, false);
    const std::string sa_uid = StrField(ObjField(sa, "metadata"), "uid");
    const std::string named_uid = StrField(annotations, kUidAnnotation);
    if (!named_uid.empty() && named_uid != sa_uid) continue;  // for an earlier account

    const json& data = ObjField(secret, "data");
    const bool need_token = StrField(data, "token").empty();
    const bool need_ca = !root_ca_pem.empty() && StrField(data, "ca.crt") != B64(root_ca_pem);
    const bool need_ns = StrField(data, "namespace") != B64(o->namespace_);
    if (!need_token && !need_ca && !need_ns && named_uid == sa_uid) continue;

    json next = secret;
    if (!next["data"].is_object()) next["data"] = json::object();
    if (need_token) {
      TokenClaims claims;
      claims.namespace_ = o->namespace_;
      claims.service_account = {sa_name, sa_uid};
      claims.secret = TokenObjectRef{o->name, ""};
      auto token = tokens.IssueLegacy(claims);
      if (!token.ok()) return token.status();
      next["data"]["token"] = B64(*token);
    }
    if (!root_ca_pem.empty()) next["data"]["ca.crt"] = B64(root_ca_pem);
    next["data"]["namespace"] = B64(o->namespace_);
    next["metadata"]["annotations"][kUidAnnotation] = sa_uid;
    absl::Status s = rest.PutInternal(*secrets, std::move(next), o->resource_version);
    if (!s.ok() && !absl::IsAborted(s) && first_error.ok()) first_error = s;
  }
  return first_error;
}

}  // namespace wisp::apiserver
