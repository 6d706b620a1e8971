// Secrets: type default, stringData, per-type keys and immutable type.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(SecretStrategy, DefaultsTypeAndFoldsStringData) {
  auto s = NewSecretStrategy();
  Json secret = J(R"({"metadata":{"name":"s","namespace":"d"},"data":{"a":"eA=="},
      "stringData":{"user":"admin","a":"y"}})");
  Causes causes = testing::Create(*s, secret);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(secret["type"], "Opaque");
  EXPECT_FALSE(secret.contains("stringData"));
  EXPECT_EQ(secret["data"], J(R"({"a":"eQ==","user":"YWRtaW4="})"));
}

TEST(SecretStrategy, TypedSecretsNeedTheirKeys) {
  auto s = NewSecretStrategy();
  Json tls = J(R"({"metadata":{"name":"s","namespace":"d"},"type":"kubernetes.io/tls",
      "data":{"tls.crt":"eA=="}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, tls), "data[tls.key]", "FieldValueRequired"));
  Json token = J(R"({"metadata":{"name":"s","namespace":"d"},
      "type":"kubernetes.io/service-account-token"})");
  EXPECT_TRUE(HasCause(testing::Create(*s, token),
                       "metadata.annotations[kubernetes.io/service-account.name]",
                       "FieldValueRequired"));
}

TEST(SecretStrategy, TypeIsImmutable) {
  auto s = NewSecretStrategy();
  Json old = J(R"({"metadata":{"name":"s","namespace":"d"},"type":"Opaque","data":{}})");
  Json changed = old;
  changed["type"] = "example.com/other";
  EXPECT_TRUE(HasCause(testing::Update(*s, changed, old), "type", "FieldValueInvalid",
                       "field is immutable"));
}

TEST(SecretStrategy, SizeLimitCountsDecodedBytes) {
  auto s = NewSecretStrategy();
  Json secret = J(R"({"metadata":{"name":"s","namespace":"d"}})");
  // 1 MiB + 3 bytes once decoded.
  secret["data"]["big"] = std::string((1024 * 1024 + 3) / 3 * 4, 'A');
  EXPECT_TRUE(HasCause(testing::Create(*s, secret), "data", "FieldValueTooLong"));
}

}  // namespace
}  // namespace wisp::strategies
