// File: wisp/tls/key.h
//
// Private keys for wisp's PKI. Keys travel as PEM text (PKCS#8 "PRIVATE KEY"
// for private keys, SubjectPublicKeyInfo "PUBLIC KEY" for public keys), so no
// OpenSSL type appears in this contract.
//
// Never log a KeyPair or its private_pem. Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wisp::tls {

// Key algorithms wisp creates and accepts. ECDSA P-256 is the default for
// TLS; RSA 2048 is used for the service-account signing key because
// Kubernetes service-account tokens are commonly RS256.
enum class KeyAlgorithm {
  kEcdsaP256,
  kEcdsaP384,
  kRsa2048,
  kRsa3072,
  kRsa4096,
};

// "ECDSA-P256", "RSA-2048", ...
std::string_view KeyAlgorithmName(KeyAlgorithm algorithm);

// True for the RSA algorithms.
bool IsRsa(KeyAlgorithm algorithm);

struct KeyPair {
  KeyAlgorithm algorithm = KeyAlgorithm::kEcdsaP256;
  std::string private_pem;  // PKCS#8 PEM. Secret.
  std::string public_pem;   // SubjectPublicKeyInfo PEM.
};

// Generates a fresh key pair from OpenSSL's CSPRNG.
absl::StatusOr<KeyPair> GenerateKeyPair(KeyAlgorithm algorithm = KeyAlgorithm::kEcdsaP256);

// Parses an unencrypted private key in any PEM form OpenSSL reads (PKCS#8,
// PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY") and returns it normalized
// to PKCS#8 with its public half. InvalidArgument for malformed, encrypted or
// unsupported keys (the message carries OpenSSL's reason, never key bytes).
absl::StatusOr<KeyPair> ParsePrivateKeyPem(std::string_view pem);

// Parses a SubjectPublicKeyInfo PEM and returns it re-encoded (canonical
// form), or InvalidArgument.
absl::StatusOr<std::string> NormalizePublicKeyPem(std::string_view pem);

}  // namespace wisp::tls
