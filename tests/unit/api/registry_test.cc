#include "wisp/api/registry.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>

namespace wisp::api {
namespace {

class RegistryTest : public ::testing::Test {
 protected:
  std::unique_ptr<Registry> registry_ = NewBuiltInRegistry();
};

TEST_F(RegistryTest, FindsPodsByPluralAndKind) {
  const ResourceInfo* pods = registry_->Find("", "v1", "pods");
  ASSERT_NE(pods, nullptr);
  EXPECT_EQ(pods->kind, "Pod");
  EXPECT_EQ(pods->list_kind, "PodList");
  EXPECT_EQ(pods->singular, "pod");
  EXPECT_EQ(pods->schema, "io.k8s.api.core.v1.Pod");
  EXPECT_EQ(pods->ApiVersion(), "v1");
  EXPECT_EQ(registry_->FindKind("", "v1", "Pod"), pods);
  EXPECT_EQ(registry_->Find("apps", "v1", "pods"), nullptr);
  EXPECT_EQ(registry_->Find("", "v2", "pods"), nullptr);
}

TEST_F(RegistryTest, DeploymentsHaveScaleInAutoscalingV1) {
  const ResourceInfo* d = registry_->Find("apps", "v1", "deployments");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->ApiVersion(), "apps/v1");
  EXPECT_TRUE(d->has_generation);
  EXPECT_EQ(d->short_names, std::vector<std::string>{"deploy"});
  EXPECT_EQ(d->categories, std::vector<std::string>{"all"});
  const SubresourceInfo* scale = d->Subresource("scale");
  ASSERT_NE(scale, nullptr);
  EXPECT_EQ(scale->group, "autoscaling");
  EXPECT_EQ(scale->version, "v1");
  EXPECT_EQ(scale->kind, "Scale");
  const SubresourceInfo* status = d->Subresource("status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->kind, "Deployment");
  EXPECT_TRUE(status->group.empty());
  EXPECT_EQ(d->Subresource("log"), nullptr);
}

TEST_F(RegistryTest, StorageUsesUpstreamKeyLayout) {
  auto store = [&](const char* g, const char* plural) {
    const ResourceInfo* r = registry_->Find(g, "v1", plural);
    return r == nullptr ? std::string("<none>") : r->storage_resource;
  };
  EXPECT_EQ(store("", "pods"), "pods");
  EXPECT_EQ(store("", "services"), "services/specs");
  EXPECT_EQ(store("", "endpoints"), "services/endpoints");
  EXPECT_EQ(store("", "nodes"), "minions");
  EXPECT_EQ(store("", "replicationcontrollers"), "controllers");
  EXPECT_EQ(store("networking.k8s.io", "ingresses"), "ingress");
  EXPECT_EQ(store("events.k8s.io", "events"), "events");
  EXPECT_EQ(store("", "bindings"), "");
}

TEST_F(RegistryTest, GroupsListCoreFirstAndPreferAutoscalingV2) {
  std::vector<GroupInfo> groups = registry_->Groups();
  ASSERT_FALSE(groups.empty());
  EXPECT_EQ(groups[0].name, "");
  EXPECT_EQ(groups[0].versions, std::vector<std::string>{"v1"});
  EXPECT_EQ(groups[1].name, "apps");
  bool found = false;
  for (const GroupInfo& g : groups) {
    if (g.name != "autoscaling") continue;
    found = true;
    EXPECT_EQ(g.versions, (std::vector<std::string>{"v2", "v1"}));
    EXPECT_EQ(g.preferred_version, "v2");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(groups.size(), 16u);
}

TEST_F(RegistryTest, EveryResourceHasKindAndListSchemasWithGvk) {
  for (const ResourceInfo& r : registry_->Resources()) {
    const TypeSchema* kind = registry_->Schema(r.schema);
    ASSERT_NE(kind, nullptr) << r.plural;
    EXPECT_EQ(kind->gvk_kind, r.kind);
    EXPECT_EQ(kind->gvk_group, r.group);
    EXPECT_NE(kind->Field("metadata"), nullptr) << r.plural;
    const TypeSchema* list = registry_->Schema(r.schema + "List");
    if (!r.Listable()) {
      EXPECT_EQ(list, nullptr) << r.plural;
      continue;
    }
    ASSERT_NE(list, nullptr) << r.plural;
    EXPECT_EQ(list->gvk_kind, r.list_kind);
    const FieldSchema* items = list->Field("items");
    ASSERT_NE(items, nullptr);
    EXPECT_EQ(items->ref, r.schema);
  }
}

TEST_F(RegistryTest, EveryReferenceResolves) {
  for (const TypeSchema& t : registry_->Schemas()) {
    for (const FieldSchema& f : t.fields) {
      if (f.type == ValueType::kObject) {
        EXPECT_NE(registry_->Schema(f.ref), nullptr) << t.name << "." << f.name << " -> " << f.ref;
      }
    }
  }
}

TEST_F(RegistryTest, PodSpecFieldsCarryPatchMetadata) {
  const TypeSchema* spec = registry_->Schema("io.k8s.api.core.v1.PodSpec");
  ASSERT_NE(spec, nullptr);
  const FieldSchema* containers = spec->Field("containers");
  ASSERT_NE(containers, nullptr);
  EXPECT_TRUE(containers->required);
  EXPECT_EQ(containers->container, Container::kList);
  EXPECT_EQ(containers->ref, "io.k8s.api.core.v1.Container");
  EXPECT_EQ(containers->patch_strategy, "merge");
  EXPECT_EQ(containers->patch_merge_key, "name");
  EXPECT_EQ(containers->list_type, "map");
  const FieldSchema* node_selector = spec->Field("nodeSelector");
  ASSERT_NE(node_selector, nullptr);
  EXPECT_EQ(node_selector->container, Container::kMap);
  EXPECT_EQ(node_selector->type, ValueType::kString);
  EXPECT_EQ(spec->Field("noSuchField"), nullptr);
}

TEST_F(RegistryTest, PodsSelectByUpstreamFields) {
  const ResourceInfo* pods = registry_->Find("", "v1", "pods");
  ASSERT_NE(pods, nullptr);
  for (const char* f : {"spec.nodeName", "status.phase", "status.podIP", "spec.hostNetwork"}) {
    EXPECT_NE(std::find(pods->field_selectors.begin(), pods->field_selectors.end(), f),
              pods->field_selectors.end())
        << f;
  }
}

// Resident memory in bytes (ASan replaces malloc, so mallinfo says nothing).
long ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * 4096;
}

// Construction runs at API server start: measure it (numbers in the log).
TEST(RegistryCostTest, ConstructionIsCheap) {
  long before = ResidentBytes();
  auto start = std::chrono::steady_clock::now();
  auto registry = NewBuiltInRegistry();
  auto elapsed = std::chrono::steady_clock::now() - start;
  long after = ResidentBytes();
  double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  double mb = static_cast<double>(after - before) / (1024.0 * 1024.0);
  std::printf(
      "NewBuiltInRegistry: %.2f ms, %.2f MB resident growth, %zu resources, %zu definitions\n", ms,
      mb, registry->Resources().size(), registry->Schemas().size());
  EXPECT_LT(ms, 1000.0);  // generous: sanitizer builds are slow
  EXPECT_GT(registry->Schemas().size(), 300u);
}

}  // namespace
}  // namespace wisp::api
