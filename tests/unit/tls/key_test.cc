#include "wisp/tls/key.h"

#include <gtest/gtest.h>

#include "tls_test_util.h"

namespace wisp::tls {
namespace {

using testing::PemToKey;

TEST(KeyTest, GeneratesEcdsaP256ByDefault) {
  absl::StatusOr<KeyPair> pair = GenerateKeyPair();
  ASSERT_TRUE(pair.ok()) << pair.status();
  EXPECT_EQ(pair->algorithm, KeyAlgorithm::kEcdsaP256);
  EXPECT_EQ(pair->private_pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
  EXPECT_EQ(pair->public_pem.rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
  testing::PkeyOwner key = PemToKey(pair->private_pem);
  ASSERT_NE(key, nullptr);
  EXPECT_TRUE(EVP_PKEY_is_a(key.get(), "EC"));
  EXPECT_EQ(EVP_PKEY_get_bits(key.get()), 256);
}

TEST(KeyTest, GeneratesRsa2048ForServiceAccounts) {
  absl::StatusOr<KeyPair> pair = GenerateKeyPair(KeyAlgorithm::kRsa2048);
  ASSERT_TRUE(pair.ok()) << pair.status();
  testing::PkeyOwner key = PemToKey(pair->private_pem);
  ASSERT_NE(key, nullptr);
  EXPECT_TRUE(EVP_PKEY_is_a(key.get(), "RSA"));
  EXPECT_EQ(EVP_PKEY_get_bits(key.get()), 2048);
  EXPECT_TRUE(IsRsa(pair->algorithm));
}

TEST(KeyTest, TwoKeysDiffer) {
  absl::StatusOr<KeyPair> a = GenerateKeyPair(), b = GenerateKeyPair();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->private_pem, b->private_pem);
}

TEST(KeyTest, ParseRoundTripsAndDerivesPublicKey) {
  for (KeyAlgorithm alg :
       {KeyAlgorithm::kEcdsaP256, KeyAlgorithm::kEcdsaP384, KeyAlgorithm::kRsa2048}) {
    absl::StatusOr<KeyPair> pair = GenerateKeyPair(alg);
    ASSERT_TRUE(pair.ok()) << pair.status();
    absl::StatusOr<KeyPair> parsed = ParsePrivateKeyPem(pair->private_pem);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->algorithm, alg) << KeyAlgorithmName(alg);
    EXPECT_EQ(parsed->private_pem, pair->private_pem);
    EXPECT_EQ(parsed->public_pem, pair->public_pem);
  }
}

TEST(KeyTest, ParseAcceptsTraditionalRsaFormAndNormalizesToPkcs8) {
  absl::StatusOr<KeyPair> pair = GenerateKeyPair(KeyAlgorithm::kRsa2048);
  ASSERT_TRUE(pair.ok());
  testing::PkeyOwner key = PemToKey(pair->private_pem);
  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(
      PEM_write_bio_PrivateKey_traditional(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr),
      1);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string pkcs1(data, static_cast<size_t>(len));
  BIO_free(bio);
  ASSERT_NE(pkcs1.find("BEGIN RSA PRIVATE KEY"), std::string::npos);
  absl::StatusOr<KeyPair> parsed = ParsePrivateKeyPem(pkcs1);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->algorithm, KeyAlgorithm::kRsa2048);
  EXPECT_EQ(parsed->private_pem, pair->private_pem);
}

TEST(KeyTest, ParseRejectsGarbageWithOpenSslReason) {
  absl::StatusOr<KeyPair> parsed = ParsePrivateKeyPem("not a key");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("not a PEM private key: "), absl::string_view::npos)
      << parsed.status();
}

TEST(KeyTest, ParseRejectsEncryptedKeyWithoutPrompting) {
  absl::StatusOr<KeyPair> pair = GenerateKeyPair();
  ASSERT_TRUE(pair.ok());
  testing::PkeyOwner key = PemToKey(pair->private_pem);
  BIO* bio = BIO_new(BIO_s_mem());
  char pass[] = "secret";
  ASSERT_EQ(
      PEM_write_bio_PKCS8PrivateKey(bio, key.get(), EVP_aes_256_cbc(), pass, 6, nullptr, nullptr),
      1);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string encrypted(data, static_cast<size_t>(len));
  BIO_free(bio);
  absl::StatusOr<KeyPair> parsed = ParsePrivateKeyPem(encrypted);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(KeyTest, NormalizePublicKeyRejectsGarbage) {
  absl::StatusOr<KeyPair> pair = GenerateKeyPair();
  ASSERT_TRUE(pair.ok());
  absl::StatusOr<std::string> pub = NormalizePublicKeyPem(pair->public_pem);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(*pub, pair->public_pem);
  EXPECT_FALSE(NormalizePublicKeyPem("junk").ok());
}

TEST(KeyTest, AlgorithmNames) {
  EXPECT_EQ(KeyAlgorithmName(KeyAlgorithm::kEcdsaP256), "ECDSA-P256");
  EXPECT_EQ(KeyAlgorithmName(KeyAlgorithm::kRsa2048), "RSA-2048");
  EXPECT_FALSE(IsRsa(KeyAlgorithm::kEcdsaP384));
}

}  // namespace
}  // namespace wisp::tls
