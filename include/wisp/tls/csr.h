// File: wisp/tls/csr.h
//
// PKCS#10 certificate signing requests (kubelet TLS bootstrap). The signing
// side lives in CertificateAuthority::SignCsr.
//
// Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "wisp/tls/certificate.h"

namespace wisp::tls {

// Creates a CSR (PEM) for `key_private_pem` with subject CN/O and the DNS and
// IP SANs of `request` (usages and validity are the signer's choice and are
// ignored here), self-signed with the key.
absl::StatusOr<std::string> CreateCsr(const CertRequest& request, std::string_view key_private_pem);

// What a CSR asks for, after its signature has been verified. `usages` is
// left empty; `validity` is left at its default.
struct CsrInfo {
  CertRequest request;
  std::string public_key_pem;
};

// Parses a CSR and verifies its self-signature. InvalidArgument for a
// malformed CSR, a bad signature or unsupported SAN types (email, URI).
absl::StatusOr<CsrInfo> ParseCsr(std::string_view csr_pem);

}  // namespace wisp::tls
