#include "wisp/apimachinery/field_selector.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

namespace wisp::apimachinery {
namespace {

auto Getter(std::map<std::string, std::string> fields) {
  return [fields](std::string_view f) -> std::optional<std::string> {
    auto it = fields.find(std::string(f));
    if (it == fields.end()) return std::nullopt;
    return it->second;
  };
}

TEST(FieldSelectorTest, ParsesAndSortsTerms) {
  auto s = FieldSelector::Parse("status.phase!=Running,metadata.name==a,spec.nodeName=n1");
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->Requirements().size(), 3u);
  EXPECT_EQ(s->Requirements()[0].field, "metadata.name");
  EXPECT_EQ(s->Requirements()[0].op, "==");
  EXPECT_EQ(s->Requirements()[2].field, "status.phase");
  EXPECT_EQ(s->Requirements()[2].op, "!=");
  EXPECT_EQ(s->String(), "metadata.name=a,spec.nodeName=n1,status.phase!=Running");
}

TEST(FieldSelectorTest, MatchesWithMissingFieldsAsEmpty) {
  auto s = FieldSelector::Parse("spec.nodeName=");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->Matches(Getter({})));
  EXPECT_FALSE(s->Matches(Getter({{"spec.nodeName", "n1"}})));
  auto ne = FieldSelector::Parse("status.phase!=Running");
  ASSERT_TRUE(ne.ok());
  EXPECT_TRUE(ne->Matches(Getter({{"status.phase", "Pending"}})));
  EXPECT_FALSE(ne->Matches(Getter({{"status.phase", "Running"}})));
}

TEST(FieldSelectorTest, EmptySelector) {
  auto s = FieldSelector::Parse("");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->Empty());
  EXPECT_TRUE(s->Matches(Getter({})));
}

TEST(FieldSelectorTest, EscapedValues) {
  auto s = FieldSelector::Parse(R"(metadata.name=a\,b\=c\\d)");
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->Requirements().size(), 1u);
  EXPECT_EQ(s->Requirements()[0].value, R"(a,b=c\d)");
  EXPECT_EQ(s->String(), R"(metadata.name=a\,b\=c\\d)");
}

TEST(FieldSelectorTest, UpstreamErrorTexts) {
  auto bad = FieldSelector::Parse("metadata.name");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  auto esc = FieldSelector::Parse(R"(a=b\x)");
  ASSERT_FALSE(esc.ok());
  EXPECT_EQ(esc.status().message(), "invalid field selector: invalid escape sequence: \\x");
  auto unescaped = FieldSelector::Parse("a=b=c");
  ASSERT_FALSE(unescaped.ok());
  EXPECT_EQ(unescaped.status().message(),
            "invalid field selector: unescaped character in value: 61");
}

TEST(FieldSelectorTest, FieldValueFormats) {
  nlohmann::json pod = {{"metadata", {{"name", "p"}}},
                        {"spec", {{"nodeName", "n1"}, {"hostNetwork", true}, {"priority", 7}}}};
  EXPECT_EQ(FieldValue(pod, "metadata.name"), "p");
  EXPECT_EQ(FieldValue(pod, "spec.nodeName"), "n1");
  EXPECT_EQ(FieldValue(pod, "spec.hostNetwork"), "true");
  EXPECT_EQ(FieldValue(pod, "spec.priority"), "7");
  EXPECT_EQ(FieldValue(pod, "status.phase"), std::nullopt);
  EXPECT_EQ(FieldValue(pod, "spec"), std::nullopt);
}

}  // namespace
}  // namespace wisp::apimachinery
