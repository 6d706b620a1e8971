#include "supervisor/log_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "wisp/base/files.h"

namespace wisp::supervisor {
namespace {

// "line-0007\n": ten bytes per line makes sizes easy to reason about.
std::string Line(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "line-%04d\n", i);
  return buf;
}

std::string Lines(int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) out += Line(i);
  return out;
}

class LogWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wisp-logwriter-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/c.log";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Read(const std::string& path) {
    absl::StatusOr<std::string> data = base::ReadFile(path);
    return data.ok() ? *data : "<missing>";
  }
  bool Exists(const std::string& path) { return std::filesystem::exists(path); }

  std::string dir_;
  std::string path_;
};

TEST_F(LogWriterTest, AppendsWithoutRotatingBelowLimit) {
  LogWriter log(path_, 100, 2);
  ASSERT_TRUE(log.WriteLines(Lines(0, 5)).ok());
  ASSERT_TRUE(log.WriteLines(Lines(5, 10)).ok());
  EXPECT_EQ(Read(path_), Lines(0, 10));
  EXPECT_FALSE(Exists(path_ + ".1"));
}

TEST_F(LogWriterTest, RotatesBySizeAndDeletesOldest) {
  LogWriter log(path_, 100, 2);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(log.WriteLines(Line(i)).ok());
  EXPECT_EQ(Read(path_), Lines(40, 50));
  EXPECT_EQ(Read(path_ + ".1"), Lines(30, 40));
  EXPECT_EQ(Read(path_ + ".2"), Lines(20, 30));
  EXPECT_FALSE(Exists(path_ + ".3"));
}

TEST_F(LogWriterTest, LargeBatchIsSplitAtLineBoundaries) {
  LogWriter log(path_, 95, 3);  // Room for nine whole lines per file.
  ASSERT_TRUE(log.WriteLines(Lines(0, 25)).ok());
  EXPECT_EQ(Read(path_), Lines(18, 25));
  EXPECT_EQ(Read(path_ + ".1"), Lines(9, 18));
  EXPECT_EQ(Read(path_ + ".2"), Lines(0, 9));
}

TEST_F(LogWriterTest, OversizedLineGetsAFileOfItsOwn) {
  LogWriter log(path_, 20, 2);
  const std::string big(50, 'x');
  ASSERT_TRUE(log.WriteLines(Line(0)).ok());
  ASSERT_TRUE(log.WriteLines(big + "\n").ok());
  ASSERT_TRUE(log.WriteLines(Line(1)).ok());
  EXPECT_EQ(Read(path_), Line(1));
  EXPECT_EQ(Read(path_ + ".1"), big + "\n");
  EXPECT_EQ(Read(path_ + ".2"), Line(0));
}

TEST_F(LogWriterTest, ExistingContentCountsTowardTheLimit) {
  ASSERT_TRUE(base::WriteFileAtomic(path_, Lines(0, 9)).ok());
  LogWriter log(path_, 100, 1);
  ASSERT_TRUE(log.WriteLines(Lines(9, 12)).ok());
  EXPECT_EQ(Read(path_ + ".1"), Lines(0, 10));
  EXPECT_EQ(Read(path_), Lines(10, 12));
}

TEST_F(LogWriterTest, ZeroMaxFilesKeepsOnlyTheLiveFile) {
  LogWriter log(path_, 30, 0);
  ASSERT_TRUE(log.WriteLines(Lines(0, 7)).ok());
  EXPECT_EQ(Read(path_), Line(6));
  EXPECT_FALSE(Exists(path_ + ".1"));
}

TEST_F(LogWriterTest, ReopensAfterClose) {
  LogWriter log(path_, 1000, 1);
  ASSERT_TRUE(log.WriteLines(Line(0)).ok());
  log.Close();
  ASSERT_TRUE(log.WriteLines(Line(1)).ok());
  EXPECT_EQ(Read(path_), Lines(0, 2));
}

TEST_F(LogWriterTest, MissingDirectoryIsAnError) {
  LogWriter log(dir_ + "/no/such/dir/c.log", 100, 1);
  EXPECT_TRUE(absl::IsNotFound(log.WriteLines(Line(0))));
}

}  // namespace
}  // namespace wisp::supervisor
