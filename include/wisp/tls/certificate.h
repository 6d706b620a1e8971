// File: wisp/tls/certificate.h
//
// X.509 certificates as PEM text: the request value type the signers take,
// inspection of an existing certificate, and chain verification.
//
// Thread-safe (pure functions over values).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace wisp::tls {

// Extended key usages of a leaf certificate.
struct Usages {
  bool server_auth = false;
  bool client_auth = false;

  bool operator==(const Usages&) const = default;
};

inline constexpr absl::Duration kDefaultLeafValidity = absl::Hours(24 * 365);
inline constexpr absl::Duration kDefaultCaValidity = absl::Hours(24 * 3650);

// What a leaf certificate should say. Kubernetes reads the subject as the
// identity: CN = user name, O = groups.
struct CertRequest {
  std::string common_name;                 // Required.
  std::vector<std::string> organizations;  // O, in order.
  std::vector<std::string> dns_names;      // DNS SANs ("*.example" allowed).
  std::vector<std::string> ip_addresses;   // IP SANs, IPv4 or IPv6 text.
  Usages usages;                           // At least one must be set.
  absl::Duration validity = kDefaultLeafValidity;
};

// What an existing certificate says. IP addresses are in canonical text form
// (inet_ntop), key ids and the serial are lowercase hex.
struct CertificateInfo {
  std::string common_name;
  std::vector<std::string> organizations;
  std::string issuer_common_name;
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;
  std::string serial_hex;
  std::string subject_key_id_hex;
  std::string authority_key_id_hex;
  absl::Time not_before;
  absl::Time not_after;
  bool is_ca = false;
  Usages usages;
  std::string public_key_pem;
};

// Parses the first certificate of `pem` and describes it. InvalidArgument if
// it is not a PEM certificate.
absl::StatusOr<CertificateInfo> InspectCertificate(std::string_view pem);

// OK if `cert_pem` chains to the self-signed `ca_pem` and every certificate
// is valid at `at`; otherwise FailedPrecondition with OpenSSL's verify error
// (e.g. "certificate has expired").
absl::Status VerifyCertificate(std::string_view cert_pem, std::string_view ca_pem,
                               absl::Time at = absl::Now());

// OK if the private key belongs to the certificate; FailedPrecondition if it
// does not, InvalidArgument if either does not parse.
absl::Status CheckKeyMatchesCertificate(std::string_view cert_pem, std::string_view key_pem);

}  // namespace wisp::tls
