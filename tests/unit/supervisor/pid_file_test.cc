#include "supervisor/pid_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "wisp/base/files.h"

namespace wisp::supervisor {
namespace {

TEST(PidFileTest, FormatAndParseRoundTrip) {
  PidRecord record{.pid = 4242, .start_time = 1234567890123};
  EXPECT_EQ(FormatPidRecord(record), "4242 1234567890123\n");
  absl::StatusOr<PidRecord> parsed = ParsePidRecord(FormatPidRecord(record));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, record);
}

TEST(PidFileTest, ParseAcceptsMissingTrailingNewline) {
  absl::StatusOr<PidRecord> parsed = ParsePidRecord("17 99");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, (PidRecord{17, 99}));
}

TEST(PidFileTest, ParseRejectsMalformedRecords) {
  for (const char* text : {"", "\n", "123\n", "abc 1\n", "12 x\n", "0 5\n", "-3 5\n", "1 2 3\n",
                           "1  2\n", " 1 2\n", "1 2\n\n"}) {
    absl::StatusOr<PidRecord> parsed = ParsePidRecord(text);
    EXPECT_TRUE(absl::IsInvalidArgument(parsed.status())) << "input: \"" << text << "\"";
  }
}

TEST(PidFileTest, ParseProcStatHandlesCommandWithSpacesAndParens) {
  // Fields 3.. after the command: state ppid pgrp session tty tpgid flags
  // minflt cminflt majflt cmajflt utime stime cutime cstime priority nice
  // num_threads itrealvalue starttime vsize ...
  const std::string line =
      "1234 (evil) name (x)) S 1 1230 1230 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 "
      "987654 1000 10 18446744073709551615\n";
  absl::StatusOr<ProcStat> stat = ParseProcStat(line);
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->state, 'S');
  EXPECT_EQ(stat->pgrp, 1230);
  EXPECT_EQ(stat->start_time, 987654u);
}

TEST(PidFileTest, ParseProcStatRejectsTruncatedLine) {
  EXPECT_FALSE(ParseProcStat("1234 (sh) S 1 1230").ok());
  EXPECT_FALSE(ParseProcStat("1234 sh S 1").ok());
}

TEST(PidFileTest, ReadsOwnStartTime) {
  absl::StatusOr<ProcStat> stat = ReadProcStat(::getpid());
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_GT(stat->start_time, 0u);
  EXPECT_EQ(stat->pgrp, ::getpgrp());
}

TEST(PidFileTest, OwnPidWithOwnStartTimeIsAlive) {
  absl::StatusOr<ProcStat> stat = ReadProcStat(::getpid());
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(CheckPid({::getpid(), stat->start_time}), PidStatus::kAlive);
}

TEST(PidFileTest, OwnPidWithOtherStartTimeIsRecycled) {
  absl::StatusOr<ProcStat> stat = ReadProcStat(::getpid());
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(CheckPid({::getpid(), stat->start_time + 1}), PidStatus::kRecycled);
  EXPECT_EQ(CheckPid({::getpid(), 0}), PidStatus::kRecycled);
}

TEST(PidFileTest, NonexistentPidIsDead) {
  // Above the kernel's pid_max ceiling (2^22), so no process can have it.
  EXPECT_EQ(CheckPid({(1 << 22) + 1, 5}), PidStatus::kDead);
  EXPECT_TRUE(absl::IsNotFound(ReadProcStat((1 << 22) + 1).status()));
}

TEST(PidFileTest, WriteThenReadPidFile) {
  char tmpl[] = "/tmp/wisp-pidfile-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string path = std::string(tmpl) + "/x.pid";
  EXPECT_TRUE(absl::IsNotFound(ReadPidFile(path).status()));
  ASSERT_TRUE(WritePidFile(path, {77, 88}).ok());
  absl::StatusOr<PidRecord> read = ReadPidFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, (PidRecord{77, 88}));
  ASSERT_TRUE(base::WriteFileAtomic(path, "garbage").ok());
  EXPECT_TRUE(absl::IsInvalidArgument(ReadPidFile(path).status()));
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace wisp::supervisor
