#include "wisp/base/memory.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace wisp::base {
namespace {

// Resident file-backed pages of this process, in KiB.
long RssFileKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("RssFile:", 0) == 0) return std::stol(line.substr(8));
  }
  return -1;
}

int Fib(int n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }

TEST(MemoryTest, ReleasingCodePagesShrinksRssAndCodeStillRuns) {
  TuneMalloc();
  const long before = RssFileKb();
  ASSERT_GT(before, 0);
  auto released = ReleaseCodePages();
  ASSERT_TRUE(released.ok()) << released.status();
  EXPECT_GT(*released, 0u) << "the test binary's text is a read-only mapping";
  const long after = RssFileKb();
  EXPECT_LT(after, before);
  // Code and read-only data fault back in; relocated data kept its values.
  EXPECT_EQ(Fib(20), 6765);
  EXPECT_EQ(std::string("still") + " here", "still here");
  auto again = ReleaseCodePages();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *released) << "same mappings each time";
}

}  // namespace
}  // namespace wisp::base
