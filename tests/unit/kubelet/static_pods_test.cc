// The static pod source: files in a directory, UIDs from content and node.
#include "kubelet/static_pods.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace wisp::kubelet {
namespace {

namespace fs = std::filesystem;

class StaticPodsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wisp-static-pods-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
  }
  std::string dir_;
};

std::string PodYaml(const std::string& name, const std::string& image = "busybox:1") {
  return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name +
         "}\nspec:\n  containers: [{name: c, image: \"" + image + "\"}]\n";
}

TEST_F(StaticPodsTest, UidIsStableAndChangesWithContentOrNode) {
  EXPECT_EQ(StaticPodUid("a", "n1"), StaticPodUid("a", "n1"));
  EXPECT_NE(StaticPodUid("a", "n1"), StaticPodUid("b", "n1"));
  EXPECT_NE(StaticPodUid("a", "n1"), StaticPodUid("a", "n2"));
  EXPECT_EQ(StaticPodUid("a", "n1").size(), 32u);
}

TEST_F(StaticPodsTest, ReadsManifestFilesAndReportsBadOnes) {
  Write("a.yaml", PodYaml("a"));
  Write("b.json", R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"},)"
                  R"("spec":{"containers":[{"name":"c","image":"x:1"}]}})");
  Write("c.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: c}\nspec: {}\n");
  Write("dup.yml", PodYaml("a", "other:1"));
  Write("notes.txt", "ignored");
  Write(".hidden.yaml", PodYaml("hidden"));
  auto pods = ReadStaticPods(dir_, "n1");
  ASSERT_TRUE(pods.ok()) << pods.status();
  ASSERT_EQ(pods->pods.size(), 2u);
  EXPECT_EQ(pods->pods[0].name, "a-n1");
  EXPECT_EQ(pods->pods[1].name, "b-n1");
  EXPECT_EQ(pods->pods[0].source_file, dir_ + "/a.yaml");
  ASSERT_EQ(pods->errors.size(), 2u);
  EXPECT_NE(pods->errors[0].find("c.yaml: spec.containers: required"), std::string::npos)
      << pods->errors[0];
  EXPECT_NE(pods->errors[1].find("already defined"), std::string::npos);
}

TEST_F(StaticPodsTest, EditedManifestIsANewPod) {
  Write("a.yaml", PodYaml("a"));
  auto before = ReadStaticPods(dir_, "n1");
  Write("a.yaml", PodYaml("a", "busybox:2"));
  auto after = ReadStaticPods(dir_, "n1");
  auto again = ReadStaticPods(dir_, "n1");
  ASSERT_TRUE(before.ok() && after.ok() && again.ok());
  EXPECT_NE(before->pods[0].uid, after->pods[0].uid);
  EXPECT_EQ(after->pods[0].uid, again->pods[0].uid);
}

TEST_F(StaticPodsTest, MissingDirectoryIsNoPods) {
  auto pods = ReadStaticPods(dir_ + "/nope", "n1");
  ASSERT_TRUE(pods.ok());
  EXPECT_TRUE(pods->pods.empty());
}

}  // namespace
}  // namespace wisp::kubelet
