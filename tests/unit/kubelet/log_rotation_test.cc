// LogRotator: size threshold, reopen through CRI, retention of max_files,
// and renaming back when the runtime cannot reopen.
#include "kubelet/log_rotation.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "unit/kubelet/fake_runtime.h"

namespace wisp::kubelet {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;
using std::chrono::system_clock;
using testing::FakeRuntime;

class LogRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wisp-logrot-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    log_ = dir_ + "/0.log";
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& path, size_t bytes) {
    std::ofstream(path, std::ios::binary) << std::string(bytes, 'x');
  }
  std::set<std::string> Files() const {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.insert(e.path().filename().string());
    return out;
  }
  LogRotator Rotator(LogRotationPolicy policy) {
    return LogRotator(runtime_, policy, [this] { return now_; });
  }

  FakeRuntime runtime_;
  std::string dir_, log_;
  // 2026-11-28T10:00:00Z
  system_clock::time_point now_ = system_clock::from_time_t(1795860000);
};

TEST_F(LogRotationTest, SmallOrMissingLogIsLeftAlone) {
  LogRotator r = Rotator({100, 3});
  ASSERT_TRUE(r.MaybeRotate("c1", log_).ok());  // Missing.
  Write(log_, 100);
  ASSERT_TRUE(r.MaybeRotate("c1", log_).ok());
  EXPECT_EQ(Files(), std::set<std::string>{"0.log"});
  EXPECT_EQ(runtime_.reopened().size(), 0u);
}

TEST_F(LogRotationTest, LargeLogIsRenamedWithUtcTimestampAndReopened) {
  LogRotator r = Rotator({100, 3});
  Write(log_, 101);
  ASSERT_TRUE(r.MaybeRotate("c1", log_).ok());
  EXPECT_TRUE(Files().count("0.log.20261128-100000")) << ::testing::PrintToString(Files());
  EXPECT_FALSE(fs::exists(log_));  // The runtime creates the new one.
  ASSERT_EQ(runtime_.reopened().size(), 1u);
  EXPECT_EQ(runtime_.reopened()[0], "c1");
}

TEST_F(LogRotationTest, KeepsAtMostMaxFilesIncludingTheLiveOne) {
  LogRotator r = Rotator({10, 3});
  for (int i = 0; i < 5; ++i) {
    Write(log_, 50);
    ASSERT_TRUE(r.MaybeRotate("c1", log_).ok());
    now_ += seconds(1);
  }
  Write(log_, 5);  // The live file written after the last reopen.
  EXPECT_EQ(Files(),
            (std::set<std::string>{"0.log", "0.log.20261128-100003", "0.log.20261128-100004"}));
  // Logs of other restarts in the same directory are not touched.
  Write(dir_ + "/1.log", 5);
  Write(log_, 50);
  ASSERT_TRUE(r.MaybeRotate("c1", log_).ok());
  EXPECT_TRUE(Files().count("1.log"));
}

TEST_F(LogRotationTest, FailedReopenRestoresTheLog) {
  LogRotator r = Rotator({10, 3});
  Write(log_, 50);
  runtime_.FailReopen(true);
  absl::Status st = r.MaybeRotate("c1", log_);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("c1"), std::string_view::npos) << st;
  EXPECT_EQ(Files(), std::set<std::string>{"0.log"});
  EXPECT_EQ(fs::file_size(log_), 50u);
}

}  // namespace
}  // namespace wisp::kubelet
