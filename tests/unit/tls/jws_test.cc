// JWS: tokens signed here verify with the openssl command line (an
// independent implementation), key ids follow upstream's derivation, and
// anything altered is refused.
#include "wisp/tls/jws.h"

#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/escaping.h"
#include "testing/process.h"
#include "unit/tls/tls_test_util.h"
#include "wisp/tls/key.h"

namespace wisp::tls {
namespace {

using testing::TempDir;

void Write(const std::string& path, std::string_view data) {
  std::ofstream(path, std::ios::binary) << data;
}

std::string Unb64(std::string_view part) {
  std::string out;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(absl::string_view(part.data(), part.size()), &out));
  return out;
}

TEST(Jws, Rs256TokensVerifyWithOpenSslAndHaveUpstreamKeyIds) {
  auto pair = GenerateKeyPair(KeyAlgorithm::kRsa2048);
  ASSERT_TRUE(pair.ok());
  auto signer = NewJwsSigner(pair->private_pem);
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_EQ(signer->alg, "RS256");
  auto token = SignJws(*signer, R"({"sub":"x"})");
  ASSERT_TRUE(token.ok()) << token.status();

  TempDir dir;
  Write(dir / "pub.pem", pair->public_pem);
  size_t b = token->rfind('.');
  Write(dir / "input", token->substr(0, b));
  Write(dir / "sig", Unb64(std::string_view(*token).substr(b + 1)));
  auto verified = wisp::testing::Shell("openssl dgst -sha256 -verify " + (dir / "pub.pem") +
                                       " -signature " + (dir / "sig") + " " + (dir / "input"));
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  // kid = base64url(SHA-256(DER SubjectPublicKeyInfo)), unpadded.
  auto kid = wisp::testing::Shell("openssl pkey -pubin -in " + (dir / "pub.pem") +
                                  " -outform DER | openssl dgst -sha256 -binary | base64 -w0 | "
                                  "tr '+/' '-_' | tr -d '='");
  EXPECT_EQ(signer->kid, kid.output);
  auto parts = ParseJws(*token);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->header, R"({"alg":"RS256","kid":")" + kid.output + R"("})");
  EXPECT_EQ(parts->payload, R"({"sub":"x"})");

  auto key = NewJwsKey(pair->public_pem);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->kid, signer->kid);
  EXPECT_TRUE(VerifyJws(*parts, "RS256", *key).ok());
}

TEST(Jws, EcdsaTokensUseRawSignaturesAndVerify) {
  for (KeyAlgorithm algorithm : {KeyAlgorithm::kEcdsaP256, KeyAlgorithm::kEcdsaP384}) {
    auto pair = GenerateKeyPair(algorithm);
    ASSERT_TRUE(pair.ok());
    auto signer = NewJwsSigner(pair->private_pem);
    ASSERT_TRUE(signer.ok());
    auto token = SignJws(*signer, "payload");
    ASSERT_TRUE(token.ok());
    auto parts = ParseJws(*token);
    ASSERT_TRUE(parts.ok());
    const size_t want = algorithm == KeyAlgorithm::kEcdsaP256 ? 64 : 96;
    EXPECT_EQ(parts->signature.size(), want);  // r||s, RFC 7518 §3.4
    auto key = NewJwsKey(pair->public_pem);
    ASSERT_TRUE(key.ok());
    EXPECT_TRUE(VerifyJws(*parts, key->alg, *key).ok()) << key->alg;
    auto jwk = JwkJson(*key);
    ASSERT_TRUE(jwk.ok());
    EXPECT_NE(jwk->find(R"("kty":"EC")"), std::string::npos) << *jwk;
  }
}

TEST(Jws, AlteredTokensAndOtherKeysAreRefused) {
  auto pair = GenerateKeyPair(KeyAlgorithm::kRsa2048);
  auto other = GenerateKeyPair(KeyAlgorithm::kRsa2048);
  ASSERT_TRUE(pair.ok() && other.ok());
  auto signer = NewJwsSigner(pair->private_pem);
  auto token = SignJws(*signer, R"({"sub":"a"})");
  ASSERT_TRUE(token.ok());
  auto key = NewJwsKey(pair->public_pem);
  auto other_key = NewJwsKey(other->public_pem);
  auto parts = ParseJws(*token);
  ASSERT_TRUE(parts.ok());
  EXPECT_TRUE(absl::IsUnauthenticated(VerifyJws(*parts, "RS256", *other_key)));
  EXPECT_TRUE(absl::IsUnauthenticated(VerifyJws(*parts, "ES256", *key)));  // alg confusion
  JwsParts altered = *parts;
  altered.signing_input.back() ^= 1;
  EXPECT_TRUE(absl::IsUnauthenticated(VerifyJws(altered, "RS256", *key)));
  for (const char* bad : {"", "a.b", "a.b.c.d", "!!.e30.x"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseJws(bad).status())) << bad;
  }
}

TEST(Jws, RsaJwkCarriesModulusAndExponent) {
  auto pair = GenerateKeyPair(KeyAlgorithm::kRsa2048);
  auto key = NewJwsKey(pair->public_pem);
  ASSERT_TRUE(key.ok());
  auto jwk = JwkJson(*key);
  ASSERT_TRUE(jwk.ok());
  EXPECT_NE(jwk->find(R"("e":"AQAB")"), std::string::npos) << *jwk;
  EXPECT_NE(jwk->find(R"("use":"sig","kty":"RSA","kid":")" + key->kid), std::string::npos);
}

}  // namespace
}  // namespace wisp::tls
