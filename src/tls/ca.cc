#include "wisp/tls/ca.h"

#include <openssl/err.h>

#include "tls/openssl_util.h"
#include "tls/x509_builder.h"
#include "wisp/base/strings.h"
#include "wisp/tls/csr.h"
#include "wisp/tls/sans.h"

namespace wisp::tls {

struct CertificateAuthority::State {
  internal::X509Ptr cert;
  internal::EvpPkeyPtr key;
  std::string cert_pem;
  std::string key_pem;
  absl::Time not_after;
};

namespace {

absl::Status ValidateRequest(const CertRequest& request) {
  if (request.common_name.empty()) return absl::InvalidArgumentError("common name is required");
  if (!request.usages.server_auth && !request.usages.client_auth) {
    return absl::InvalidArgumentError(
        base::StrCat("certificate \"", request.common_name, "\": no usage (server or client)"));
  }
  if (request.validity <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        base::StrCat("certificate \"", request.common_name, "\": validity must be positive"));
  }
  for (const std::string& dns : request.dns_names) {
    if (!IsValidDnsName(dns)) {
      return absl::InvalidArgumentError(base::StrCat("DNS SAN \"", dns, "\" is not a DNS name"));
    }
  }
  for (const std::string& ip : request.ip_addresses) {
    if (absl::Status st = CanonicalIp(ip).status(); !st.ok()) return st;
  }
  return absl::OkStatus();
}

}  // namespace

CertificateAuthority::CertificateAuthority(std::shared_ptr<const State> state)
    : state_(std::move(state)) {}

const std::string& CertificateAuthority::cert_pem() const { return state_->cert_pem; }
const std::string& CertificateAuthority::key_pem() const { return state_->key_pem; }

absl::StatusOr<CertificateAuthority> CertificateAuthority::Create(std::string_view common_name,
                                                                  KeyAlgorithm algorithm,
                                                                  absl::Duration validity,
                                                                  absl::Time now) {
  if (common_name.empty()) return absl::InvalidArgumentError("CA common name is required");
  if (validity <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("CA validity must be positive");
  }
  absl::StatusOr<KeyPair> pair = GenerateKeyPair(algorithm);
  if (!pair.ok()) return pair.status();
  absl::StatusOr<internal::EvpPkeyPtr> key = internal::ParsePrivateKey(pair->private_pem);
  if (!key.ok()) return key.status();
  internal::CertSpec spec;
  spec.common_name = std::string(common_name);
  spec.is_ca = true;
  spec.not_before = now - kClockSkew;
  spec.not_after = now + validity;
  absl::StatusOr<internal::X509Ptr> cert =
      internal::BuildCertificate(spec, key->get(), nullptr, key->get());
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> cert_pem = internal::CertificateToPem(cert->get());
  if (!cert_pem.ok()) return cert_pem.status();
  return Load(*cert_pem, pair->private_pem);
}

absl::StatusOr<CertificateAuthority> CertificateAuthority::Load(std::string_view cert_pem,
                                                                std::string_view key_pem) {
  auto state = std::make_shared<State>();
  absl::StatusOr<internal::X509Ptr> cert = internal::ParseCertificate(cert_pem);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<internal::EvpPkeyPtr> key = internal::ParsePrivateKey(key_pem);
  if (!key.ok()) return key.status();
  if (X509_check_ca(cert->get()) != 1) {
    return absl::FailedPreconditionError("certificate is not a CA (basicConstraints CA:TRUE)");
  }
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    ERR_clear_error();
    return absl::FailedPreconditionError("CA key does not match the CA certificate");
  }
  state->not_after = internal::Asn1TimeToTime(X509_get0_notAfter(cert->get()));
  state->cert = *std::move(cert);
  state->key = *std::move(key);
  state->cert_pem = std::string(cert_pem);
  state->key_pem = std::string(key_pem);
  return CertificateAuthority(std::move(state));
}

absl::StatusOr<std::string> CertificateAuthority::Sign(const CertRequest& request,
                                                       std::string_view public_key_pem,
                                                       absl::Time now) const {
  if (absl::Status st = ValidateRequest(request); !st.ok()) return st;
  absl::StatusOr<internal::EvpPkeyPtr> key = internal::ParsePublicKey(public_key_pem);
  if (!key.ok()) return key.status();
  internal::CertSpec spec;
  spec.common_name = request.common_name;
  spec.organizations = request.organizations;
  spec.dns_names = request.dns_names;
  spec.ip_addresses = request.ip_addresses;
  spec.usages = request.usages;
  spec.not_before = now - kClockSkew;
  // A leaf never outlives its CA: clients would reject it after that anyway.
  spec.not_after = std::min(now + request.validity, state_->not_after);
  if (spec.not_after <= now) {
    return absl::FailedPreconditionError("the CA certificate has expired");
  }
  absl::StatusOr<internal::X509Ptr> cert =
      internal::BuildCertificate(spec, key->get(), state_->cert.get(), state_->key.get());
  if (!cert.ok()) return cert.status();
  return internal::CertificateToPem(cert->get());
}

absl::StatusOr<IssuedCertificate> CertificateAuthority::Issue(const CertRequest& request,
                                                              KeyAlgorithm algorithm,
                                                              absl::Time now) const {
  if (absl::Status st = ValidateRequest(request); !st.ok()) return st;
  absl::StatusOr<KeyPair> key = GenerateKeyPair(algorithm);
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> cert = Sign(request, key->public_pem, now);
  if (!cert.ok()) return cert.status();
  return IssuedCertificate{*std::move(cert), *std::move(key)};
}

absl::StatusOr<std::string> CertificateAuthority::SignCsr(std::string_view csr_pem, Usages usages,
                                                          absl::Duration validity,
                                                          absl::Time now) const {
  absl::StatusOr<CsrInfo> csr = ParseCsr(csr_pem);
  if (!csr.ok()) return csr.status();
  csr->request.usages = usages;
  csr->request.validity = validity;
  return Sign(csr->request, csr->public_key_pem, now);
}

}  // namespace wisp::tls
