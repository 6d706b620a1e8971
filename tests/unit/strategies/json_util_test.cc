// JSON access helpers and field paths.
#include "strategies/json_util.h"

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::J;

TEST(JsonUtil, FindSkipsNullAndWrongTypes) {
  Json obj = J(R"({"a":{"b":1},"n":null,"s":"x"})");
  EXPECT_NE(Find(obj, "a"), nullptr);
  EXPECT_EQ(Find(obj, "n"), nullptr);
  EXPECT_EQ(Find(obj, "missing"), nullptr);
  EXPECT_EQ(Find(J("[1]"), "a"), nullptr);
  EXPECT_EQ(*FindPath(obj, {"a", "b"}), 1);
  EXPECT_EQ(FindPath(obj, {"s", "b"}), nullptr);
  EXPECT_EQ(ObjectAt(obj, "s"), nullptr);
  EXPECT_EQ(ArrayAt(obj, "a"), nullptr);
}

TEST(JsonUtil, SetDefaultFillsOnlyMissingOrNull) {
  Json obj = J(R"({"set":1,"n":null})");
  SetDefault(obj, "set", 2);
  SetDefault(obj, "n", 3);
  SetDefault(obj, "new", "v");
  EXPECT_EQ(obj, J(R"({"set":1,"n":3,"new":"v"})"));
  Json arr = J("[]");
  SetDefault(arr, "x", 1);
  EXPECT_EQ(arr, J("[]"));
}

TEST(JsonUtil, TypedGetters) {
  Json obj = J(R"({"s":"x","i":5,"b":true,"f":1.5,"a":[1,2]})");
  EXPECT_EQ(Str(obj, "s"), "x");
  EXPECT_EQ(Str(obj, "i"), "");
  EXPECT_EQ(Int(obj, "i"), 5);
  EXPECT_FALSE(Int(obj, "f").has_value());
  EXPECT_EQ(Bool(obj, "b"), true);
  EXPECT_EQ(Size(obj, "a"), 2u);
  EXPECT_EQ(Size(obj, "s"), 0u);
  EXPECT_EQ(ValueOr(obj, "missing", 7), 7);
}

TEST(JsonUtil, StringListReadsNonStringsAsEmpty) {
  Json obj = J(R"({"a":["x",1,null,"y"],"b":"not a list"})");
  EXPECT_EQ(StringList(obj, "a"), (std::vector<std::string>{"x", "", "", "y"}));
  EXPECT_TRUE(StringList(obj, "b").empty());
  EXPECT_TRUE(StringList(obj, "missing").empty());
}

TEST(JsonUtil, FieldPathsRenderLikeUpstream) {
  EXPECT_EQ(Child("", "spec"), "spec");
  EXPECT_EQ(Child("spec", "containers"), "spec.containers");
  EXPECT_EQ(Index("spec.containers", 3), "spec.containers[3]");
  EXPECT_EQ(Key("data", "a.b"), "data[a.b]");
}

TEST(JsonUtil, NotFoundCause) {
  apimachinery::Cause c = FieldNotFound("spec.x", Json("v"));
  EXPECT_EQ(c.reason, "FieldValueNotFound");
  EXPECT_EQ(c.field, "spec.x");
  EXPECT_EQ(c.message, "Not found: \"v\"");
}

}  // namespace
}  // namespace wisp::strategies
