#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "wisp/apimachinery/patch.h"

namespace wisp::apimachinery {
namespace {

using nlohmann::json;

TEST(MergePatchTest, Rfc7386Examples) {
  // RFC 7386 section 3 example.
  json target = json::parse(R"({"title":"Goodbye!","author":{"givenName":"John",
      "familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"})");
  json patch = json::parse(R"({"title":"Hello!","phoneNumber":"+01-123-456-7890",
      "author":{"familyName":null},"tags":["example"]})");
  ASSERT_TRUE(ApplyMergePatch(target, patch).ok());
  EXPECT_EQ(target, json::parse(R"({"title":"Hello!","author":{"givenName":"John"},
      "tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"})"));
}

TEST(MergePatchTest, NonObjectPatchReplaces) {
  json target = {{"a", "b"}};
  ASSERT_TRUE(ApplyMergePatch(target, json::array({1})).ok());
  EXPECT_EQ(target, json::array({1}));
  json t2 = {{"a", {{"b", "c"}}}};
  ASSERT_TRUE(ApplyMergePatch(t2, {{"a", {{"bb", {{"c", nullptr}}}}}}).ok());
  EXPECT_EQ(t2, json::parse(R"({"a":{"b":"c","bb":{}}})"));
}

TEST(JsonPatchTest, AllOperations) {
  json doc = json::parse(R"({"metadata":{"labels":{"a":"1"}},"spec":{"list":[1,2,3]}})");
  json ops = json::parse(R"([
    {"op":"add","path":"/metadata/labels/b","value":"2"},
    {"op":"replace","path":"/metadata/labels/a","value":"x"},
    {"op":"remove","path":"/spec/list/0"},
    {"op":"add","path":"/spec/list/-","value":4},
    {"op":"add","path":"/spec/list/0","value":0},
    {"op":"copy","from":"/metadata/labels/a","path":"/spec/copied"},
    {"op":"move","from":"/metadata/labels/b","path":"/spec/moved"},
    {"op":"test","path":"/spec/moved","value":"2"},
    {"op":"add","path":"/metadata/annotations","value":{"k~/":"v"}},
    {"op":"test","path":"/metadata/annotations/k~0~1","value":"v"}
  ])");
  absl::Status s = ApplyJsonPatch(doc, ops);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(doc, json::parse(R"({"metadata":{"labels":{"a":"x"},"annotations":{"k~/":"v"}},
      "spec":{"list":[0,2,3,4],"copied":"x","moved":"2"}})"));
}

TEST(JsonPatchTest, FailedTestLeavesTargetUnchanged) {
  json doc = {{"a", 1}};
  json ops = json::parse(R"([{"op":"replace","path":"/a","value":2},
                             {"op":"test","path":"/a","value":3}])");
  absl::Status s = ApplyJsonPatch(doc, ops);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "json patch operation 1: testing value /a failed: test failed");
  EXPECT_EQ(doc, json({{"a", 1}}));
}

TEST(JsonPatchTest, ErrorsNameTheProblem) {
  json doc = {{"a", json::array()}};
  EXPECT_FALSE(ApplyJsonPatch(doc, json::parse(R"([{"op":"remove","path":"/b"}])")).ok());
  EXPECT_FALSE(
      ApplyJsonPatch(doc, json::parse(R"([{"op":"replace","path":"/b","value":1}])")).ok());
  EXPECT_FALSE(ApplyJsonPatch(doc, json::parse(R"([{"op":"add","path":"/a/5","value":1}])")).ok());
  EXPECT_FALSE(ApplyJsonPatch(doc, json::parse(R"([{"op":"add","path":"/x/y","value":1}])")).ok());
  EXPECT_FALSE(ApplyJsonPatch(doc, json::parse(R"([{"op":"bogus","path":"/a"}])")).ok());
  EXPECT_FALSE(ApplyJsonPatch(doc, json::parse(R"([{"op":"add","value":1}])")).ok());
  EXPECT_FALSE(ApplyJsonPatch(doc, json::parse(R"({"op":"add"})")).ok());
  absl::Status s = ApplyJsonPatch(doc, json::parse(R"([{"op":"remove","path":"/missing"}])"));
  EXPECT_NE(std::string(s.message()).find("missing"), std::string::npos);
}

}  // namespace
}  // namespace wisp::apimachinery
