// Pod volumes on disk: emptyDir directories, hostPath types, cleanup.
#include "kubelet/volumes.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "kubelet/runtime_config.h"
#include "unit/kubelet/test_pods.h"

namespace wisp::kubelet {
namespace {

namespace fs = std::filesystem;
using testing::ParseTestPod;

class VolumesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wisp-volumes-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    tmp_ = tmpl;
  }
  void TearDown() override { fs::remove_all(tmp_); }
  Pod WithVolumes(const std::string& volumes) {
    return ParseTestPod(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: "
        "[{name: c, image: b}]\n  volumes:\n" +
        volumes);
  }
  std::string tmp_;
};

TEST_F(VolumesTest, EmptyDirIsAWorldWritableDirectoryRemovedWithThePod) {
  Pod pod = WithVolumes(
      "  - {name: scratch, emptyDir: {}}\n  - {name: mem, emptyDir: {medium: "
      "Memory}}\n");
  ASSERT_TRUE(PrepareVolumes(pod, tmp_ + "/pods", /*mount_tmpfs=*/false).ok());
  std::string dir = EmptyDirPath(tmp_ + "/pods", "uid1", "scratch");
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0777u);
  EXPECT_TRUE(fs::is_directory(EmptyDirPath(tmp_ + "/pods", "uid1", "mem")));
  std::ofstream(dir + "/data") << "x";
  ASSERT_TRUE(PrepareVolumes(pod, tmp_ + "/pods", false).ok());  // Idempotent, keeps data.
  EXPECT_TRUE(fs::exists(dir + "/data"));
  ASSERT_TRUE(CleanupVolumes(tmp_ + "/pods", "uid1").ok());
  EXPECT_FALSE(fs::exists(tmp_ + "/pods/uid1"));
  EXPECT_TRUE(CleanupVolumes(tmp_ + "/pods", "uid1").ok());  // Nothing left: fine.
}

TEST_F(VolumesTest, HostPathTypesAreCheckedOrCreated) {
  Pod create =
      WithVolumes("  - {name: d, hostPath: {path: " + tmp_ +
                  "/made/dir, type: DirectoryOrCreate}}\n  - {name: f, hostPath: {path: " + tmp_ +
                  "/file, type: FileOrCreate}}\n");
  ASSERT_TRUE(PrepareVolumes(create, tmp_ + "/pods", false).ok());
  EXPECT_TRUE(fs::is_directory(tmp_ + "/made/dir"));
  EXPECT_TRUE(fs::is_regular_file(tmp_ + "/file"));

  Pod wrong = WithVolumes("  - {name: d, hostPath: {path: " + tmp_ + "/file, type: Directory}}\n");
  absl::Status st = PrepareVolumes(wrong, tmp_ + "/pods", false);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("is not a Directory"), absl::string_view::npos) << st;
  Pod missing = WithVolumes("  - {name: f, hostPath: {path: " + tmp_ + "/nope, type: File}}\n");
  EXPECT_FALSE(PrepareVolumes(missing, tmp_ + "/pods", false).ok());
  Pod unchecked = WithVolumes("  - {name: f, hostPath: {path: " + tmp_ + "/nope}}\n");
  EXPECT_TRUE(PrepareVolumes(unchecked, tmp_ + "/pods", false).ok());
  EXPECT_FALSE(fs::exists(tmp_ + "/nope"));
}

}  // namespace
}  // namespace wisp::kubelet
