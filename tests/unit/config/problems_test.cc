#include "config/problems.h"

#include <gtest/gtest.h>

#include <string>

#include "wisp/base/strings.h"

namespace wisp::config::internal {
namespace {

std::string MessageOf(const absl::Status& status) {
  return std::string(base::ToStd(status.message()));
}

TEST(ProblemsTest, EmptyIsOk) {
  Problems problems;
  EXPECT_TRUE(problems.empty());
  EXPECT_TRUE(problems.ToStatus().ok());
}

TEST(ProblemsTest, FormatsPathLineAndMessage) {
  EXPECT_EQ(FormatProblem({"spec.api.port", 7, "bad"}), "spec.api.port (line 7): bad");
  EXPECT_EQ(FormatProblem({"spec.api.port", 0, "bad"}), "spec.api.port: bad");
  EXPECT_EQ(FormatProblem({"", 3, "bad"}), "line 3: bad");
  EXPECT_EQ(FormatProblem({"", 0, "bad"}), "bad");
}

TEST(ProblemsTest, ListsAllProblemsOrderedByLineUnknownLast) {
  LineIndex lines{{"spec.a", 9}, {"spec.b", 2}};
  Problems problems(&lines);
  problems.Add("spec.c", "third");
  problems.Add("spec.a", "second");
  problems.Add("spec.b", "first");
  absl::Status status = problems.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MessageOf(status), "spec.b (line 2): first\nspec.a (line 9): second\nspec.c: third");
}

TEST(ProblemsTest, FindLineFallsBackToNearestParent) {
  LineIndex lines{{"spec", 1}, {"spec.manifests.git[1]", 12}};
  EXPECT_EQ(FindLine(lines, "spec.manifests.git[1].name"), 12);
  EXPECT_EQ(FindLine(lines, "spec.manifests.git[0].name"), 1);
  EXPECT_EQ(FindLine(lines, "metadata.name"), 0);
  EXPECT_EQ(FindLine(lines, ""), 0);
}

TEST(ProblemsTest, BuildsPaths) {
  EXPECT_EQ(Field("", "spec"), "spec");
  EXPECT_EQ(Field("spec", "api"), "spec.api");
  EXPECT_EQ(Item("spec.api.sans", 3), "spec.api.sans[3]");
}

TEST(ProblemsTest, QuoteEscapesSoMessagesStayOnOneLine) {
  EXPECT_EQ(Quote("plain"), "\"plain\"");
  EXPECT_EQ(Quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Quote("two\nlines\ttab"), "\"two\\nlines\\ttab\"");
  EXPECT_EQ(Quote(std::string("nul\0bell\x07", 9)), "\"nul\\x00bell\\x07\"");
}

}  // namespace
}  // namespace wisp::config::internal
