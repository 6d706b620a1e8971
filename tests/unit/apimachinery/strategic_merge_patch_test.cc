#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "wisp/apimachinery/patch.h"

namespace wisp::apimachinery {
namespace {

using nlohmann::json;

// A small schema in the spirit of core/v1 Pod's patch tags.
PatchMeta PodMeta(const std::vector<std::string>& path) {
  auto is = [&](std::initializer_list<const char*> p) {
    return path == std::vector<std::string>(p.begin(), p.end());
  };
  if (is({"spec", "containers"})) return {"merge", "name"};
  if (is({"spec", "containers", "ports"})) return {"merge", "containerPort"};
  if (is({"spec", "containers", "env"})) return {"merge", "name"};
  if (is({"metadata", "finalizers"})) return {"merge", ""};
  if (is({"spec", "volumes"})) return {"merge,retainKeys", "name"};
  return {};
}

json Pod() {
  return json::parse(R"({
    "metadata":{"name":"p","labels":{"a":"1","b":"2"},"finalizers":["x/a","x/b"]},
    "spec":{"containers":[
      {"name":"app","image":"nginx:1","ports":[{"containerPort":80}],
       "env":[{"name":"A","value":"1"}]},
      {"name":"side","image":"busybox"}],
     "tolerations":[{"key":"k"}]}})");
}

absl::Status Apply(json& target, const char* patch) {
  return ApplyStrategicMergePatch(target, json::parse(patch), PodMeta);
}

TEST(StrategicMergePatchTest, MergesListsByKey) {
  json pod = Pod();
  ASSERT_TRUE(Apply(pod, R"({"spec":{"containers":[{"name":"app","image":"nginx:2",
      "ports":[{"containerPort":443}]},{"name":"new","image":"redis"}]}})")
                  .ok());
  const json& cs = pod["spec"]["containers"];
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_EQ(cs[0]["image"], "nginx:2");
  EXPECT_EQ(cs[0]["ports"].size(), 2u);
  EXPECT_EQ(cs[0]["env"][0]["name"], "A");
  // Patch items come in the patch's order; a server-only item keeps its
  // place before the patch items it preceded on the server.
  EXPECT_EQ(cs[1]["name"], "new");
  EXPECT_EQ(cs[2]["name"], "side");
}

TEST(StrategicMergePatchTest, NewItemsGoBeforeServerOnlyOnes) {
  // The documented `kubectl patch` example: the patched container comes first.
  json pod = Pod();
  ASSERT_TRUE(Apply(pod, R"({"spec":{"containers":[{"name":"extra","image":"redis"}]}})").ok());
  std::vector<std::string> names;
  for (const auto& c : pod["spec"]["containers"]) names.push_back(c["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"extra", "app", "side"}));
  ASSERT_TRUE(Apply(pod, R"({"metadata":{"finalizers":["x/z"]}})").ok());
  EXPECT_EQ(pod["metadata"]["finalizers"], json::parse(R"(["x/z","x/a","x/b"])"));
}

TEST(StrategicMergePatchTest, SetElementOrderOrdersTheMergedList) {
  // What kubectl apply sends when B is inserted between A and C.
  json pod = json::parse(R"({"spec":{"containers":[{"name":"app",
      "env":[{"name":"A","value":"1"},{"name":"C","value":"3"}]}]}})");
  ASSERT_TRUE(Apply(pod, R"({"spec":{"$setElementOrder/containers":[{"name":"app"}],
      "containers":[{"name":"app","$setElementOrder/env":[{"name":"A"},{"name":"B"},{"name":"C"}],
      "env":[{"name":"B","value":"2"}]}]}})")
                  .ok());
  EXPECT_EQ(pod["spec"]["containers"][0]["env"],
            json::parse(R"([{"name":"A","value":"1"},{"name":"B","value":"2"},
                            {"name":"C","value":"3"}])"));
  // A reorder alone (no list in the patch) reorders what is stored.
  ASSERT_TRUE(Apply(pod, R"({"spec":{"containers":[{"name":"app",
      "$setElementOrder/env":[{"name":"C"},{"name":"B"},{"name":"A"}]}]}})")
                  .ok());
  std::vector<std::string> names;
  for (const auto& e : pod["spec"]["containers"][0]["env"]) names.push_back(e["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"C", "B", "A"}));
  // Items the order list does not name (server-only) keep their place.
  json two = Pod();
  ASSERT_TRUE(Apply(two, R"({"spec":{"$setElementOrder/containers":[{"name":"side"}]}})").ok());
  EXPECT_EQ(two["spec"]["containers"][0]["name"], "app");
  EXPECT_EQ(two["spec"]["containers"][1]["name"], "side");
  ASSERT_TRUE(
      Apply(two, R"({"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"app"}]}})")
          .ok());
  EXPECT_EQ(two["spec"]["containers"][0]["name"], "side");
  // A patch list out of step with its order list is refused.
  EXPECT_FALSE(Apply(two, R"({"spec":{"$setElementOrder/containers":[{"name":"app"}],
      "containers":[{"name":"side","image":"x"}]}})")
                   .ok());
}

