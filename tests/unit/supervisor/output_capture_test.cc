#include "supervisor/output_capture.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "wisp/base/files.h"

namespace wisp::supervisor {
namespace {

class OutputCaptureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wisp-capture-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    copy_fd_ = ::open((dir_ + "/stderr").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(copy_fd_, 0);
  }
  void TearDown() override {
    ::close(copy_fd_);
    std::filesystem::remove_all(dir_);
  }

  std::string Log() { return base::ReadFile(dir_ + "/c.log").value_or("<missing>"); }
  std::string Copy() { return base::ReadFile(dir_ + "/stderr").value_or("<missing>"); }

  std::string dir_;
  int copy_fd_ = -1;
};

TEST_F(OutputCaptureTest, WritesLinesToLogAndPrefixedCopy) {
  LogWriter log(dir_ + "/c.log", 1 << 20, 1);
  OutputCapture capture("etcd", log, copy_fd_);
  ASSERT_TRUE(capture.Feed("hello\nworld\n").ok());
  EXPECT_EQ(Log(), "hello\nworld\n");
  EXPECT_EQ(Copy(), "[etcd] hello\n[etcd] world\n");
}

TEST_F(OutputCaptureTest, HoldsPartialLineUntilNewline) {
  LogWriter log(dir_ + "/c.log", 1 << 20, 1);
  OutputCapture capture("x", log, copy_fd_);
  ASSERT_TRUE(capture.Feed("par").ok());
  ASSERT_TRUE(capture.Feed("tial").ok());
  EXPECT_EQ(Log(), "<missing>");
  ASSERT_TRUE(capture.Feed(" line\nnext").ok());
  EXPECT_EQ(Log(), "partial line\n");
  EXPECT_EQ(Copy(), "[x] partial line\n");
}

TEST_F(OutputCaptureTest, FlushEmitsPendingPartialLine) {
  LogWriter log(dir_ + "/c.log", 1 << 20, 1);
  OutputCapture capture("x", log, copy_fd_);
  ASSERT_TRUE(capture.Feed("a\nno newline at exit").ok());
  ASSERT_TRUE(capture.Flush().ok());
  ASSERT_TRUE(capture.Flush().ok());  // Nothing pending: no empty line.
  EXPECT_EQ(Log(), "a\nno newline at exit\n");
  EXPECT_EQ(Copy(), "[x] a\n[x] no newline at exit\n");
}

TEST_F(OutputCaptureTest, CutsRunawayLine) {
  LogWriter log(dir_ + "/c.log", 1 << 20, 1);
  OutputCapture capture("x", log, -1);
  const std::string runaway(OutputCapture::kMaxLineBytes + 10, 'z');
  ASSERT_TRUE(capture.Feed(runaway).ok());
  EXPECT_EQ(Log(), std::string(OutputCapture::kMaxLineBytes, 'z') + "\n");
  ASSERT_TRUE(capture.Flush().ok());
  EXPECT_EQ(Log(), std::string(OutputCapture::kMaxLineBytes, 'z') + "\n" + "zzzzzzzzzz\n");
}

TEST_F(OutputCaptureTest, LargeBatchReachesLogAndCopyComplete) {
  LogWriter log(dir_ + "/c.log", 1 << 20, 1);
  OutputCapture capture("x", log, copy_fd_);
  std::string chunk, copy;
  for (int i = 0; i < 2000; ++i) {
    chunk += "line " + std::to_string(i) + "\n";
    copy += "[x] line " + std::to_string(i) + "\n";
  }
  ASSERT_TRUE(capture.Feed(chunk).ok());
  EXPECT_EQ(Log(), chunk);
  EXPECT_EQ(Copy(), copy);
}

TEST_F(OutputCaptureTest, NoCopyWhenDisabled) {
  LogWriter log(dir_ + "/c.log", 1 << 20, 1);
  OutputCapture capture("x", log, -1);
  ASSERT_TRUE(capture.Feed("only in the file\n").ok());
  EXPECT_EQ(Log(), "only in the file\n");
  EXPECT_EQ(Copy(), "");
}

TEST_F(OutputCaptureTest, ReportsLogWriteError) {
  LogWriter log(dir_ + "/missing-dir/c.log", 1 << 20, 1);
  OutputCapture capture("x", log, copy_fd_);
  EXPECT_FALSE(capture.Feed("lost\n").ok());
  EXPECT_EQ(Copy(), "[x] lost\n");  // The copy still goes out.
}

}  // namespace
}  // namespace wisp::supervisor
