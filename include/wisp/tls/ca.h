// File: wisp/tls/ca.h
//
// A certificate authority: a self-signed CA certificate and its key, and the
// signer that issues leaf certificates from it.
//
//   CA     basicConstraints CA:TRUE (critical), keyUsage keyCertSign+cRLSign
//          (+digitalSignature), subjectKeyIdentifier; 10 years by default.
//   leaf   basicConstraints CA:FALSE (critical), keyUsage digitalSignature
//          (+keyEncipherment for RSA keys), extendedKeyUsage serverAuth and/or
//          clientAuth, subject/authority key identifiers, DNS and IP SANs,
//          random 128-bit serial, notBefore backdated kClockSkew.
//
// Immutable after construction: thread-safe, cheap to copy (shared state).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "wisp/tls/certificate.h"
#include "wisp/tls/key.h"

namespace wisp::tls {

// Certificates start this long before "now" so that peers whose clocks lag a
// little accept them.
inline constexpr absl::Duration kClockSkew = absl::Minutes(5);

// A leaf certificate with the key it was issued for.
struct IssuedCertificate {
  std::string cert_pem;
  KeyPair key;  // Secret.
};

class CertificateAuthority {
 public:
  // Creates a new self-signed CA named `common_name` with a fresh key.
  static absl::StatusOr<CertificateAuthority> Create(
      std::string_view common_name, KeyAlgorithm algorithm = KeyAlgorithm::kEcdsaP256,
      absl::Duration validity = kDefaultCaValidity, absl::Time now = absl::Now());

  // Loads an existing CA. InvalidArgument if either PEM does not parse;
  // FailedPrecondition if the certificate is not a CA or the key is not its key.
  static absl::StatusOr<CertificateAuthority> Load(std::string_view cert_pem,
                                                   std::string_view key_pem);

  const std::string& cert_pem() const;
  const std::string& key_pem() const;  // Secret.

  // Issues a certificate for `request` with a freshly generated key.
  absl::StatusOr<IssuedCertificate> Issue(const CertRequest& request,
                                          KeyAlgorithm algorithm = KeyAlgorithm::kEcdsaP256,
                                          absl::Time now = absl::Now()) const;

  // Issues a certificate for `request` over an existing public key (PEM:
  // SubjectPublicKeyInfo). Returns the certificate PEM.
  absl::StatusOr<std::string> Sign(const CertRequest& request, std::string_view public_key_pem,
                                   absl::Time now = absl::Now()) const;

  // Signs a PKCS#10 CSR (PEM) after verifying its self-signature: subject CN,
  // O and DNS/IP SANs come from the CSR, usages and validity from the caller.
  // InvalidArgument for a malformed CSR, a bad signature or unsupported SAN
  // types (email, URI).
  absl::StatusOr<std::string> SignCsr(std::string_view csr_pem, Usages usages,
                                      absl::Duration validity = kDefaultLeafValidity,
                                      absl::Time now = absl::Now()) const;

 private:
  struct State;  // Opaque: the parsed OpenSSL objects, defined in src/tls/ca.cc.
  explicit CertificateAuthority(std::shared_ptr<const State> state);
  std::shared_ptr<const State> state_;
};

}  // namespace wisp::tls
