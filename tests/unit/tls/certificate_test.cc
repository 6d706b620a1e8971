#include "wisp/tls/certificate.h"

#include <gtest/gtest.h>

#include "tls_test_util.h"
#include "wisp/tls/ca.h"

namespace wisp::tls {
namespace {

class CertificateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<CertificateAuthority> ca = CertificateAuthority::Create("ca");
    ASSERT_TRUE(ca.ok()) << ca.status();
    ca_ = std::make_unique<CertificateAuthority>(*std::move(ca));
    CertRequest r;
    r.common_name = "node";
    r.organizations = {"g1", "g2"};
    r.dns_names = {"node.example"};
    r.ip_addresses = {"::1", "192.0.2.7"};
    r.usages = {.server_auth = true, .client_auth = true};
    absl::StatusOr<IssuedCertificate> leaf = ca_->Issue(r);
    ASSERT_TRUE(leaf.ok()) << leaf.status();
    leaf_ = *std::move(leaf);
  }

  std::unique_ptr<CertificateAuthority> ca_;
  IssuedCertificate leaf_;
};

TEST_F(CertificateTest, InspectReportsEveryField) {
  absl::StatusOr<CertificateInfo> info = InspectCertificate(leaf_.cert_pem);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->common_name, "node");
  EXPECT_EQ(info->organizations, (std::vector<std::string>{"g1", "g2"}));
  EXPECT_EQ(info->issuer_common_name, "ca");
  EXPECT_EQ(info->dns_names, std::vector<std::string>{"node.example"});
  EXPECT_EQ(info->ip_addresses, (std::vector<std::string>{"::1", "192.0.2.7"}));
  EXPECT_EQ(info->usages, (Usages{.server_auth = true, .client_auth = true}));
  EXPECT_FALSE(info->is_ca);
  EXPECT_EQ(info->serial_hex.size(), 32u);
  EXPECT_EQ(info->public_key_pem, leaf_.key.public_pem);
  EXPECT_LT(info->not_before, absl::Now());
  EXPECT_GT(info->not_after, absl::Now() + absl::Hours(24 * 364));
  testing::X509Owner x = testing::PemToX509(leaf_.cert_pem);
  ASN1_INTEGER* serial = X509_get_serialNumber(x.get());
  BIGNUM* bn = ASN1_INTEGER_to_BN(serial, nullptr);
  char* hex = BN_bn2hex(bn);
  std::string upper = info->serial_hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(upper, hex);
  OPENSSL_free(hex);
  BN_free(bn);
}

TEST_F(CertificateTest, InspectRejectsGarbage) {
  EXPECT_EQ(InspectCertificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(InspectCertificate("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CertificateTest, VerifyAcceptsChainAndRejectsOtherCa) {
  EXPECT_TRUE(VerifyCertificate(leaf_.cert_pem, ca_->cert_pem()).ok());
  absl::StatusOr<CertificateAuthority> other = CertificateAuthority::Create("ca");
  ASSERT_TRUE(other.ok());
  absl::Status st = VerifyCertificate(leaf_.cert_pem, other->cert_pem());
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
}

TEST_F(CertificateTest, VerifyReportsExpiry) {
  absl::Status st =
      VerifyCertificate(leaf_.cert_pem, ca_->cert_pem(), absl::Now() + absl::Hours(24 * 400));
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("expired"), absl::string_view::npos) << st;
}

TEST_F(CertificateTest, KeyMatchCheck) {
  EXPECT_TRUE(CheckKeyMatchesCertificate(leaf_.cert_pem, leaf_.key.private_pem).ok());
  absl::Status st = CheckKeyMatchesCertificate(leaf_.cert_pem, ca_->key_pem());
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  EXPECT_EQ(CheckKeyMatchesCertificate(leaf_.cert_pem, "x").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CertificateTest, CaIsReportedAsCa) {
  absl::StatusOr<CertificateInfo> info = InspectCertificate(ca_->cert_pem());
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->is_ca);
  EXPECT_EQ(info->common_name, info->issuer_common_name);
  EXPECT_TRUE(info->authority_key_id_hex.empty());
}

}  // namespace
}  // namespace wisp::tls
