#include "api/resource_table.h"

#include <gtest/gtest.h>

namespace wisp::api::internal {
namespace {

TEST(ResourceTableTest, ParsesOptionsAndDefaults) {
  auto table = ParseResourceTable(R"(
# comment
apps/v1 Widget widgets ns short=wd,w cat=all sub=status,scale fs=spec.x gen
v1 Gadget gadgets cluster verbs=get,list store=things/specs
)");
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->size(), 2u);
  const ResourceInfo& w = (*table)[0];
  EXPECT_EQ(w.group, "apps");
  EXPECT_EQ(w.version, "v1");
  EXPECT_EQ(w.list_kind, "WidgetList");
  EXPECT_EQ(w.singular, "widget");
  EXPECT_TRUE(w.namespaced);
  EXPECT_EQ(w.short_names, (std::vector<std::string>{"wd", "w"}));
  EXPECT_EQ(w.verbs.size(), 8u);
  EXPECT_EQ(w.storage_resource, "widgets");
  EXPECT_EQ(w.schema, "io.k8s.api.apps.v1.Widget");
  EXPECT_TRUE(w.has_generation);
  ASSERT_EQ(w.subresources.size(), 2u);
  EXPECT_EQ(w.subresources[1].kind, "Scale");
  const ResourceInfo& g = (*table)[1];
  EXPECT_FALSE(g.namespaced);
  EXPECT_EQ(g.verbs, (std::vector<std::string>{"get", "list"}));
  EXPECT_EQ(g.storage_resource, "things/specs");
  EXPECT_EQ(g.schema, "io.k8s.api.core.v1.Gadget");
  EXPECT_FALSE(g.has_generation);
}

TEST(ResourceTableTest, RejectsBadLinesNamingThem) {
  auto bad = ParseResourceTable("v1 A as ns\nv1 B bs sideways\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseResourceTable("v1 A as ns sub=bogus\n").ok());
  EXPECT_FALSE(ParseResourceTable("v1 A as ns color=red\n").ok());
  EXPECT_FALSE(ParseResourceTable("v1 A\n").ok());
}

TEST(ResourceTableTest, MapsGroupsToDefinitionPackages) {
  EXPECT_EQ(DefinitionPackage("", "v1"), "io.k8s.api.core.v1");
  EXPECT_EQ(DefinitionPackage("rbac.authorization.k8s.io", "v1"), "io.k8s.api.rbac.v1");
  EXPECT_EQ(DefinitionPackage("autoscaling", "v2"), "io.k8s.api.autoscaling.v2");
}

}  // namespace
}  // namespace wisp::api::internal
