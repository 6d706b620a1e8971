#include "wisp/apimachinery/label_selector.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace wisp::apimachinery {
namespace {

LabelSelector MustParse(std::string_view s) {
  auto sel = LabelSelector::Parse(s);
  EXPECT_TRUE(sel.ok()) << s << ": " << sel.status();
  return sel.ok() ? *sel : LabelSelector::Nothing();
}

std::string ParseError(std::string_view s) {
  auto sel = LabelSelector::Parse(s);
  EXPECT_FALSE(sel.ok()) << s;
  return sel.ok() ? "" : std::string(sel.status().message());
}

TEST(LabelSelectorTest, EmptySelectsEverything) {
  LabelSelector s = MustParse("");
  EXPECT_TRUE(s.Empty());
  EXPECT_TRUE(s.Matches(nullptr));
  EXPECT_TRUE(s.Matches({{"a", "b"}}));
  EXPECT_TRUE(MustParse("  ").Empty());
}

TEST(LabelSelectorTest, EqualityOperators) {
  nlohmann::json labels = {{"app", "web"}, {"tier", "front"}};
  EXPECT_TRUE(MustParse("app=web").Matches(labels));
  EXPECT_TRUE(MustParse("app==web,tier=front").Matches(labels));
  EXPECT_FALSE(MustParse("app=db").Matches(labels));
  EXPECT_TRUE(MustParse("app!=db").Matches(labels));
  EXPECT_FALSE(MustParse("app!=web").Matches(labels));
  // != matches objects without the key.
  EXPECT_TRUE(MustParse("missing!=x").Matches(labels));
  EXPECT_TRUE(MustParse("app!=x").Matches(nullptr));
}

TEST(LabelSelectorTest, SetOperators) {
  nlohmann::json labels = {{"env", "prod"}};
  EXPECT_TRUE(MustParse("env in (prod, dev)").Matches(labels));
  EXPECT_FALSE(MustParse("env in (dev,qa)").Matches(labels));
  EXPECT_TRUE(MustParse("env notin (dev)").Matches(labels));
  EXPECT_FALSE(MustParse("env notin (prod)").Matches(labels));
  EXPECT_TRUE(MustParse("other notin (prod)").Matches(labels));
  EXPECT_FALSE(MustParse("other in (prod)").Matches(labels));
}

TEST(LabelSelectorTest, ExistenceOperators) {
  nlohmann::json labels = {{"env", "prod"}};
  EXPECT_TRUE(MustParse("env").Matches(labels));
  EXPECT_FALSE(MustParse("!env").Matches(labels));
  EXPECT_TRUE(MustParse("!other").Matches(labels));
  EXPECT_FALSE(MustParse("other").Matches(labels));
  EXPECT_TRUE(MustParse("env,!other").Matches(labels));
}

TEST(LabelSelectorTest, GreaterAndLessThan) {
  nlohmann::json labels = {{"n", "5"}};
  EXPECT_TRUE(MustParse("n>4").Matches(labels));
  EXPECT_FALSE(MustParse("n>5").Matches(labels));
  EXPECT_TRUE(MustParse("n<6").Matches(labels));
  EXPECT_FALSE(MustParse("n<6").Matches({{"n", "x"}}));
}

TEST(LabelSelectorTest, InAndNotinAreValuesAfterOperator) {
  EXPECT_TRUE(MustParse("x=in").Matches({{"x", "in"}}));
  EXPECT_TRUE(MustParse("x in (notin)").Matches({{"x", "notin"}}));
}

TEST(LabelSelectorTest, StringIsCanonicalAndSortedByKey) {
  EXPECT_EQ(MustParse("z=1, a in (y,x), !b, c, d!=2, e==3").String(),
            "a in (x,y),!b,c,d!=2,e==3,z=1");
  EXPECT_EQ(MustParse("a=").String(), "a=");
}

TEST(LabelSelectorTest, ParseErrorsUseUpstreamWording) {
  EXPECT_EQ(ParseError("a=b,"), "found '', expected: identifier after ','");
  EXPECT_EQ(ParseError("a b"),
            "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  EXPECT_EQ(ParseError("a=b c"), "found 'c', expected: ',' or 'end of string'");
  EXPECT_EQ(ParseError("a in b"), "unable to parse requirement: found 'b' expected: '('");
  EXPECT_EQ(ParseError("a in (b"), "unable to parse requirement: found '', expected: ',' or ')'");
  EXPECT_EQ(ParseError(",a"), "found ',', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(ParseError("a=("), "unable to parse requirement: found '(', expected: identifier");
  // "!key" takes no operator: what follows it is the next token.
  EXPECT_EQ(ParseError("!env=prod"), "found '=', expected: ',' or 'end of string'");
  EXPECT_EQ(ParseError("!env in (prod)"), "found 'in', expected: ',' or 'end of string'");
}

TEST(LabelSelectorTest, InvalidKeysAndValuesAreRejected) {
  std::string key_err = ParseError("-a=b");
  EXPECT_EQ(key_err.rfind("unable to parse requirement: : Invalid value: \"-a\": name part must "
                          "consist of alphanumeric characters",
                          0),
            0u)
      << key_err;
  std::string value_err = ParseError("a=-b");
  EXPECT_EQ(value_err.rfind("unable to parse requirement: values[0][a]: Invalid value: \"-b\": a "
                            "valid label must be an empty string",
                            0),
            0u)
      << value_err;
  std::string gt_err = ParseError("a>b");
  EXPECT_NE(gt_err.find("for 'Gt', 'Lt' operators, the value must be an integer"),
            std::string::npos);
}

TEST(LabelSelectorTest, FromJsonMatchLabelsAndExpressions) {
  auto s = LabelSelector::FromJson(
      {{"matchLabels", {{"app", "web"}}},
       {"matchExpressions",
        {{{"key", "env"}, {"operator", "In"}, {"values", {"prod", "staging"}}},
         {{"key", "legacy"}, {"operator", "DoesNotExist"}}}}});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->Matches({{"app", "web"}, {"env", "prod"}}));
  EXPECT_FALSE(s->Matches({{"app", "web"}, {"env", "dev"}}));
  EXPECT_FALSE(s->Matches({{"app", "web"}, {"env", "prod"}, {"legacy", "1"}}));
  EXPECT_EQ(s->String(), "app=web,env in (prod,staging),!legacy");
}

TEST(LabelSelectorTest, FromJsonNullIsNothingEmptyIsEverything) {
  auto nothing = LabelSelector::FromJson(nullptr);
  ASSERT_TRUE(nothing.ok());
  EXPECT_FALSE(nothing->Matches({{"a", "b"}}));
  EXPECT_FALSE(nothing->Empty());
  auto everything = LabelSelector::FromJson(nlohmann::json::object());
  ASSERT_TRUE(everything.ok());
  EXPECT_TRUE(everything->Matches(nullptr));
}

TEST(LabelSelectorTest, FromJsonRejectsBadOperator) {
  auto s = LabelSelector::FromJson(
      {{"matchExpressions", {{{"key", "a"}, {"operator", "Equals"}, {"values", {"x"}}}}}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "\"Equals\" is not a valid label selector operator");
  auto empty_in =
      LabelSelector::FromJson({{"matchExpressions", {{{"key", "a"}, {"operator", "In"}}}}});
  ASSERT_FALSE(empty_in.ok());
  EXPECT_NE(std::string(empty_in.status().message())
                .find("for 'in', 'notin' operators, values set can't be empty"),
            std::string::npos);
}

}  // namespace
}  // namespace wisp::apimachinery
