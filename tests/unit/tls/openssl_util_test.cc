#include "tls/openssl_util.h"

#include <gtest/gtest.h>
#include <openssl/err.h>

#include "wisp/tls/key.h"

namespace wisp::tls::internal {
namespace {

TEST(OpenSslUtilTest, ErrorCarriesTheQueueAndDrainsIt) {
  ERR_clear_error();
  EXPECT_EQ(ParseCertificate("garbage").status().code(), absl::StatusCode::kInvalidArgument);
  ERR_put_error(ERR_LIB_X509, 0, X509_R_CERT_ALREADY_IN_HASH_TABLE, __FILE__, __LINE__);
  absl::Status st = OpenSslError("doing things");
  EXPECT_EQ(st.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(st.message().rfind("doing things: ", 0), 0u) << st;
  EXPECT_NE(st.message().find("cert already in hash table"), absl::string_view::npos) << st;
  EXPECT_EQ(ERR_peek_error(), 0u);
  EXPECT_NE(OpenSslError("empty").message().find("unknown OpenSSL error"), absl::string_view::npos);
}

TEST(OpenSslUtilTest, KeyPemRoundTrip) {
  absl::StatusOr<KeyPair> pair = GenerateKeyPair();
  ASSERT_TRUE(pair.ok());
  absl::StatusOr<EvpPkeyPtr> key = ParsePrivateKey(pair->private_pem);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*PrivateKeyToPem(key->get()), pair->private_pem);
  EXPECT_EQ(*PublicKeyToPem(key->get()), pair->public_pem);
  absl::StatusOr<EvpPkeyPtr> pub = ParsePublicKey(pair->public_pem);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(EVP_PKEY_eq(key->get(), pub->get()), 1);
  absl::Status st = ParsePublicKey(pair->private_pem).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
}

TEST(OpenSslUtilTest, HexAndTime) {
  const unsigned char bytes[] = {0x00, 0xab, 0x10, 0xff};
  EXPECT_EQ(HexBytes(bytes, sizeof bytes), "00ab10ff");
  ASN1_TIME* t = ASN1_TIME_set(nullptr, 1790000000);
  EXPECT_EQ(Asn1TimeToTime(t), absl::FromUnixSeconds(1790000000));
  ASN1_TIME_free(t);
  EXPECT_EQ(Asn1TimeToTime(nullptr), absl::InfinitePast());
}

TEST(OpenSslUtilTest, MemoryBioReadsTheBytes) {
  BioPtr bio = MemoryBio("hello");
  ASSERT_NE(bio, nullptr);
  char buf[8] = {};
  EXPECT_EQ(BIO_read(bio.get(), buf, sizeof buf), 5);
  EXPECT_STREQ(buf, "hello");
}

}  // namespace
}  // namespace wisp::tls::internal
