// File: src/apiserver/service_account_tokens.h (private to the apiserver)
//
// Service-account tokens (upstream pkg/serviceaccount): JWTs the API server
// signs for the TokenRequest API and accepts as bearer tokens.
//
//   Issue:  claims ─► {"iss","sub","aud","exp","iat","nbf","jti",
//                      "kubernetes.io":{namespace, serviceaccount, pod|secret|node}}
//           ─► RS256/ES256 JWS with kid = SHA-256 of the public key
//   Verify: JWS ─► issuer ─► signature (by kid) ─► exp/nbf/iat (1 min
//           leeway) ─► audience ∩ API audiences ─► TokenClaims
//
// Whether the service account (and the bound pod, secret or node) still
// exists with the same uid is the caller's check (Authenticator). Legacy
// Secret-based tokens (issuer "kubernetes/serviceaccount") are verified too.
//
// Thread-safe (immutable after Create).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "wisp/tls/jws.h"

namespace wisp::apiserver {

struct TokenObjectRef {
  std::string name;
  std::string uid;  // may be empty (a node that was not found at issue time)
};

struct TokenClaims {
  std::string namespace_;
  TokenObjectRef service_account;
  std::vector<std::string> audiences;
  int64_t issued_at = 0;   // Unix seconds
  int64_t expires_at = 0;  // 0 for legacy tokens (no expiry)
  std::string jti;
  std::optional<TokenObjectRef> pod, secret, node;
  bool legacy = false;     // a Secret-based token (secret = its Secret)
  int64_t warn_after = 0;  // "kubernetes.io".warnafter, or 0
};

class ServiceAccountTokens {
 public:
  // `signing_key_pem` may be empty (verify only). `issuer` is an https URL;
  // `audiences` default to {issuer}.
  static absl::StatusOr<std::unique_ptr<ServiceAccountTokens>> Create(
      std::string_view signing_key_pem, const std::vector<std::string>& public_key_pems,
      std::string issuer, std::vector<std::string> audiences);

  bool CanIssue() const { return signer_.has_value(); }
  // Signs a bound token for `claims` (issued_at, expires_at, jti as given).
  absl::StatusOr<std::string> Issue(const TokenClaims& claims) const;
  // A legacy token for a kubernetes.io/service-account-token Secret.
  absl::StatusOr<std::string> IssueLegacy(const TokenClaims& claims) const;

  // NotFound when the token is not a JWT of this issuer (another
  // authenticator may own it); Unauthenticated with upstream's reason when it
  // is one but does not verify.
  // `audiences` (default: the API's) must share one with the token's.
  absl::StatusOr<TokenClaims> Verify(std::string_view token, int64_t now_unix,
                                     const std::vector<std::string>* audiences = nullptr) const;

  const std::string& issuer() const { return issuer_; }
  const std::vector<std::string>& audiences() const { return audiences_; }
  // /.well-known/openid-configuration and /openid/v1/jwks documents.
  std::string OpenIdConfiguration() const;
  std::string Jwks() const;

 private:
  ServiceAccountTokens() = default;

  std::optional<tls::JwsSigner> signer_;
  std::vector<tls::JwsKey> keys_;
  std::string issuer_;
  std::vector<std::string> audiences_;
};

// "system:serviceaccount:<ns>:<name>".
std::string ServiceAccountUserName(std::string_view ns, std::string_view name);

}  // namespace wisp::apiserver
