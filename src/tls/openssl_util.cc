#include "tls/openssl_util.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <climits>
#include <ctime>

#include "wisp/base/strings.h"

namespace wisp::tls::internal {
namespace {

// Refuses to prompt for a passphrase: an encrypted key fails to parse.
int NoPassphrase(char*, int, int, void*) { return -1; }

absl::StatusOr<std::string> BioContents(BIO* bio, std::string_view what) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  if (len < 0 || data == nullptr) return OpenSslError(base::StrCat("encode ", what));
  return std::string(data, static_cast<size_t>(len));
}

// Runs `write(bio)` into a fresh memory BIO and returns what it wrote.
template <typename WriteFn>
absl::StatusOr<std::string> EncodePem(std::string_view what, WriteFn write) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || write(bio.get()) != 1) {
    return OpenSslError(base::StrCat("encode ", what));
  }
  return BioContents(bio.get(), what);
}

// Runs `read(bio)` over `pem`; InvalidArgument with OpenSSL's reason if it
// returns null.
template <typename Ptr, typename ReadFn>
absl::StatusOr<Ptr> DecodePem(std::string_view pem, std::string_view what, ReadFn read) {
  ERR_clear_error();
  BioPtr bio = MemoryBio(pem);
  if (bio == nullptr) return OpenSslError(base::StrCat("decode ", what));
  Ptr out(read(bio.get()));
  if (out == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument, base::StrCat("not a PEM ", what));
  }
  return out;
}

}  // namespace

absl::Status OpenSslError(absl::StatusCode code, std::string_view what) {
  std::string reasons;
  while (unsigned long err = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(err, buf, sizeof buf);
    if (!reasons.empty()) reasons += "; ";
    reasons += buf;
  }
  if (reasons.empty()) reasons = "unknown OpenSSL error";
  return absl::Status(code, base::StrCat(what, ": ", reasons));
}

BioPtr MemoryBio(std::string_view data) {
  if (data.size() > static_cast<size_t>(INT_MAX)) return nullptr;
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

absl::StatusOr<EvpPkeyPtr> ParsePrivateKey(std::string_view pem) {
  return DecodePem<EvpPkeyPtr>(pem, "private key", [](BIO* bio) {
    return PEM_read_bio_PrivateKey(bio, nullptr, NoPassphrase, nullptr);
  });
}

absl::StatusOr<EvpPkeyPtr> ParsePublicKey(std::string_view pem) {
  return DecodePem<EvpPkeyPtr>(pem, "public key", [](BIO* bio) {
    return PEM_read_bio_PUBKEY(bio, nullptr, NoPassphrase, nullptr);
  });
}

absl::StatusOr<X509Ptr> ParseCertificate(std::string_view pem) {
  return DecodePem<X509Ptr>(pem, "certificate", [](BIO* bio) {
    return PEM_read_bio_X509(bio, nullptr, NoPassphrase, nullptr);
  });
}

absl::StatusOr<X509ReqPtr> ParseCsr(std::string_view pem) {
  return DecodePem<X509ReqPtr>(pem, "certificate signing request", [](BIO* bio) {
    return PEM_read_bio_X509_REQ(bio, nullptr, NoPassphrase, nullptr);
  });
}

absl::StatusOr<std::string> PrivateKeyToPem(EVP_PKEY* key) {
  return EncodePem("private key", [key](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

absl::StatusOr<std::string> PublicKeyToPem(EVP_PKEY* key) {
  return EncodePem("public key", [key](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key); });
}

absl::StatusOr<std::string> CertificateToPem(X509* cert) {
  return EncodePem("certificate", [cert](BIO* bio) { return PEM_write_bio_X509(bio, cert); });
}

absl::StatusOr<std::string> CsrToPem(X509_REQ* csr) {
  return EncodePem("certificate signing request",
                   [csr](BIO* bio) { return PEM_write_bio_X509_REQ(bio, csr); });
}

absl::Time Asn1TimeToTime(const ASN1_TIME* t) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return absl::InfinitePast();
  return absl::FromTimeT(timegm(&tm));
}

std::string HexBytes(const unsigned char* data, size_t len) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (size_t i = 0; i < len; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 0xf]);
  }
  return out;
}

}  // namespace wisp::tls::internal
