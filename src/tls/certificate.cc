#include "wisp/tls/certificate.h"

#include <openssl/err.h>

#include <cctype>

#include "tls/openssl_util.h"
#include "tls/x509_names.h"
#include "wisp/base/strings.h"

namespace wisp::tls {
namespace {

using internal::X509Ptr;

std::string FirstOrEmpty(const std::vector<std::string>& v) { return v.empty() ? "" : v[0]; }

void ReadSans(X509* cert, CertificateInfo& info) {
  internal::GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (names == nullptr) return;
  // Not strict: other name types are simply not reported.
  internal::ReadGeneralNames(names.get(), /*strict=*/false, info.dns_names, info.ip_addresses)
      .IgnoreError();
}

std::string SerialHex(X509* cert) {
  internal::BignumPtr bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  if (bn == nullptr) return {};
  char* hex = BN_bn2hex(bn.get());
  if (hex == nullptr) return {};
  std::string out(hex);
  OPENSSL_free(hex);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string KeyIdHex(const ASN1_OCTET_STRING* id) {
  if (id == nullptr) return {};
  return internal::HexBytes(ASN1_STRING_get0_data(id), static_cast<size_t>(ASN1_STRING_length(id)));
}

}  // namespace

absl::StatusOr<CertificateInfo> InspectCertificate(std::string_view pem) {
  absl::StatusOr<X509Ptr> cert = internal::ParseCertificate(pem);
  if (!cert.ok()) return cert.status();
  X509* x = cert->get();
  CertificateInfo info;
  const X509_NAME* subject = X509_get_subject_name(x);
  info.common_name = FirstOrEmpty(internal::NameEntries(subject, NID_commonName));
  info.organizations = internal::NameEntries(subject, NID_organizationName);
  info.issuer_common_name =
      FirstOrEmpty(internal::NameEntries(X509_get_issuer_name(x), NID_commonName));
  ReadSans(x, info);
  info.serial_hex = SerialHex(x);
  info.subject_key_id_hex = KeyIdHex(X509_get0_subject_key_id(x));
  info.authority_key_id_hex = KeyIdHex(X509_get0_authority_key_id(x));
  info.not_before = internal::Asn1TimeToTime(X509_get0_notBefore(x));
  info.not_after = internal::Asn1TimeToTime(X509_get0_notAfter(x));
  // X509_check_ca also caches the extensions that the flag queries read.
  info.is_ca = X509_check_ca(x) == 1;
  uint32_t xku = X509_get_extended_key_usage(x);
  if (X509_get_extension_flags(x) & EXFLAG_XKUSAGE) {
    info.usages.server_auth = (xku & XKU_SSL_SERVER) != 0;
    info.usages.client_auth = (xku & XKU_SSL_CLIENT) != 0;
  }
  absl::StatusOr<std::string> pub = internal::PublicKeyToPem(X509_get0_pubkey(x));
  if (!pub.ok()) return pub.status();
  info.public_key_pem = *std::move(pub);
  return info;
}

absl::Status VerifyCertificate(std::string_view cert_pem, std::string_view ca_pem, absl::Time at) {
  absl::StatusOr<X509Ptr> cert = internal::ParseCertificate(cert_pem);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<X509Ptr> ca = internal::ParseCertificate(ca_pem);
  if (!ca.ok()) return ca.status();
  internal::X509StorePtr store(X509_STORE_new());
  internal::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (store == nullptr || ctx == nullptr || X509_STORE_add_cert(store.get(), ca->get()) != 1 ||
      X509_STORE_CTX_init(ctx.get(), store.get(), cert->get(), nullptr) != 1) {
    return internal::OpenSslError("set up certificate verification");
  }
  X509_STORE_CTX_set_time(ctx.get(), 0, absl::ToTimeT(at));
  if (X509_verify_cert(ctx.get()) != 1) {
    int err = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return absl::FailedPreconditionError(
        base::StrCat("certificate verification failed: ", X509_verify_cert_error_string(err)));
  }
  return absl::OkStatus();
}

absl::Status CheckKeyMatchesCertificate(std::string_view cert_pem, std::string_view key_pem) {
  absl::StatusOr<X509Ptr> cert = internal::ParseCertificate(cert_pem);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<internal::EvpPkeyPtr> key = internal::ParsePrivateKey(key_pem);
  if (!key.ok()) return key.status();
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    ERR_clear_error();
    return absl::FailedPreconditionError("private key does not match the certificate");
  }
  return absl::OkStatus();
}

}  // namespace wisp::tls
