// File: src/tls/openssl_util.h (private to the tls module)
//
// RAII owners for the OpenSSL objects the module uses, PEM conversion, and
// error statuses that carry OpenSSL's error queue. Every OpenSSL object in
// src/tls is held by one of these unique_ptrs from the moment it is created.
//
// Thread-safe: OpenSSL 3's error queue is per thread.
#pragma once

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace wisp::tls::internal {

template <auto Free>
struct FreeFn {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

using BioPtr = std::unique_ptr<BIO, FreeFn<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, FreeFn<BN_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, FreeFn<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, FreeFn<X509_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, FreeFn<X509_REQ_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, FreeFn<X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, FreeFn<X509_EXTENSION_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, FreeFn<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, FreeFn<X509_STORE_CTX_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, FreeFn<GENERAL_NAMES_free>>;
using BasicConstraintsPtr = std::unique_ptr<BASIC_CONSTRAINTS, FreeFn<BASIC_CONSTRAINTS_free>>;
using ExtendedKeyUsagePtr = std::unique_ptr<EXTENDED_KEY_USAGE, FreeFn<EXTENDED_KEY_USAGE_free>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, FreeFn<ASN1_OCTET_STRING_free>>;
using AuthorityKeyIdPtr = std::unique_ptr<AUTHORITY_KEYID, FreeFn<AUTHORITY_KEYID_free>>;
inline void FreeExtensionStack(STACK_OF(X509_EXTENSION) * s) {
  sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free);
}
using ExtensionStackPtr = std::unique_ptr<STACK_OF(X509_EXTENSION), FreeFn<FreeExtensionStack>>;

// `code` status "<what>: <OpenSSL error queue, oldest first>", draining the
// queue. Falls back to "unknown OpenSSL error" when the queue is empty.
absl::Status OpenSslError(absl::StatusCode code, std::string_view what);
inline absl::Status OpenSslError(std::string_view what) {
  return OpenSslError(absl::StatusCode::kInternal, what);
}

// A read-only memory BIO over `data` (which must outlive it).
BioPtr MemoryBio(std::string_view data);

// PEM decoding; InvalidArgument with OpenSSL's reason on failure. Private
// keys never prompt for a passphrase: encrypted keys are rejected.
absl::StatusOr<EvpPkeyPtr> ParsePrivateKey(std::string_view pem);
absl::StatusOr<EvpPkeyPtr> ParsePublicKey(std::string_view pem);
absl::StatusOr<X509Ptr> ParseCertificate(std::string_view pem);
absl::StatusOr<X509ReqPtr> ParseCsr(std::string_view pem);

// PEM encoding.
absl::StatusOr<std::string> PrivateKeyToPem(EVP_PKEY* key);  // PKCS#8.
absl::StatusOr<std::string> PublicKeyToPem(EVP_PKEY* key);   // SubjectPublicKeyInfo.
absl::StatusOr<std::string> CertificateToPem(X509* cert);
absl::StatusOr<std::string> CsrToPem(X509_REQ* csr);

// absl::Time of an ASN1_TIME; InfinitePast() if it does not convert.
absl::Time Asn1TimeToTime(const ASN1_TIME* t);

// Lowercase hex of raw bytes.
std::string HexBytes(const unsigned char* data, size_t len);

}  // namespace wisp::tls::internal
