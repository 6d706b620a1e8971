// Service-account JWTs: claims as upstream writes them, and every reason a
// token is refused.
#include "apiserver/service_account_tokens.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "wisp/tls/jws.h"
#include "wisp/tls/key.h"

namespace wisp::apiserver {
namespace {

using nlohmann::json;

constexpr char kIssuer[] = "https://kubernetes.default.svc.cluster.local";
constexpr int64_t kNow = 1'800'000'000;

class TokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pair = tls::GenerateKeyPair(tls::KeyAlgorithm::kRsa2048);
    ASSERT_TRUE(pair.ok());
    auto tokens = ServiceAccountTokens::Create(pair->private_pem, {pair->public_pem}, kIssuer, {});
    ASSERT_TRUE(tokens.ok()) << tokens.status();
    tokens_ = *std::move(tokens);
  }

  TokenClaims Claims() const {
    TokenClaims c;
    c.namespace_ = "ns";
    c.service_account = {"builder", "sa-uid"};
    c.audiences = {kIssuer};
    c.issued_at = kNow;
    c.expires_at = kNow + 3600;
    c.jti = "jti-1";
    return c;
  }

  json Payload(const std::string& token) const {
    auto parts = tls::ParseJws(token);
    EXPECT_TRUE(parts.ok());
    return json::parse(parts->payload);
  }

  std::unique_ptr<ServiceAccountTokens> tokens_;
};

TEST_F(TokensTest, IssuedTokensCarryUpstreamsClaims) {
  TokenClaims c = Claims();
  c.pod = TokenObjectRef{"web", "pod-uid"};
  c.node = TokenObjectRef{"n1", ""};
  auto token = tokens_->Issue(c);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(Payload(*token), json::parse(R"({"iss":"https://kubernetes.default.svc.cluster.local",
    "sub":"system:serviceaccount:ns:builder","aud":["https://kubernetes.default.svc.cluster.local"],
    "exp":1800003600,"iat":1800000000,"nbf":1800000000,"jti":"jti-1",
    "kubernetes.io":{"namespace":"ns","serviceaccount":{"name":"builder","uid":"sa-uid"},
      "pod":{"name":"web","uid":"pod-uid"},"node":{"name":"n1"}}})"));
  auto back = tokens_->Verify(*token, kNow + 10);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->service_account.uid, "sa-uid");
  EXPECT_EQ(back->pod->uid, "pod-uid");
  EXPECT_EQ(back->node->name, "n1");
  EXPECT_FALSE(back->secret.has_value());
  EXPECT_EQ(back->jti, "jti-1");
}

TEST_F(TokensTest, TimeWindowHasAMinuteOfLeeway) {
  auto token = tokens_->Issue(Claims());
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(tokens_->Verify(*token, kNow + 3600 + 60).ok());
  auto expired = tokens_->Verify(*token, kNow + 3600 + 61);
  EXPECT_EQ(expired.status().message(), "service account token has expired");
  auto early = tokens_->Verify(*token, kNow - 61);
  EXPECT_EQ(early.status().message(), "service account token is not valid yet");
}

TEST_F(TokensTest, AudienceMustBeTheApis) {
  TokenClaims c = Claims();
  c.audiences = {"vault"};
  auto token = tokens_->Issue(c);
  auto r = tokens_->Verify(*token, kNow);
  EXPECT_TRUE(absl::IsUnauthenticated(r.status()));
  EXPECT_EQ(r.status().message(),
            "token audiences [\"vault\"] is invalid for the target audiences "
            "[\"https://kubernetes.default.svc.cluster.local\"]");
}

TEST_F(TokensTest, OtherIssuersAndForgeriesAreRefused) {
  auto pair = tls::GenerateKeyPair(tls::KeyAlgorithm::kRsa2048);
  auto foreign = ServiceAccountTokens::Create(pair->private_pem, {pair->public_pem},
                                              "https://elsewhere.example", {});
  ASSERT_TRUE(foreign.ok());
  auto other = (*foreign)->Issue(Claims());
  EXPECT_TRUE(absl::IsNotFound(tokens_->Verify(*other, kNow).status()));  // not ours
  // Same issuer, wrong key: a forgery.
  auto forger = ServiceAccountTokens::Create(pair->private_pem, {pair->public_pem}, kIssuer, {});
  auto forged = (*forger)->Issue(Claims());
  EXPECT_TRUE(absl::IsUnauthenticated(tokens_->Verify(*forged, kNow).status()));
  EXPECT_TRUE(absl::IsNotFound(tokens_->Verify("static-token", kNow).status()));
}

TEST_F(TokensTest, LegacySecretTokens) {
  TokenClaims c = Claims();
  c.secret = TokenObjectRef{"builder-token", ""};
  auto token = tokens_->IssueLegacy(c);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(Payload(*token), json::parse(R"({"iss":"kubernetes/serviceaccount",
    "sub":"system:serviceaccount:ns:builder",
    "kubernetes.io/serviceaccount/namespace":"ns",
    "kubernetes.io/serviceaccount/secret.name":"builder-token",
    "kubernetes.io/serviceaccount/service-account.name":"builder",
    "kubernetes.io/serviceaccount/service-account.uid":"sa-uid"})"));
  auto back = tokens_->Verify(*token, kNow + 100'000'000);  // never expires
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(back->legacy);
  EXPECT_EQ(back->secret->name, "builder-token");
}

TEST_F(TokensTest, DiscoveryDocuments) {
  json config = json::parse(tokens_->OpenIdConfiguration());
  EXPECT_EQ(config["issuer"], kIssuer);
  EXPECT_EQ(config["jwks_uri"], std::string(kIssuer) + "/openid/v1/jwks");
  EXPECT_EQ(config["id_token_signing_alg_values_supported"], json::array({"RS256"}));
  json jwks = json::parse(tokens_->Jwks());
  ASSERT_EQ(jwks["keys"].size(), 1u);
  EXPECT_EQ(jwks["keys"][0]["kty"], "RSA");
}

}  // namespace
}  // namespace wisp::apiserver
