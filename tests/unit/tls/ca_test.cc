#include "wisp/tls/ca.h"

#include <gtest/gtest.h>

#include "tls_test_util.h"
#include "wisp/tls/csr.h"

namespace wisp::tls {
namespace {

using testing::ExtensionCritical;
using testing::PemToX509;
using testing::VerifyChain;

const absl::Time kNow = absl::FromUnixSeconds(1790000000);  // 2026-09-21.

CertificateAuthority NewCa(KeyAlgorithm alg = KeyAlgorithm::kEcdsaP256) {
  absl::StatusOr<CertificateAuthority> ca =
      CertificateAuthority::Create("test-ca", alg, kDefaultCaValidity, absl::Now());
  EXPECT_TRUE(ca.ok()) << ca.status();
  return *std::move(ca);
}

CertRequest ServingRequest() {
  CertRequest r;
  r.common_name = "kube-apiserver";
  r.dns_names = {"kubernetes", "api.example.com"};
  r.ip_addresses = {"10.96.0.1", "2001:db8::1"};
  r.usages.server_auth = true;
  return r;
}

TEST(CertificateAuthorityTest, CaCertificateHasCaProperties) {
  absl::StatusOr<CertificateAuthority> ca =
      CertificateAuthority::Create("wisp-ca", KeyAlgorithm::kEcdsaP256, kDefaultCaValidity, kNow);
  ASSERT_TRUE(ca.ok()) << ca.status();
  testing::X509Owner x = PemToX509(ca->cert_pem());
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(X509_check_ca(x.get()), 1);
  EXPECT_EQ(ExtensionCritical(x.get(), NID_basic_constraints), 1);
  EXPECT_EQ(ExtensionCritical(x.get(), NID_key_usage), 1);
  uint32_t ku = X509_get_key_usage(x.get());
  EXPECT_TRUE(ku & KU_KEY_CERT_SIGN);
  EXPECT_TRUE(ku & KU_CRL_SIGN);
  EXPECT_NE(X509_get0_subject_key_id(x.get()), nullptr);
  EXPECT_EQ(X509_check_issued(x.get(), x.get()), X509_V_OK);  // Self-signed.
  EXPECT_EQ(X509_get_version(x.get()), X509_VERSION_3);
  // 10 years from now, started kClockSkew ago.
  int day = 0, sec = 0;
  ASSERT_EQ(ASN1_TIME_diff(&day, &sec, X509_get0_notBefore(x.get()), X509_get0_notAfter(x.get())),
            1);
  EXPECT_EQ(absl::Hours(24) * day + absl::Seconds(sec), kDefaultCaValidity + kClockSkew);
  EXPECT_EQ(X509_cmp_time(X509_get0_notBefore(x.get()), nullptr), -1);
}

TEST(CertificateAuthorityTest, LeafHasSansUsagesIssuerAndValidity) {
  CertificateAuthority ca = NewCa();
  absl::Time now = absl::Now();
  absl::StatusOr<IssuedCertificate> leaf =
      ca.Issue(ServingRequest(), KeyAlgorithm::kEcdsaP256, now);
  ASSERT_TRUE(leaf.ok()) << leaf.status();
  absl::StatusOr<CertificateInfo> info = InspectCertificate(leaf->cert_pem);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->common_name, "kube-apiserver");
  EXPECT_EQ(info->issuer_common_name, "test-ca");
  EXPECT_EQ(info->dns_names, (std::vector<std::string>{"kubernetes", "api.example.com"}));
  EXPECT_EQ(info->ip_addresses, (std::vector<std::string>{"10.96.0.1", "2001:db8::1"}));
  EXPECT_TRUE(info->usages.server_auth);
  EXPECT_FALSE(info->usages.client_auth);
  EXPECT_FALSE(info->is_ca);
  EXPECT_EQ(info->not_before, absl::FromUnixSeconds(absl::ToUnixSeconds(now - kClockSkew)));
  EXPECT_EQ(info->not_after,
            absl::FromUnixSeconds(absl::ToUnixSeconds(now + kDefaultLeafValidity)));