TEST(StrategicMergePatchTest, ListsWithoutStrategyAreReplaced) {
  json pod = Pod();
  ASSERT_TRUE(Apply(pod, R"({"spec":{"tolerations":[{"key":"other"}]}})").ok());
  EXPECT_EQ(pod["spec"]["tolerations"], json::parse(R"([{"key":"other"}])"));
}

TEST(StrategicMergePatchTest, NullDeletesAndMapsMerge) {
  json pod = Pod();
  ASSERT_TRUE(Apply(pod, R"({"metadata":{"labels":{"a":null,"c":"3"}}})").ok());
  EXPECT_EQ(pod["metadata"]["labels"], json::parse(R"({"b":"2","c":"3"})"));
}

TEST(StrategicMergePatchTest, PatchDeleteDirectiveInList) {
  json pod = Pod();
  ASSERT_TRUE(Apply(pod, R"({"spec":{"containers":[{"name":"side","$patch":"delete"}]}})").ok());
  ASSERT_EQ(pod["spec"]["containers"].size(), 1u);
  EXPECT_EQ(pod["spec"]["containers"][0]["name"], "app");
}

TEST(StrategicMergePatchTest, PatchReplaceDirectiveOnMapAndList) {
  json pod = Pod();
  ASSERT_TRUE(Apply(pod, R"({"metadata":{"labels":{"$patch":"replace","only":"1"}}})").ok());
  EXPECT_EQ(pod["metadata"]["labels"], json::parse(R"({"only":"1"})"));
  ASSERT_TRUE(
      Apply(pod, R"({"spec":{"containers":[{"name":"solo","image":"x"},{"$patch":"replace"}]}})")
          .ok());
  EXPECT_EQ(pod["spec"]["containers"], json::parse(R"([{"name":"solo","image":"x"}])"));
}

TEST(StrategicMergePatchTest, PatchDeleteOnMapRemovesIt) {
  json pod = Pod();
  ASSERT_TRUE(Apply(pod, R"({"metadata":{"labels":{"$patch":"delete"}}})").ok());
  EXPECT_FALSE(pod["metadata"].contains("labels"));
}

TEST(StrategicMergePatchTest, PrimitiveListMergeAndDeleteFromPrimitiveList) {
  json pod = Pod();
  ASSERT_TRUE(Apply(pod, R"({"metadata":{"finalizers":["x/c","x/a"]}})").ok());
  EXPECT_EQ(pod["metadata"]["finalizers"], json::parse(R"(["x/c","x/a","x/b"])"));
  ASSERT_TRUE(Apply(pod, R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["x/b"],
      "$setElementOrder/finalizers":["x/a","x/c"]}})")
                  .ok());
  EXPECT_EQ(pod["metadata"]["finalizers"], json::parse(R"(["x/a","x/c"])"));
}

TEST(StrategicMergePatchTest, RetainKeys) {
  json obj = json::parse(R"({"spec":{"strategy":{"type":"RollingUpdate",
      "rollingUpdate":{"maxSurge":1}}}})");
  ASSERT_TRUE(
      Apply(obj, R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})").ok());
  EXPECT_EQ(obj["spec"]["strategy"], json::parse(R"({"type":"Recreate"})"));
}

TEST(StrategicMergePatchTest, DirectivesNeverLeakIntoNewValues) {
  json pod = Pod();
  ASSERT_TRUE(Apply(pod, R"({"spec":{"newmap":{"$patch":"merge","k":"v"}}})").ok());
  EXPECT_EQ(pod["spec"]["newmap"], json::parse(R"({"k":"v"})"));
}

TEST(StrategicMergePatchTest, ErrorsAreInvalidArgument) {
  json pod = Pod();
  json before = pod;
  absl::Status s = Apply(pod, R"({"spec":{"containers":[{"image":"nokey"}]}})");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(s.message()).find("does not contain declared merge key: name"),
            std::string::npos);
  EXPECT_EQ(pod, before);
  EXPECT_FALSE(Apply(pod, R"({"metadata":{"$patch":"bogus"}})").ok());
  EXPECT_FALSE(ApplyStrategicMergePatch(pod, json::array(), PodMeta).ok());
}

TEST(StrategicMergePatchTest, WithoutMetaEveryListIsReplaced) {
  json pod = Pod();
  ASSERT_TRUE(ApplyStrategicMergePatch(
                  pod, json::parse(R"({"spec":{"containers":[{"name":"only"}]}})"), nullptr)
                  .ok());
  EXPECT_EQ(pod["spec"]["containers"], json::parse(R"([{"name":"only"}])"));
}

}  // namespace
}  // namespace wisp::apimachinery
