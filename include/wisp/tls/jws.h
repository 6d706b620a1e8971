// File: wisp/tls/jws.h
//
// Compact JSON Web Signatures (RFC 7515), as service-account tokens use
// them: RS256 for RSA keys, ES256/ES384 for ECDSA P-256/P-384 keys (raw
// r||s signatures, RFC 7518 §3.4). The header is {"alg":..,"kid":..}; the
// key id is upstream's: base64url (no padding) of SHA-256 over the DER
// SubjectPublicKeyInfo. Payloads are opaque bytes here (the caller's JSON).
//
// Stateless; thread-safe. Errors never carry key material.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wisp::tls {

struct ParsedKey;  // an OpenSSL key, parsed once; immutable, shared across threads

struct JwsSigner {
  std::string alg;  // "RS256", "ES256", "ES384"
  std::string kid;
  std::shared_ptr<const ParsedKey> key;  // the private key. Secret.
};

// A signer for an unencrypted private key (PEM), or InvalidArgument.
absl::StatusOr<JwsSigner> NewJwsSigner(std::string_view private_pem);

// "<b64url header>.<b64url payload>.<b64url signature>".
absl::StatusOr<std::string> SignJws(const JwsSigner& signer, std::string_view payload);

struct JwsKey {
  std::string alg;
  std::string kid;
  std::shared_ptr<const ParsedKey> key;
};

// A verification key for a SubjectPublicKeyInfo PEM.
absl::StatusOr<JwsKey> NewJwsKey(std::string_view public_pem);

// The JWK (RFC 7517) of a key as published at /openid/v1/jwks: {"use":"sig",
// "kty","kid","alg", and "n","e" or "crv","x","y"} as a JSON object text.
absl::StatusOr<std::string> JwkJson(const JwsKey& key);

// The decoded parts of a compact JWS, not yet verified.
struct JwsParts {
  std::string header;   // JSON text
  std::string payload;  // bytes
  std::string signing_input;
  std::string signature;  // raw bytes
};
// Splits and decodes `token`; InvalidArgument when it is not a compact JWS.
absl::StatusOr<JwsParts> ParseJws(std::string_view token);

// Verifies `parts` was signed by `key` with `alg` (from the header).
// Unauthenticated when the signature does not verify.
absl::Status VerifyJws(const JwsParts& parts, std::string_view alg, const JwsKey& key);

}  // namespace wisp::tls
