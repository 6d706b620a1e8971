#include "wisp/apimachinery/validation.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace wisp::apimachinery {
namespace {

using Strings = std::vector<std::string>;

TEST(ValidationTest, Dns1123SubdomainAcceptsAndRejects) {
  EXPECT_TRUE(IsDns1123Subdomain("example.com").empty());
  EXPECT_TRUE(IsDns1123Subdomain("a").empty());
  EXPECT_EQ(IsDns1123Subdomain("Foo"),
            Strings{"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    "characters, '-' or '.', and must start and end with an alphanumeric "
                    "character (e.g. 'example.com', regex used for validation is "
                    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"});
  EXPECT_FALSE(IsDns1123Subdomain("a..b").empty());
  EXPECT_FALSE(IsDns1123Subdomain("-a").empty());
  EXPECT_FALSE(IsDns1123Subdomain("").empty());
  auto long_errs = IsDns1123Subdomain(std::string(254, 'a'));
  ASSERT_EQ(long_errs.size(), 1u);
  EXPECT_EQ(long_errs[0], "must be no more than 253 characters");
}

TEST(ValidationTest, Dns1123Label) {
  EXPECT_TRUE(IsDns1123Label("my-name").empty());
  EXPECT_TRUE(IsDns1123Label("123-abc").empty());
  EXPECT_EQ(IsDns1123Label("a.b"),
            Strings{"a lowercase RFC 1123 label must consist of lower case alphanumeric "
                    "characters or '-', and must start and end with an alphanumeric character "
                    "(e.g. 'my-name',  or '123-abc', regex used for validation is "
                    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"});
  EXPECT_EQ(IsDns1123Label(std::string(64, 'a')).at(0), "must be no more than 63 characters");
}

TEST(ValidationTest, Dns1035LabelMustStartWithLetter) {
  EXPECT_TRUE(IsDns1035Label("abc-123").empty());
  auto errs = IsDns1035Label("1abc");
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0],
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
            "with an alphabetic character, and end with an alphanumeric character (e.g. "
            "'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
}

TEST(ValidationTest, QualifiedName) {
  EXPECT_TRUE(IsQualifiedName("MyName").empty());
  EXPECT_TRUE(IsQualifiedName("example.com/My_Name").empty());
  const std::string regex_err =
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
      "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
      "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  EXPECT_EQ(IsQualifiedName("-x"), Strings{regex_err});
  EXPECT_EQ(IsQualifiedName(""), (Strings{"name part must be non-empty", regex_err}));
  EXPECT_EQ(IsQualifiedName("/x"), Strings{"prefix part must be non-empty"});
  auto prefixed = IsQualifiedName("Bad_/x");
  ASSERT_EQ(prefixed.size(), 1u);
  EXPECT_EQ(prefixed[0].rfind("prefix part a lowercase RFC 1123 subdomain", 0), 0u);
  auto multi = IsQualifiedName("a/b/c");
  ASSERT_EQ(multi.size(), 1u);
  EXPECT_EQ(multi[0].rfind("a qualified name must consist of", 0), 0u);
  EXPECT_NE(multi[0].find("with an optional DNS subdomain prefix and '/' (e.g. "
                          "'example.com/MyName')"),
            std::string::npos);
  EXPECT_EQ(IsQualifiedName(std::string(64, 'a')).at(0),
            "name part must be no more than 63 characters");
}

TEST(ValidationTest, LabelValue) {
  EXPECT_TRUE(IsValidLabelValue("").empty());
  EXPECT_TRUE(IsValidLabelValue("my_value").empty());
  EXPECT_EQ(IsValidLabelValue("a b"),
            Strings{"a valid label must be an empty string or consist of alphanumeric "
                    "characters, '-', '_' or '.', and must start and end with an alphanumeric "
                    "character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
                    "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"});
}

TEST(ValidationTest, ConfigMapKey) {
  EXPECT_TRUE(IsConfigMapKey("KEY_name.x-1").empty());
  EXPECT_EQ(IsConfigMapKey("."), Strings{"must not be '.'"});
  EXPECT_EQ(IsConfigMapKey(".."), Strings{"must not be '..'"});
  EXPECT_EQ(IsConfigMapKey("..a"), Strings{"must not start with '..'"});
  EXPECT_EQ(IsConfigMapKey("a/b"),
            Strings{"a valid config key must consist of alphanumeric characters, '-', '_' or "
                    "'.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
                    "validation is '[-._a-zA-Z0-9]+')"});
}

TEST(ValidationTest, PortAndCIdentifier) {
  EXPECT_TRUE(IsValidPortNum(1).empty());
  EXPECT_TRUE(IsValidPortNum(65535).empty());
  EXPECT_EQ(IsValidPortNum(0), Strings{"must be between 1 and 65535, inclusive"});
  EXPECT_FALSE(IsValidPortNum(65536).empty());
  EXPECT_TRUE(IsCIdentifier("_my_VAR1").empty());
  EXPECT_EQ(IsCIdentifier("1abc"),
            Strings{"a valid C identifier must start with alphabetic character or '_', followed "
                    "by a string of alphanumeric characters or '_' (e.g. 'my_name',  or "
                    "'MY_NAME',  or 'MyName', regex used for validation is "
                    "'[A-Za-z_][A-Za-z0-9_]*')"});
  EXPECT_FALSE(IsCIdentifier("a-b").empty());
}

TEST(ValidationTest, FieldErrorBodies) {
  Cause c = FieldInvalid("spec.x", "v", "bad");
  EXPECT_EQ(c.reason, "FieldValueInvalid");
  EXPECT_EQ(c.field, "spec.x");
  EXPECT_EQ(c.message, "Invalid value: \"v\": bad");
  EXPECT_EQ(FieldInvalid("f", 5, "d").message, "Invalid value: 5: d");
  EXPECT_EQ(FieldInvalid("f", 1.5, "d").message, "Invalid value: 1.5: d");
  EXPECT_EQ(FieldInvalid("f", true, "d").message, "Invalid value: true: d");
  EXPECT_EQ(FieldInvalid("f", nullptr, "").message, "Invalid value: \"null\"");
  // Go's %#v of the string maps and lists these values are upstream.
  EXPECT_EQ(FieldInvalid("f", nlohmann::json({{"b", "2"}, {"a", "1"}}), "d").message,
            "Invalid value: map[string]string{\"a\":\"1\", \"b\":\"2\"}: d");
  EXPECT_EQ(FieldInvalid("f", nlohmann::json::array({"10.96.0.5"}), "d").message,
            "Invalid value: []string{\"10.96.0.5\"}: d");
  EXPECT_EQ(FieldInvalidGo("f", "map[string]string(nil)", "d").message,
            "Invalid value: map[string]string(nil): d");
  EXPECT_EQ(FieldRequired("f").message, "Required value");
  EXPECT_EQ(FieldRequired("f", "why").message, "Required value: why");
  EXPECT_EQ(FieldForbidden("f", "no").message, "Forbidden: no");
  EXPECT_EQ(FieldDuplicate("f", "a").message, "Duplicate value: \"a\"");
  EXPECT_EQ(FieldDuplicate("f", "a").reason, "FieldValueDuplicate");
  Cause ns = FieldNotSupported("spec.restartPolicy", "Sometimes", {"Always", "Never"});
  EXPECT_EQ(ns.reason, "FieldValueNotSupported");
  EXPECT_EQ(ns.message,
            "Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\"");
  Cause tl = FieldTooLong("metadata.annotations", "", 262144);
  EXPECT_EQ(tl.reason, "FieldValueTooLong");
  EXPECT_EQ(tl.message, "Too long: may not be more than 262144 bytes");
}

TEST(ValidationTest, LabelsReportKeyAndValueErrorsAtMapPath) {
  EXPECT_TRUE(ValidateLabels(nlohmann::json(nullptr), "metadata.labels").empty());
  EXPECT_TRUE(ValidateLabels({{"app", "web"}, {"k8s.io/x", ""}}, "metadata.labels").empty());
  auto errs = ValidateLabels({{"bad key", "bad value"}}, "metadata.labels");
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].field, "metadata.labels");
  EXPECT_EQ(errs[0].message.rfind("Invalid value: \"bad key\": name part", 0), 0u);
  EXPECT_EQ(errs[1].message.rfind("Invalid value: \"bad value\": a valid label", 0), 0u);
}

TEST(ValidationTest, AnnotationsIgnoreCaseAndLimitSize) {
  EXPECT_TRUE(ValidateAnnotations({{"Example.COM/Key", "v"}}, "metadata.annotations").empty());
  EXPECT_EQ(ValidateAnnotations({{"a b", "v"}}, "metadata.annotations").size(), 1u);
  nlohmann::json big = {{"k", std::string(256 * 1024, 'x')}};
  auto errs = ValidateAnnotations(big, "metadata.annotations");
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].reason, "FieldValueTooLong");
  nlohmann::json fits = {{"k", std::string(256 * 1024 - 1, 'x')}};
  EXPECT_TRUE(ValidateAnnotations(fits, "metadata.annotations").empty());
}

}  // namespace
}  // namespace wisp::apimachinery