  testing::X509Owner x = PemToX509(leaf->cert_pem);
  EXPECT_EQ(ExtensionCritical(x.get(), NID_basic_constraints), 1);
  EXPECT_EQ(X509_check_ca(x.get()), 0);
  EXPECT_EQ(X509_check_host(x.get(), "api.example.com", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(x.get(), "10.96.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(x.get(), "10.96.0.2", 0), 0);
  EXPECT_EQ(X509_check_purpose(x.get(), X509_PURPOSE_SSL_SERVER, 0), 1);
  EXPECT_EQ(X509_check_purpose(x.get(), X509_PURPOSE_SSL_CLIENT, 0), 0);
  EXPECT_EQ(X509_get_key_usage(x.get()) & KU_DIGITAL_SIGNATURE, KU_DIGITAL_SIGNATURE);
}

TEST(CertificateAuthorityTest, LeafChainVerifiesWithOpenSsl) {
  CertificateAuthority ca = NewCa();
  absl::StatusOr<IssuedCertificate> leaf = ca.Issue(ServingRequest());
  ASSERT_TRUE(leaf.ok());
  EXPECT_EQ(VerifyChain(ca.cert_pem(), leaf->cert_pem), X509_V_OK);
  CertificateAuthority other = NewCa();
  EXPECT_NE(VerifyChain(other.cert_pem(), leaf->cert_pem), X509_V_OK);
}

TEST(CertificateAuthorityTest, AuthorityKeyIdIsTheCaSubjectKeyId) {
  CertificateAuthority ca = NewCa();
  absl::StatusOr<IssuedCertificate> leaf = ca.Issue(ServingRequest());
  ASSERT_TRUE(leaf.ok());
  absl::StatusOr<CertificateInfo> ca_info = InspectCertificate(ca.cert_pem());
  absl::StatusOr<CertificateInfo> leaf_info = InspectCertificate(leaf->cert_pem);
  ASSERT_TRUE(ca_info.ok() && leaf_info.ok());
  EXPECT_FALSE(ca_info->subject_key_id_hex.empty());
  EXPECT_EQ(leaf_info->authority_key_id_hex, ca_info->subject_key_id_hex);
  EXPECT_NE(leaf_info->subject_key_id_hex, ca_info->subject_key_id_hex);
}

TEST(CertificateAuthorityTest, SerialsAreRandom128BitNumbers) {
  CertificateAuthority ca = NewCa();
  absl::StatusOr<IssuedCertificate> a = ca.Issue(ServingRequest());
  absl::StatusOr<IssuedCertificate> b = ca.Issue(ServingRequest());
  ASSERT_TRUE(a.ok() && b.ok());
  testing::X509Owner xa = PemToX509(a->cert_pem), xb = PemToX509(b->cert_pem);
  BIGNUM* na = ASN1_INTEGER_to_BN(X509_get0_serialNumber(xa.get()), nullptr);
  BIGNUM* nb = ASN1_INTEGER_to_BN(X509_get0_serialNumber(xb.get()), nullptr);
  EXPECT_EQ(BN_num_bits(na), 128);
  EXPECT_EQ(BN_num_bits(nb), 128);
  EXPECT_NE(BN_cmp(na, nb), 0);
  EXPECT_FALSE(BN_is_negative(na));
  BN_free(na);
  BN_free(nb);
}

TEST(CertificateAuthorityTest, ClientLeafCarriesIdentity) {
  CertificateAuthority ca = NewCa();
  CertRequest r;
  r.common_name = "kubernetes-admin";
  r.organizations = {"system:masters", "team-a"};
  r.usages.client_auth = true;
  absl::StatusOr<IssuedCertificate> leaf = ca.Issue(r);
  ASSERT_TRUE(leaf.ok()) << leaf.status();
  testing::X509Owner x = PemToX509(leaf->cert_pem);
  EXPECT_EQ(X509_check_purpose(x.get(), X509_PURPOSE_SSL_CLIENT, 0), 1);
  EXPECT_EQ(X509_check_purpose(x.get(), X509_PURPOSE_SSL_SERVER, 0), 0);
  EXPECT_EQ(X509_get_ext_by_NID(x.get(), NID_subject_alt_name, -1), -1);
  char buf[256];
  X509_NAME_oneline(X509_get_subject_name(x.get()), buf, sizeof buf);
  EXPECT_STREQ(buf, "/O=system:masters/O=team-a/CN=kubernetes-admin");
}

TEST(CertificateAuthorityTest, RsaLeafAddsKeyEncipherment) {
  CertificateAuthority ca = NewCa(KeyAlgorithm::kRsa2048);
  absl::StatusOr<IssuedCertificate> leaf = ca.Issue(ServingRequest(), KeyAlgorithm::kRsa2048);
  ASSERT_TRUE(leaf.ok()) << leaf.status();
  testing::X509Owner x = PemToX509(leaf->cert_pem);
  EXPECT_TRUE(X509_get_key_usage(x.get()) & KU_KEY_ENCIPHERMENT);
  EXPECT_EQ(VerifyChain(ca.cert_pem(), leaf->cert_pem), X509_V_OK);
}

TEST(CertificateAuthorityTest, LeafNeverOutlivesItsCa) {
  absl::Time now = absl::Now();
  absl::StatusOr<CertificateAuthority> ca =
      CertificateAuthority::Create("short-ca", KeyAlgorithm::kEcdsaP256, absl::Hours(24), now);
  ASSERT_TRUE(ca.ok());
  absl::StatusOr<IssuedCertificate> leaf =
      ca->Issue(ServingRequest(), KeyAlgorithm::kEcdsaP256, now);
  ASSERT_TRUE(leaf.ok());
  absl::StatusOr<CertificateInfo> info = InspectCertificate(leaf->cert_pem);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->not_after, absl::FromUnixSeconds(absl::ToUnixSeconds(now + absl::Hours(24))));
  EXPECT_EQ(
      ca->Issue(ServingRequest(), KeyAlgorithm::kEcdsaP256, now + absl::Hours(25)).status().code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(CertificateAuthorityTest, RejectsInvalidRequests) {
  CertificateAuthority ca = NewCa();
  CertRequest r = ServingRequest();
  r.usages = {};
  EXPECT_EQ(ca.Issue(r).status().code(), absl::StatusCode::kInvalidArgument);
  r = ServingRequest();
  r.common_name = "";
  EXPECT_EQ(ca.Issue(r).status().code(), absl::StatusCode::kInvalidArgument);
  r = ServingRequest();
  r.ip_addresses = {"10.0.0.300"};
  absl::Status st = ca.Issue(r).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("10.0.0.300"), absl::string_view::npos) << st;
  r = ServingRequest();
  r.dns_names = {"bad name,DNS:evil.example"};
  EXPECT_EQ(ca.Issue(r).status().code(), absl::StatusCode::kInvalidArgument);
  r = ServingRequest();
  r.validity = absl::ZeroDuration();
  EXPECT_EQ(ca.Issue(r).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CertificateAuthorityTest, LoadAcceptsItsOwnOutput) {
  CertificateAuthority ca = NewCa();
  absl::StatusOr<CertificateAuthority> loaded =
      CertificateAuthority::Load(ca.cert_pem(), ca.key_pem());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  absl::StatusOr<IssuedCertificate> leaf = loaded->Issue(ServingRequest());
  ASSERT_TRUE(leaf.ok());
  EXPECT_EQ(VerifyChain(ca.cert_pem(), leaf->cert_pem), X509_V_OK);
}

TEST(CertificateAuthorityTest, LoadRejectsMismatchedKeyAndNonCaCertificate) {
  CertificateAuthority ca = NewCa(), other = NewCa();
  absl::Status st = CertificateAuthority::Load(ca.cert_pem(), other.key_pem()).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  absl::StatusOr<IssuedCertificate> leaf = ca.Issue(ServingRequest());
  ASSERT_TRUE(leaf.ok());
  st = CertificateAuthority::Load(leaf->cert_pem, leaf->key.private_pem).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  EXPECT_EQ(CertificateAuthority::Load("junk", ca.key_pem()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CertificateAuthorityTest, SignsCsrWithCallerUsagesAndValidity) {
  CertificateAuthority ca = NewCa();
  absl::StatusOr<KeyPair> key = GenerateKeyPair();
  ASSERT_TRUE(key.ok());
  CertRequest r;
  r.common_name = "system:node:worker-1";
  r.organizations = {"system:nodes"};
  r.dns_names = {"worker-1"};
  r.ip_addresses = {"192.168.1.20"};
  absl::StatusOr<std::string> csr = CreateCsr(r, key->private_pem);
  ASSERT_TRUE(csr.ok()) << csr.status();
  absl::Time now = absl::Now();
  absl::StatusOr<std::string> cert =
      ca.SignCsr(*csr, Usages{.client_auth = true}, absl::Hours(48), now);
  ASSERT_TRUE(cert.ok()) << cert.status();
  absl::StatusOr<CertificateInfo> info = InspectCertificate(*cert);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->common_name, "system:node:worker-1");
  EXPECT_EQ(info->organizations, std::vector<std::string>{"system:nodes"});
  EXPECT_EQ(info->dns_names, std::vector<std::string>{"worker-1"});
  EXPECT_EQ(info->ip_addresses, std::vector<std::string>{"192.168.1.20"});
  EXPECT_EQ(info->usages, (Usages{.server_auth = false, .client_auth = true}));
  EXPECT_EQ(info->not_after, absl::FromUnixSeconds(absl::ToUnixSeconds(now + absl::Hours(48))));
  EXPECT_EQ(info->public_key_pem, key->public_pem);
  EXPECT_EQ(VerifyChain(ca.cert_pem(), *cert), X509_V_OK);
}

TEST(CertificateAuthorityTest, RejectsCsrWithBadSignature) {
  CertificateAuthority ca = NewCa();
  absl::StatusOr<KeyPair> a = GenerateKeyPair(), b = GenerateKeyPair();
  ASSERT_TRUE(a.ok() && b.ok());
  // A CSR carrying key B's public half but signed with key A.
  testing::PkeyOwner ka = testing::PemToKey(a->private_pem), kb = testing::PemToKey(b->private_pem);
  X509_REQ* req = X509_REQ_new();
  X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("mallory"), -1, -1, 0);
  X509_REQ_set_pubkey(req, kb.get());
  ASSERT_GT(X509_REQ_sign(req, ka.get(), EVP_sha256()), 0);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509_REQ(bio, req);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  X509_REQ_free(req);
  absl::Status st = ca.SignCsr(pem, Usages{.client_auth = true}).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("signature"), absl::string_view::npos) << st;
}

}  // namespace
}  // namespace wisp::tls
