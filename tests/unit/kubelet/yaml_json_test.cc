#include "kubelet/yaml_json.h"

#include <gtest/gtest.h>

namespace wisp::kubelet {
namespace {

TEST(YamlJsonTest, CoreSchemaScalars) {
  auto j = YamlToJson("a: 1\nb: \"1\"\nc: true\nd: 'false'\ne: ~\nf: 1.5\ng: hello\nh: [x, 2]\n");
  ASSERT_TRUE(j.ok()) << j.status();
  EXPECT_EQ((*j)["a"], 1);
  EXPECT_EQ((*j)["b"], "1");
  EXPECT_EQ((*j)["c"], true);
  EXPECT_EQ((*j)["d"], "false");
  EXPECT_TRUE((*j)["e"].is_null());
  EXPECT_EQ((*j)["f"], 1.5);
  EXPECT_EQ((*j)["g"], "hello");
  EXPECT_EQ((*j)["h"][1], 2);
}

TEST(YamlJsonTest, JsonIsYaml) {
  auto j = YamlToJson(R"({"kind": "Pod", "spec": {"containers": []}})");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)["kind"], "Pod");
  EXPECT_TRUE((*j)["spec"]["containers"].is_array());
}

TEST(YamlJsonTest, BadYamlNamesTheLine) {
  auto j = YamlToJson("a: 1\nb: [\n");
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.status().message().find("line"), absl::string_view::npos);
}

}  // namespace
}  // namespace wisp::kubelet
