// File: tests/unit/tls/tls_test_util.h
//
// Helpers for the tls tests: a temp dir, and direct OpenSSL access to the PEM
// the module produces, so that assertions do not trust the code under test.
// Not thread-safe.
#pragma once

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>

namespace wisp::tls::testing {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/wisp-tls-XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using X509Owner = std::unique_ptr<X509, X509Free>;
using PkeyOwner = std::unique_ptr<EVP_PKEY, PkeyFree>;

inline X509Owner PemToX509(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return X509Owner(x);
}

inline PkeyOwner PemToKey(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* k = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return PkeyOwner(k);
}

// OpenSSL's own chain verification of `leaf` against the trust anchor `ca`
// at the current time; returns the X509_V_* result.
inline int VerifyChain(const std::string& ca_pem, const std::string& leaf_pem) {
  X509Owner ca = PemToX509(ca_pem), leaf = PemToX509(leaf_pem);
  if (ca == nullptr || leaf == nullptr) return -1;
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, ca.get());
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf.get(), nullptr);
  int ok = X509_verify_cert(ctx);
  int err = ok == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx);
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  ERR_clear_error();
  return err;
}

// Whether extension `nid` is present and marked critical: -1 absent, 0/1.
inline int ExtensionCritical(X509* x, int nid) {
  int idx = X509_get_ext_by_NID(x, nid, -1);
  if (idx < 0) return -1;
  return X509_EXTENSION_get_critical(X509_get_ext(x, idx));
}

inline int FileMode(const std::string& path) {
  struct stat sb;
  if (::stat(path.c_str(), &sb) != 0) return -1;
  return static_cast<int>(sb.st_mode & 07777);
}

}  // namespace wisp::tls::testing
