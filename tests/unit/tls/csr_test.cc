#include "wisp/tls/csr.h"

#include <gtest/gtest.h>

#include "tls_test_util.h"
#include "wisp/tls/key.h"

namespace wisp::tls {
namespace {

std::string ReqToPem(X509_REQ* req) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509_REQ(bio, req);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  return pem;
}

TEST(CsrTest, CreateThenParseRoundTrips) {
  absl::StatusOr<KeyPair> key = GenerateKeyPair();
  ASSERT_TRUE(key.ok());
  CertRequest r;
  r.common_name = "system:node:w1";
  r.organizations = {"system:nodes"};
  r.dns_names = {"w1", "w1.example"};
  r.ip_addresses = {"10.0.0.5", "fd00::5"};
  absl::StatusOr<std::string> csr = CreateCsr(r, key->private_pem);
  ASSERT_TRUE(csr.ok()) << csr.status();
  EXPECT_EQ(csr->rfind("-----BEGIN CERTIFICATE REQUEST-----", 0), 0u);
  absl::StatusOr<CsrInfo> info = ParseCsr(*csr);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->request.common_name, r.common_name);
  EXPECT_EQ(info->request.organizations, r.organizations);
  EXPECT_EQ(info->request.dns_names, r.dns_names);
  EXPECT_EQ(info->request.ip_addresses, r.ip_addresses);
  EXPECT_EQ(info->public_key_pem, key->public_pem);
  EXPECT_FALSE(info->request.usages.server_auth || info->request.usages.client_auth);
}

TEST(CsrTest, OpenSslVerifiesTheCsr) {
  absl::StatusOr<KeyPair> key = GenerateKeyPair(KeyAlgorithm::kRsa2048);
  ASSERT_TRUE(key.ok());
  CertRequest r;
  r.common_name = "x";
  absl::StatusOr<std::string> csr = CreateCsr(r, key->private_pem);
  ASSERT_TRUE(csr.ok());
  BIO* bio = BIO_new_mem_buf(csr->data(), static_cast<int>(csr->size()));
  X509_REQ* req = PEM_read_bio_X509_REQ(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(X509_REQ_verify(req, X509_REQ_get0_pubkey(req)), 1);
  X509_REQ_free(req);
}

TEST(CsrTest, ParseRejectsBadSignature) {
  absl::StatusOr<KeyPair> a = GenerateKeyPair(), b = GenerateKeyPair();
  ASSERT_TRUE(a.ok() && b.ok());
  testing::PkeyOwner ka = testing::PemToKey(a->private_pem), kb = testing::PemToKey(b->private_pem);
  X509_REQ* req = X509_REQ_new();
  X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("x"), -1, -1, 0);
  X509_REQ_set_pubkey(req, kb.get());
  ASSERT_GT(X509_REQ_sign(req, ka.get(), EVP_sha256()), 0);
  std::string pem = ReqToPem(req);
  X509_REQ_free(req);
  absl::Status st = ParseCsr(pem).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("CSR signature verification failed"), absl::string_view::npos) << st;
}

TEST(CsrTest, ParseRejectsEmailSanAndMissingCommonName) {
  absl::StatusOr<KeyPair> a = GenerateKeyPair();
  ASSERT_TRUE(a.ok());
  testing::PkeyOwner k = testing::PemToKey(a->private_pem);
  X509_REQ* req = X509_REQ_new();
  X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("x"), -1, -1, 0);
  X509_REQ_set_pubkey(req, k.get());
  STACK_OF(X509_EXTENSION)* exts = sk_X509_EXTENSION_new_null();
  sk_X509_EXTENSION_push(
      exts, X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, "email:a@example.com"));
  X509_REQ_add_extensions(req, exts);
  sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  ASSERT_GT(X509_REQ_sign(req, k.get(), EVP_sha256()), 0);
  std::string pem = ReqToPem(req);
  X509_REQ_free(req);
  absl::Status st = ParseCsr(pem).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("unsupported subjectAltName"), absl::string_view::npos) << st;

  CertRequest no_cn;
  absl::StatusOr<std::string> csr = CreateCsr(no_cn, a->private_pem);
  // An empty CN is refused by one side or the other.
  EXPECT_TRUE(!csr.ok() || !ParseCsr(*csr).ok());
}

TEST(CsrTest, ParseRejectsGarbage) {
  EXPECT_EQ(ParseCsr("nope").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wisp::tls
