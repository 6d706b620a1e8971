#include "worker/command.h"

#include <gtest/gtest.h>

namespace wisp::worker {
namespace {

using std::chrono::seconds;

TEST(CommandTest, ReturnsCombinedOutputOnSuccess) {
  auto out = RunCommand({"/bin/sh", "-c", "echo out; echo err >&2"}, seconds(10));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "out\nerr\n");
}

TEST(CommandTest, NonZeroExitIsAnErrorWithTheOutput) {
  auto out = RunCommand({"/bin/sh", "-c", "echo broken; exit 3"}, seconds(10));
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("exited with 3"), absl::string_view::npos);
  EXPECT_NE(out.status().message().find("broken"), absl::string_view::npos);
}

TEST(CommandTest, RelativeProgramIsRejected) {
  EXPECT_EQ(RunCommand({"sh"}, seconds(1)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CommandTest, MissingProgramFails) {
  auto out = RunCommand({"/nonexistent/prog"}, seconds(10));
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("exited with 127"), absl::string_view::npos);
}

}  // namespace
}  // namespace wisp::worker
