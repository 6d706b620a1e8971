#include "tls/x509_builder.h"

#include <gtest/gtest.h>

#include "wisp/tls/key.h"

namespace wisp::tls::internal {
namespace {

EvpPkeyPtr NewKey(KeyAlgorithm alg = KeyAlgorithm::kEcdsaP256) {
  absl::StatusOr<KeyPair> pair = GenerateKeyPair(alg);
  EXPECT_TRUE(pair.ok());
  return *ParsePrivateKey(pair->private_pem);
}

CertSpec Spec(bool is_ca) {
  CertSpec spec;
  spec.common_name = is_ca ? "ca" : "leaf";
  spec.is_ca = is_ca;
  spec.not_before = absl::FromUnixSeconds(1700000000);
  spec.not_after = spec.not_before + absl::Hours(24);
  return spec;
}

TEST(X509BuilderTest, SelfSignedCaHasNoAuthorityKeyIdAndVerifiesItself) {
  EvpPkeyPtr key = NewKey();
  absl::StatusOr<X509Ptr> ca = BuildCertificate(Spec(true), key.get(), nullptr, key.get());
  ASSERT_TRUE(ca.ok()) << ca.status();
  EXPECT_EQ(X509_get_ext_by_NID(ca->get(), NID_authority_key_identifier, -1), -1);
  EXPECT_EQ(X509_get_ext_by_NID(ca->get(), NID_ext_key_usage, -1), -1);
  EXPECT_EQ(X509_verify(ca->get(), key.get()), 1);
  EXPECT_EQ(Asn1TimeToTime(X509_get0_notBefore(ca->get())), absl::FromUnixSeconds(1700000000));
}

TEST(X509BuilderTest, LeafIsSignedByIssuerWithBothUsagesAndNoSansWhenNoneAsked) {
  EvpPkeyPtr ca_key = NewKey(), leaf_key = NewKey();
  absl::StatusOr<X509Ptr> ca = BuildCertificate(Spec(true), ca_key.get(), nullptr, ca_key.get());
  ASSERT_TRUE(ca.ok());
  CertSpec spec = Spec(false);
  spec.usages = {.server_auth = true, .client_auth = true};
  absl::StatusOr<X509Ptr> leaf = BuildCertificate(spec, leaf_key.get(), ca->get(), ca_key.get());
  ASSERT_TRUE(leaf.ok()) << leaf.status();
  EXPECT_EQ(X509_verify(leaf->get(), ca_key.get()), 1);
  EXPECT_EQ(X509_check_issued(ca->get(), leaf->get()), X509_V_OK);
  EXPECT_EQ(X509_get_ext_by_NID(leaf->get(), NID_subject_alt_name, -1), -1);
  uint32_t xku = X509_get_extended_key_usage(leaf->get());
  EXPECT_TRUE((xku & XKU_SSL_SERVER) && (xku & XKU_SSL_CLIENT));
}

TEST(X509BuilderTest, P384IssuerSignsWithSha384) {
  EvpPkeyPtr key = NewKey(KeyAlgorithm::kEcdsaP384);
  absl::StatusOr<X509Ptr> ca = BuildCertificate(Spec(true), key.get(), nullptr, key.get());
  ASSERT_TRUE(ca.ok());
  EXPECT_EQ(X509_get_signature_nid(ca->get()), NID_ecdsa_with_SHA384);
}

TEST(X509BuilderTest, RejectsBadIpAndEmptyValidity) {
  EvpPkeyPtr key = NewKey();
  CertSpec spec = Spec(true);
  spec.ip_addresses = {"not-an-ip"};
  EXPECT_EQ(BuildCertificate(spec, key.get(), nullptr, key.get()).status().code(),
            absl::StatusCode::kInvalidArgument);
  spec = Spec(true);
  spec.not_after = spec.not_before;
  EXPECT_EQ(BuildCertificate(spec, key.get(), nullptr, key.get()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wisp::tls::internal
