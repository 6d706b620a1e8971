// File: src/apiserver/service_account_tokens.cc
#include "apiserver/service_account_tokens.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace {

using nlohmann::json;

constexpr char kLegacyIssuer[] = "kubernetes/serviceaccount";
constexpr int64_t kLeewaySeconds = 60;  // go-jose's DefaultLeeway
constexpr char kPrefix[] = "system:serviceaccount:";

// obj[key] as a string; "" when absent or not a string.
std::string StringClaim(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json Ref(const TokenObjectRef& r) {
  json out = json::object();
  if (!r.name.empty()) out["name"] = r.name;
  if (!r.uid.empty()) out["uid"] = r.uid;
  return out;
}

std::optional<TokenObjectRef> ReadRef(const json& private_claim, const char* key) {
  auto it = private_claim.find(key);
  if (it == private_claim.end() || !it->is_object()) return std::nullopt;
  return TokenObjectRef{StringClaim(*it, "name"), StringClaim(*it, "uid")};
}

absl::Status Invalid(const std::string& why) { return absl::UnauthenticatedError(why); }

std::string Quoted(const std::vector<std::string>& list) {
  std::string out = "[";
  for (size_t i = 0; i < list.size(); ++i) out += base::StrCat(i ? " " : "", "\"", list[i], "\"");
  return out + "]";
}

int64_t NumberClaim(const json& claims, const char* key) {
  auto it = claims.find(key);
  if (it == claims.end() || !it->is_number()) return 0;
  return it->is_number_float() ? static_cast<int64_t>(it->get<double>()) : it->get<int64_t>();
}

absl::StatusOr<TokenClaims> LegacyClaims(const json& c) {
  auto str = [&](const char* key) {
    auto it = c.find(base::StrCat("kubernetes.io/serviceaccount/", key));
    return it != c.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  TokenClaims out;
  out.legacy = true;
  out.namespace_ = str("namespace");
  out.service_account = {str("service-account.name"), str("service-account.uid")};
  out.secret = TokenObjectRef{str("secret.name"), ""};
  const std::string sub = StringClaim(c, "sub");
  if (sub.empty()) return Invalid("sub claim is missing");
  if (out.namespace_.empty()) return Invalid("namespace claim is missing");
  if (out.secret->name.empty()) return Invalid("secretName claim is missing");
  if (out.service_account.name.empty()) return Invalid("serviceAccountName claim is missing");
  if (out.service_account.uid.empty()) return Invalid("serviceAccountUID claim is missing");
  if (sub != ServiceAccountUserName(out.namespace_, out.service_account.name)) {
    return Invalid("sub claim is invalid");
  }
  return out;
}

}  // namespace

std::string ServiceAccountUserName(std::string_view ns, std::string_view name) {
  return base::StrCat(kPrefix, ns, ":", name);
}

absl::StatusOr<std::unique_ptr<ServiceAccountTokens>> ServiceAccountTokens::Create(
    std::string_view signing_key_pem, const std::vector<std::string>& public_key_pems,
    std::string issuer, std::vector<std::string> audiences) {
  std::unique_ptr<ServiceAccountTokens> t(new ServiceAccountTokens());
  if (!signing_key_pem.empty()) {
    auto signer = tls::NewJwsSigner(signing_key_pem);
    if (!signer.ok()) return signer.status();
    t->signer_ = *std::move(signer);
  }
  for (const std::string& pem : public_key_pems) {
    auto key = tls::NewJwsKey(pem);
    if (!key.ok()) return key.status();
    t->keys_.push_back(*std::move(key));
  }
  if (issuer.empty()) return absl::InvalidArgumentError("a service-account issuer is required");
  t->issuer_ = std::move(issuer);
  t->audiences_ = audiences.empty() ? std::vector<std::string>{t->issuer_} : std::move(audiences);
  return t;
}

absl::StatusOr<std::string> ServiceAccountTokens::Issue(const TokenClaims& c) const {
  if (!signer_) return absl::FailedPreconditionError("no service-account signing key");
  json priv = {{"namespace", c.namespace_}, {"serviceaccount", Ref(c.service_account)}};
  if (c.pod) priv["pod"] = Ref(*c.pod);
  if (c.secret) priv["secret"] = Ref(*c.secret);
  if (c.node) priv["node"] = Ref(*c.node);
  if (c.warn_after > 0) priv["warnafter"] = c.warn_after;
  json claims = {{"iss", issuer_},
                 {"sub", ServiceAccountUserName(c.namespace_, c.service_account.name)},
                 {"aud", c.audiences},
                 {"exp", c.expires_at},
                 {"iat", c.issued_at},
                 {"nbf", c.issued_at},
                 {"kubernetes.io", std::move(priv)}};
  if (!c.jti.empty()) claims["jti"] = c.jti;
  return tls::SignJws(*signer_, claims.dump());
}

absl::StatusOr<std::string> ServiceAccountTokens::IssueLegacy(const TokenClaims& c) const {
  if (!signer_) return absl::FailedPreconditionError("no service-account signing key");
  const std::string p = "kubernetes.io/serviceaccount/";
  json claims = {{"iss", kLegacyIssuer},
                 {"sub", ServiceAccountUserName(c.namespace_, c.service_account.name)},
                 {p + "namespace", c.namespace_},
                 {p + "secret.name", c.secret ? c.secret->name : ""},
                 {p + "service-account.name", c.service_account.name},
                 {p + "service-account.uid", c.service_account.uid}};
  return tls::SignJws(*signer_, claims.dump());
}

absl::StatusOr<TokenClaims> ServiceAccountTokens::Verify(
    std::string_view token, int64_t now, const std::vector<std::string>* audiences) const {
  const std::vector<std::string>& want = audiences ? *audiences : audiences_;
  // Decoded once; the issuer says whose token it is before anything is
  // verified (another authenticator may own a token that is not ours).
  auto parts = tls::ParseJws(token);
  if (!parts.ok()) return absl::NotFoundError("not our token");
  json header = json::parse(parts->header, nullptr, false);
  json c = json::parse(parts->payload, nullptr, false);
  if (!header.is_object() || !c.is_object()) return absl::NotFoundError("not our token");
  const std::string iss = StringClaim(c, "iss");
  const bool legacy = iss == kLegacyIssuer;
  if (iss.empty() || (iss != issuer_ && !legacy)) return absl::NotFoundError("not our token");
  const std::string alg = StringClaim(header, "alg");
  const std::string kid = StringClaim(header, "kid");
  absl::Status verified = Invalid("invalid signature, no keys found");
  for (const tls::JwsKey& key : keys_) {
    if (!kid.empty() && key.kid != kid) continue;
    verified = tls::VerifyJws(*parts, alg, key);
    if (verified.ok()) break;
  }
  if (!verified.ok()) return verified;
  if (legacy) return LegacyClaims(c);

  TokenClaims out;
  out.expires_at = NumberClaim(c, "exp");
  out.issued_at = NumberClaim(c, "iat");
  const int64_t nbf = NumberClaim(c, "nbf");
  if (out.expires_at != 0 && now > out.expires_at + kLeewaySeconds) {
    return Invalid("service account token has expired");
  }
  if (nbf != 0 && now + kLeewaySeconds < nbf) {
    return Invalid("service account token is not valid yet");
  }
  if (out.issued_at != 0 && now + kLeewaySeconds < out.issued_at) {
    return Invalid("service account token is issued in the future");
  }
  auto aud = c.find("aud");
  if (aud != c.end() && aud->is_string()) out.audiences.push_back(aud->get<std::string>());
  if (aud != c.end() && aud->is_array()) {
    for (const json& a : *aud) {
      if (a.is_string()) out.audiences.push_back(a.get<std::string>());
    }
  }
  bool match = false;
  for (const std::string& a : out.audiences) {
    match = match || std::find(want.begin(), want.end(), a) != want.end();
  }
  if (!match) {
    return Invalid(base::StrCat("token audiences ", Quoted(out.audiences),
                                " is invalid for the target audiences ", Quoted(want)));
  }
  const json priv = c.value("kubernetes.io", json::object());
  if (!priv.is_object()) return Invalid("service account token claims could not be validated");
  out.namespace_ = StringClaim(priv, "namespace");
  out.service_account = ReadRef(priv, "serviceaccount").value_or(TokenObjectRef{});
  out.pod = ReadRef(priv, "pod");
  out.secret = ReadRef(priv, "secret");
  out.node = ReadRef(priv, "node");
  out.jti = StringClaim(c, "jti");
  if (out.namespace_.empty() || out.service_account.name.empty() ||
      StringClaim(c, "sub") != ServiceAccountUserName(out.namespace_, out.service_account.name)) {
    return Invalid("service account token claims could not be validated");
  }
  return out;
}

std::string ServiceAccountTokens::OpenIdConfiguration() const {
  std::vector<std::string> algs;
  for (const tls::JwsKey& k : keys_) {
    if (std::find(algs.begin(), algs.end(), k.alg) == algs.end()) algs.push_back(k.alg);
  }
  std::sort(algs.begin(), algs.end());
  json doc = {{"issuer", issuer_},
              {"jwks_uri", base::StrCat(issuer_, "/openid/v1/jwks")},
              {"response_types_supported", {"id_token"}},
              {"subject_types_supported", {"public"}},
              {"id_token_signing_alg_values_supported", algs}};
  return doc.dump();
}

std::string ServiceAccountTokens::Jwks() const {
  json keys = json::array();
  for (const tls::JwsKey& k : keys_) {
    auto jwk = tls::JwkJson(k);
    if (jwk.ok()) keys.push_back(json::parse(*jwk));
  }
  return json{{"keys", keys}}.dump();
}

}  // namespace wisp::apiserver
