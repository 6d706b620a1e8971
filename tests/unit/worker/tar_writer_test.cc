#include "worker/tar_writer.h"

#include <gtest/gtest.h>

#include "unit/worker/tar_reader.h"

namespace wisp::worker {
namespace {

TEST(TarWriterTest, WritesFilesDirectoriesAndSymlinksThatReadBack) {
  TarWriter tar;
  ASSERT_TRUE(tar.AddDirectory("bin").ok());
  ASSERT_TRUE(tar.AddFile("bin/tool", std::string(1000, 'x'), 0755).ok());
  ASSERT_TRUE(tar.AddSymlink("bin/sh", "tool").ok());
  std::string bytes = tar.Finish();
  EXPECT_EQ(bytes.size() % 512, 0u);
  std::string error;
  auto entries = testing::ReadTar(bytes, &error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries["bin/"].type, '5');
  EXPECT_EQ(entries["bin/tool"].type, '0');
  EXPECT_EQ(entries["bin/tool"].mode, 0755);
  EXPECT_EQ(entries["bin/tool"].data, std::string(1000, 'x'));
  EXPECT_EQ(entries["bin/sh"].type, '2');
  EXPECT_EQ(entries["bin/sh"].link, "tool");
}

TEST(TarWriterTest, LongPathsUseThePrefixField) {
  TarWriter tar;
  std::string dir(120, 'd');
  ASSERT_TRUE(tar.AddFile(dir + "/file", "data").ok());
  std::string error;
  auto entries = testing::ReadTar(tar.Finish(), &error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(entries.count(dir + "/file"), 1u);
}

TEST(TarWriterTest, RejectsPathsThatDoNotFit) {
  TarWriter tar;
  absl::Status st = tar.AddFile(std::string(150, 'a'), "x");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("too long"), absl::string_view::npos);
  EXPECT_FALSE(tar.AddFile("", "x").ok());
}

TEST(TarWriterTest, EmptyArchiveIsTwoZeroBlocks) {
  EXPECT_EQ(TarWriter().Finish(), std::string(1024, '\0'));
}

}  // namespace
}  // namespace wisp::worker
