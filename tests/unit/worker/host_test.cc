#include "wisp/worker/host.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace wisp::worker {
namespace {

namespace fs = std::filesystem;

TEST(HostTest, CniBinDirIsTheFirstWithAnExecutableBridge) {
  fs::path root = fs::path(::testing::TempDir()) / "wisp-host-test";
  fs::remove_all(root);
  fs::create_directories(root / "empty");
  fs::create_directories(root / "noexec");
  fs::create_directories(root / "good");
  std::ofstream(root / "noexec" / "bridge") << "x";
  std::ofstream(root / "good" / "bridge") << "x";
  ::chmod((root / "good" / "bridge").c_str(), 0755);
  auto dir = DetectCniBinDir(
      {(root / "empty").string(), (root / "noexec").string(), (root / "good").string()});
  ASSERT_TRUE(dir.ok()) << dir.status();
  EXPECT_EQ(*dir, (root / "good").string());
  auto none = DetectCniBinDir({(root / "empty").string()});
  EXPECT_EQ(none.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(none.status().message().find("empty"), absl::string_view::npos);
  fs::remove_all(root);
}

TEST(HostTest, FindExecutableSearchesPath) {
  auto sh = FindExecutable("sh");
  ASSERT_TRUE(sh.ok()) << sh.status();
  EXPECT_EQ((*sh)[0], '/');
  EXPECT_EQ(FindExecutable("/bin/sh").value(), "/bin/sh");
  EXPECT_EQ(FindExecutable("wisp-no-such-tool").status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(FindExecutable("/nonexistent/tool").ok());
}

}  // namespace
}  // namespace wisp::worker
