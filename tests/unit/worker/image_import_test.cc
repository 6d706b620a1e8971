#include "worker/image_import.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace wisp::worker {
namespace {

TEST(ImageImportTest, ImportsIntoTheCriNamespaceWithTheChosenSnapshotter) {
  ImageImportOptions o;
  o.ctr = "/usr/bin/ctr";
  o.address = "/run/w/containerd.sock";
  o.snapshotter = "native";
  ImageImportComponent c(o);
  EXPECT_EQ(
      c.ImportCommand("/d/images/a.tar"),
      (std::vector<std::string>{"/usr/bin/ctr", "--address", "/run/w/containerd.sock",
                                "--namespace", "k8s.io", "images", "import", "--all-platforms",
                                "--snapshotter", "native", "/d/images/a.tar"}));
  EXPECT_FALSE(c.Ready().ok());
}

TEST(ImageImportTest, ListsOnlyTarFilesInOrder) {
  auto dir = std::filesystem::path(::testing::TempDir()) / "wisp-image-import-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "sub.tar");
  for (const char* f : {"b.tar", "a.tar", "notes.txt", "c.tar.gz"}) std::ofstream(dir / f) << "x";
  EXPECT_EQ(ImageImportComponent::ListArchives(dir.string()),
            (std::vector<std::string>{(dir / "a.tar").string(), (dir / "b.tar").string()}));
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(ImageImportComponent::ListArchives(dir.string()).empty());
}

}  // namespace
}  // namespace wisp::worker
