#include "tls/x509_builder.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include "tls/x509_names.h"
#include "wisp/base/strings.h"

namespace wisp::tls::internal {
namespace {

absl::Status SetRandomSerial(X509* cert) {
  // 128 random bits with the top bit set: unique without coordination and
  // unpredictable, within RFC 5280's 20-octet limit.
  BignumPtr bn(BN_new());
  if (bn == nullptr || BN_rand(bn.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) == nullptr) {
    return OpenSslError("generate serial number");
  }
  return absl::OkStatus();
}

// Adds one extension given in OpenSSL's config syntax (constant strings only:
// user-supplied values never go through this parser).
absl::Status AddConfExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509ExtensionPtr ext(X509V3_EXT_nconf_nid(nullptr, ctx, nid, value.c_str()));
  if (ext == nullptr || X509_add_ext(cert, ext.get(), -1) != 1) {
    return OpenSslError(base::StrCat("add extension ", OBJ_nid2sn(nid), "=", value));
  }
  return absl::OkStatus();
}

std::string KeyUsageValue(const CertSpec& spec, EVP_PKEY* subject_key) {
  if (spec.is_ca) return "critical,digitalSignature,keyCertSign,cRLSign";
  // keyEncipherment only means something for RSA key exchange.
  if (EVP_PKEY_is_a(subject_key, "RSA")) return "critical,digitalSignature,keyEncipherment";
  return "critical,digitalSignature";
}

absl::Status AddExtensions(const CertSpec& spec, X509* cert, EVP_PKEY* subject_key,
                           X509* issuer_cert) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer_cert != nullptr ? issuer_cert : cert, cert, nullptr, nullptr, 0);
  absl::Status st = AddConfExtension(cert, &ctx, NID_basic_constraints,
                                     spec.is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  if (st.ok()) st = AddConfExtension(cert, &ctx, NID_key_usage, KeyUsageValue(spec, subject_key));
  if (st.ok()) st = AddConfExtension(cert, &ctx, NID_subject_key_identifier, "hash");
  if (st.ok() && issuer_cert != nullptr) {
    st = AddConfExtension(cert, &ctx, NID_authority_key_identifier, "keyid:always");
  }
  if (st.ok() && !spec.is_ca) {
    std::string eku;
    if (spec.usages.server_auth) eku = "serverAuth";
    if (spec.usages.client_auth) eku += eku.empty() ? "clientAuth" : ",clientAuth";
    if (!eku.empty()) st = AddConfExtension(cert, &ctx, NID_ext_key_usage, eku);
  }
  if (!st.ok()) return st;
  if (spec.dns_names.empty() && spec.ip_addresses.empty()) return absl::OkStatus();
  absl::StatusOr<GeneralNamesPtr> sans = MakeGeneralNames(spec.dns_names, spec.ip_addresses);
  if (!sans.ok()) return sans.status();
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, sans->get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return OpenSslError("add subjectAltName");
  }
  return absl::OkStatus();
}

const EVP_MD* DigestFor(EVP_PKEY* signing_key) {
  if (EVP_PKEY_is_a(signing_key, "EC") && EVP_PKEY_get_bits(signing_key) >= 384) {
    return EVP_sha384();
  }
  return EVP_sha256();
}

absl::Status SetValidity(X509* cert, absl::Time not_before, absl::Time not_after) {
  if (not_after <= not_before) return absl::InvalidArgumentError("validity must be positive");
  if (ASN1_TIME_set(X509_getm_notBefore(cert), absl::ToTimeT(not_before)) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(cert), absl::ToTimeT(not_after)) == nullptr) {
    return OpenSslError("set validity");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<X509Ptr> BuildCertificate(const CertSpec& spec, EVP_PKEY* subject_key,
                                         X509* issuer_cert, EVP_PKEY* issuer_key) {
  ERR_clear_error();
  X509Ptr cert(X509_new());
  if (cert == nullptr) return OpenSslError("allocate certificate");
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1) return OpenSslError("set version");
  if (absl::Status st = SetRandomSerial(cert.get()); !st.ok()) return st;
  absl::StatusOr<X509NamePtr> subject = MakeSubjectName(spec.common_name, spec.organizations);
  if (!subject.ok()) return subject.status();
  X509_NAME* issuer_name =
      issuer_cert != nullptr ? X509_get_subject_name(issuer_cert) : subject->get();
  if (X509_set_subject_name(cert.get(), subject->get()) != 1 ||
      X509_set_issuer_name(cert.get(), issuer_name) != 1 ||
      X509_set_pubkey(cert.get(), subject_key) != 1) {
    return OpenSslError("set subject, issuer or public key");
  }
  if (absl::Status st = SetValidity(cert.get(), spec.not_before, spec.not_after); !st.ok()) {
    return st;
  }
  if (absl::Status st = AddExtensions(spec, cert.get(), subject_key, issuer_cert); !st.ok()) {
    return st;
  }
  if (X509_sign(cert.get(), issuer_key, DigestFor(issuer_key)) <= 0) {
    return OpenSslError("sign certificate");
  }
  return cert;
}

}  // namespace wisp::tls::internal
