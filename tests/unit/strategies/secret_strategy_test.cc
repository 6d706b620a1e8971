// Secrets: type default, stringData, per-type keys (docker configs holding
// JSON) and immutable type.
#include <string>
#include <string_view>

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

// A Secret of `type` whose stringData is `string_data` (JSON text).
Json TypedSecret(std::string_view type, std::string_view string_data) {
  Json secret = J(R"({"metadata":{"name":"s","namespace":"d"}})");
  secret["type"] = type;
  secret["stringData"] = J(string_data);
  return secret;
}

TEST(SecretStrategy, BasicAuthNeedsUsernameOrPassword) {
  auto s = NewSecretStrategy();
  Json none = TypedSecret("kubernetes.io/basic-auth", R"({"user":"x"})");
  Causes causes = testing::Create(*s, none);
  EXPECT_TRUE(HasCause(causes, "data[username]", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "data[password]", "FieldValueRequired"));
  // Either key may be empty, but one must be present.
  Json empty_password = TypedSecret("kubernetes.io/basic-auth", R"({"password":""})");
  causes = testing::Create(*s, empty_password);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(SecretStrategy, SshAuthNeedsANonEmptyKey) {
  auto s = NewSecretStrategy();
  Json empty = TypedSecret("kubernetes.io/ssh-auth", R"({"ssh-privatekey":""})");
  EXPECT_TRUE(HasCause(testing::Create(*s, empty), "data[ssh-privatekey]", "FieldValueRequired"));
  Json ok = TypedSecret("kubernetes.io/ssh-auth", R"({"ssh-privatekey":"k"})");
  Causes causes = testing::Create(*s, ok);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(SecretStrategy, DockerConfigsMustBeJsonObjects) {
  auto s = NewSecretStrategy();
  const std::string redacted = R"(Invalid value: "<secret contents redacted>": )";
  struct Case {
    const char* content;
    const char* error;  // Go's json.Unmarshal error, "" when accepted
  };
  const Case cases[] = {
      {R"({"auths":{"r.example":{"auth":"eDp5"}}})", ""},
      {"null", ""},
      {"x", "invalid character 'x' looking for beginning of value"},
      {"", "unexpected end of JSON input"},
      {"{", "unexpected end of JSON input"},
      {R"({"a" 1})", "invalid character '1' after object key"},
      {R"({"a":1 "b":2})", "invalid character '\"' after object key:value pair"},
      {"{1:2}", "invalid character '1' looking for beginning of object key string"},
      {"[1,]", "invalid character ']' looking for beginning of value"},
      {"{} x", "invalid character 'x' after top-level value"},
      {"tru", "invalid character ' ' in literal true (expecting 'e')"},
      {"nul!", "invalid character '!' in literal null (expecting 'l')"},
      {"1.x", "invalid character 'x' after decimal point in numeric literal"},
      {"1e+", "invalid character ' ' in exponent of numeric literal"},
      {"\"a\\q\"", "invalid character 'q' in string escape code"},
      {"\"\t\"", "invalid character '\\t' in string literal"},
      {"{\"a\":\"\\u12x\"}", "invalid character 'x' in \\u hexadecimal character escape"},
      {"[]", "json: cannot unmarshal array into Go value of type map[string]interface {}"},
      {"\"s\"", "json: cannot unmarshal string into Go value of type map[string]interface {}"},
      {" 12", "json: cannot unmarshal number into Go value of type map[string]interface {}"},
      {"false", "json: cannot unmarshal bool into Go value of type map[string]interface {}"},
  };
  for (const Case& c : cases) {
    Json string_data = Json::object();
    string_data[".dockerconfigjson"] = c.content;
    Json secret = TypedSecret("kubernetes.io/dockerconfigjson", string_data.dump());
    Causes causes = testing::Create(*s, secret);
    if (*c.error == '\0') {
      EXPECT_TRUE(causes.empty()) << c.content << "\n" << testing::Describe(causes);
      continue;
    }
    ASSERT_EQ(causes.size(), 1u) << c.content << "\n" << testing::Describe(causes);
    EXPECT_EQ(causes[0].field, "data[.dockerconfigjson]");
    EXPECT_EQ(causes[0].message, redacted + c.error) << c.content;
  }
  Json dockercfg = TypedSecret("kubernetes.io/dockercfg", R"({".dockercfg":"[}"})");
  EXPECT_TRUE(HasCause(testing::Create(*s, dockercfg), "data[.dockercfg]", "FieldValueInvalid",
                       redacted + "invalid character '}' looking for beginning of value"));
}

}  // namespace
}  // namespace wisp::strategies
