#include "wisp/api/discovery.h"

#include <gtest/gtest.h>

#include <set>

#include "reference_util.h"

namespace wisp::api {
namespace {

using nlohmann::json;

class DiscoveryTest : public ::testing::Test {
 protected:
  std::unique_ptr<Registry> registry_ = NewBuiltInRegistry();
};

TEST_F(DiscoveryTest, ApiVersionsNamesCoreV1AndServerAddress) {
  json doc = json::parse(ApiVersionsJson(*registry_, "10.0.0.1:6443"));
  EXPECT_EQ(doc["kind"], "APIVersions");
  EXPECT_EQ(doc["versions"], json::array({"v1"}));
  EXPECT_EQ(doc["serverAddressByClientCIDRs"][0]["clientCIDR"], "0.0.0.0/0");
  EXPECT_EQ(doc["serverAddressByClientCIDRs"][0]["serverAddress"], "10.0.0.1:6443");
}

TEST_F(DiscoveryTest, GroupListOmitsCoreAndPrefersAutoscalingV2) {
  json doc = json::parse(ApiGroupListJson(*registry_));
  EXPECT_EQ(doc["kind"], "APIGroupList");
  ASSERT_FALSE(doc["groups"].empty());
  EXPECT_EQ(doc["groups"][0]["name"], "apps");
  bool autoscaling = false;
  for (const json& g : doc["groups"]) {
    EXPECT_NE(g["name"], "");
    if (g["name"] != "autoscaling") continue;
    autoscaling = true;
    EXPECT_EQ(g["preferredVersion"]["groupVersion"], "autoscaling/v2");
    EXPECT_EQ(g["versions"][1]["groupVersion"], "autoscaling/v1");
  }
  EXPECT_TRUE(autoscaling);
}

TEST_F(DiscoveryTest, ResourceListHasSubresourcesAndShortNames) {
  json doc = json::parse(ApiResourceListJson(*registry_, "", "v1"));
  EXPECT_EQ(doc["groupVersion"], "v1");
  std::map<std::string, json> by_name;
  for (const json& r : doc["resources"]) by_name[r["name"]] = r;
  ASSERT_TRUE(by_name.count("pods"));
  EXPECT_EQ(by_name["pods"]["shortNames"], json::array({"po"}));
  EXPECT_EQ(by_name["pods"]["categories"], json::array({"all"}));
  EXPECT_EQ(by_name["pods"]["singularName"], "pod");
  EXPECT_EQ(by_name["pods"]["namespaced"], true);
  ASSERT_TRUE(by_name.count("pods/status"));
  EXPECT_EQ(by_name["pods/status"]["kind"], "Pod");
  ASSERT_TRUE(by_name.count("pods/eviction"));
  EXPECT_EQ(by_name["pods/eviction"]["group"], "policy");
  EXPECT_EQ(by_name["nodes"]["namespaced"], false);
  json unknown = json::parse(ApiResourceListJson(*registry_, "nope", "v1"));
  EXPECT_TRUE(unknown["resources"].empty());
}

TEST_F(DiscoveryTest, AggregatedDocumentsSplitCoreFromGroups) {
  json core = json::parse(AggregatedDiscoveryJson(*registry_, true));
  EXPECT_EQ(core["kind"], "APIGroupDiscoveryList");
  EXPECT_EQ(core["apiVersion"], "apidiscovery.k8s.io/v2");
  ASSERT_EQ(core["items"].size(), 1u);
  EXPECT_FALSE(core["items"][0]["metadata"].contains("name"));
  const json& v1 = core["items"][0]["versions"][0];
  EXPECT_EQ(v1["version"], "v1");
  bool deployments = false;
  json groups = json::parse(AggregatedDiscoveryJson(*registry_, false));
  for (const json& g : groups["items"]) {
    EXPECT_NE(g["metadata"].value("name", ""), "");
    if (g["metadata"]["name"] == "autoscaling") {
      EXPECT_EQ(g["versions"][0]["version"], "v2");
    }
    if (g["metadata"]["name"] != "apps") continue;
    for (const json& r : g["versions"][0]["resources"]) {
      if (r["resource"] != "deployments") continue;
      deployments = true;
      EXPECT_EQ(r["scope"], "Namespaced");
      EXPECT_EQ(r["responseKind"]["kind"], "Deployment");
      bool scale = false;
      for (const json& s : r["subresources"]) {
        if (s["subresource"] == "scale") {
          scale = true;
          EXPECT_EQ(s["responseKind"]["group"], "autoscaling");
        }
      }
      EXPECT_TRUE(scale);
    }
  }
  EXPECT_TRUE(deployments);
}

// Verbs, scope and subresources derived from upstream's OpenAPI paths.
TEST_F(DiscoveryTest, ResourcesMatchUpstreamPaths) {
  int compared = 0;
  for (const ResourceInfo& r : registry_->Resources()) {
    auto doc = testing::LoadReferenceV3(r.group, r.version);
    if (!doc) GTEST_SKIP() << "reference documents not found";
    const json& paths = (*doc)["paths"];
    std::string prefix = r.group.empty() ? "/api/" + r.version : "/apis/" + r.ApiVersion();
    std::string ns_base = prefix + "/namespaces/{namespace}/" + r.plural;
    std::string cluster_base = prefix + "/" + r.plural;
    bool namespaced = paths.contains(ns_base) || paths.contains(ns_base + "/{name}");
    SCOPED_TRACE(r.ApiVersion() + " " + r.plural);
    EXPECT_EQ(r.namespaced, namespaced);
    std::string base = namespaced ? ns_base : cluster_base;
    std::set<std::string> verbs;
    if (paths.contains(base)) {
      const json& p = paths[base];
      if (p.contains("get")) verbs.insert("list");
      if (p.contains("post")) verbs.insert("create");
      if (p.contains("delete")) verbs.insert("deletecollection");
    }
    if (paths.contains(base + "/{name}")) {
      const json& p = paths[base + "/{name}"];
      if (p.contains("get")) verbs.insert("get");
      if (p.contains("put")) verbs.insert("update");
      if (p.contains("patch")) verbs.insert("patch");
      if (p.contains("delete")) verbs.insert("delete");
    }
    if (paths.contains(prefix + "/watch/" + r.plural)) verbs.insert("watch");
    if (r.plural == "bindings") verbs = {"create"};  // served only as a namespaced POST
    EXPECT_EQ(std::set<std::string>(r.verbs.begin(), r.verbs.end()), verbs);
    std::set<std::string> subs, ours;
    std::string item = base + "/{name}/";
    for (const auto& [path, unused] : paths.items()) {
      if (path.rfind(item, 0) != 0) continue;
      std::string sub = path.substr(item.size());
      subs.insert(sub.substr(0, sub.find('/')));  // proxy/{path} is the proxy subresource
    }
    for (const SubresourceInfo& s : r.subresources) ours.insert(s.name);
    EXPECT_EQ(ours, subs) << ::testing::PrintToString(subs);
    ++compared;
  }
  EXPECT_GT(compared, 40);
}

}  // namespace
}  // namespace wisp::api
