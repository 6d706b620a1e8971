#include "wisp/tls/csr.h"

#include <openssl/err.h>

#include "tls/openssl_util.h"
#include "tls/x509_names.h"
#include "wisp/base/strings.h"

namespace wisp::tls {
namespace {

using internal::OpenSslError;

absl::Status AddSanExtension(X509_REQ* req, const CertRequest& request) {
  if (request.dns_names.empty() && request.ip_addresses.empty()) return absl::OkStatus();
  absl::StatusOr<internal::GeneralNamesPtr> names =
      internal::MakeGeneralNames(request.dns_names, request.ip_addresses);
  if (!names.ok()) return names.status();
  internal::ExtensionStackPtr exts(sk_X509_EXTENSION_new_null());
  X509_EXTENSION* ext = X509V3_EXT_i2d(NID_subject_alt_name, 0, names->get());
  if (exts == nullptr || ext == nullptr) {
    X509_EXTENSION_free(ext);
    return OpenSslError("encode CSR subjectAltName");
  }
  if (sk_X509_EXTENSION_push(exts.get(), ext) == 0) {
    X509_EXTENSION_free(ext);
    return OpenSslError("encode CSR subjectAltName");
  }
  if (X509_REQ_add_extensions(req, exts.get()) != 1) return OpenSslError("add CSR extensions");
  return absl::OkStatus();
}

// The SANs a verified CSR requests (extensionRequest attribute), strictly.
absl::Status ReadRequestedSans(X509_REQ* req, CertRequest& request) {
  internal::ExtensionStackPtr exts(X509_REQ_get_extensions(req));
  if (exts == nullptr) return absl::OkStatus();
  for (int i = 0; i < sk_X509_EXTENSION_num(exts.get()); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(exts.get(), i);
    if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) != NID_subject_alt_name) continue;
    internal::GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(ext)));
    if (names == nullptr) {
      return OpenSslError(absl::StatusCode::kInvalidArgument, "CSR subjectAltName");
    }
    absl::Status st = internal::ReadGeneralNames(names.get(), /*strict=*/true, request.dns_names,
                                                 request.ip_addresses);
    if (!st.ok()) return absl::InvalidArgumentError(base::StrCat("CSR: ", st.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> CreateCsr(const CertRequest& request,
                                      std::string_view key_private_pem) {
  absl::StatusOr<internal::EvpPkeyPtr> key = internal::ParsePrivateKey(key_private_pem);
  if (!key.ok()) return key.status();
  absl::StatusOr<internal::X509NamePtr> subject =
      internal::MakeSubjectName(request.common_name, request.organizations);
  if (!subject.ok()) return subject.status();
  internal::X509ReqPtr req(X509_REQ_new());
  if (req == nullptr || X509_REQ_set_version(req.get(), 0) != 1 ||
      X509_REQ_set_subject_name(req.get(), subject->get()) != 1 ||
      X509_REQ_set_pubkey(req.get(), key->get()) != 1) {
    return OpenSslError("build CSR");
  }
  if (absl::Status st = AddSanExtension(req.get(), request); !st.ok()) return st;
  if (X509_REQ_sign(req.get(), key->get(), EVP_sha256()) <= 0) return OpenSslError("sign CSR");
  return internal::CsrToPem(req.get());
}

absl::StatusOr<CsrInfo> ParseCsr(std::string_view csr_pem) {
  absl::StatusOr<internal::X509ReqPtr> req = internal::ParseCsr(csr_pem);
  if (!req.ok()) return req.status();
  EVP_PKEY* key = X509_REQ_get0_pubkey(req->get());
  if (key == nullptr) return OpenSslError(absl::StatusCode::kInvalidArgument, "CSR public key");
  if (X509_REQ_verify(req->get(), key) != 1) {
    return OpenSslError(absl::StatusCode::kInvalidArgument, "CSR signature verification failed");
  }
  CsrInfo info;
  const X509_NAME* subject = X509_REQ_get_subject_name(req->get());
  std::vector<std::string> cns = internal::NameEntries(subject, NID_commonName);
  if (cns.size() != 1 || cns[0].empty()) {
    return absl::InvalidArgumentError("CSR subject must have exactly one non-empty common name");
  }
  info.request.common_name = cns[0];
  info.request.organizations = internal::NameEntries(subject, NID_organizationName);
  if (absl::Status st = ReadRequestedSans(req->get(), info.request); !st.ok()) return st;
  absl::StatusOr<std::string> pub = internal::PublicKeyToPem(key);
  if (!pub.ok()) return pub.status();
  info.public_key_pem = *std::move(pub);
  return info;
}

}  // namespace wisp::tls
