// File: src/tls/x509_builder.h (private to the tls module)
//
// Builds and signs one X.509 v3 certificate: the single place where wisp
// decides what its certificates contain (see wisp/tls/ca.h for the profile).
// Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tls/openssl_util.h"
#include "wisp/tls/certificate.h"

namespace wisp::tls::internal {

struct CertSpec {
  std::string common_name;
  std::vector<std::string> organizations;
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;  // IPv4/IPv6 text.
  bool is_ca = false;
  Usages usages;  // Ignored for a CA.
  absl::Time not_before;
  absl::Time not_after;
};

// Builds a certificate for `subject_key` (its public half is used) signed by
// `issuer_key`. `issuer_cert` null means self-signed (issuer = subject).
// InvalidArgument for an unusable IP or name, Internal for OpenSSL failures.
absl::StatusOr<X509Ptr> BuildCertificate(const CertSpec& spec, EVP_PKEY* subject_key,
                                         X509* issuer_cert, EVP_PKEY* issuer_key);

}  // namespace wisp::tls::internal
