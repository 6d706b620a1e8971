#include "supervisor/environment.h"

#include <gtest/gtest.h>

namespace wisp::supervisor {
namespace {

using Env = std::vector<std::string>;

TEST(EnvironmentTest, InheritsWhenNoOverrides) {
  const char* inherited[] = {"PATH=/bin", "HOME=/root", nullptr};
  EXPECT_EQ(MergeEnvironment(inherited, {}), (Env{"PATH=/bin", "HOME=/root"}));
}

TEST(EnvironmentTest, OverrideReplacesInPlaceAndNewKeysAppend) {
  const char* inherited[] = {"PATH=/bin", "HOME=/root", nullptr};
  EXPECT_EQ(MergeEnvironment(inherited, {"HOME=/var/lib/wisp", "GODEBUG=x=1"}),
            (Env{"PATH=/bin", "HOME=/var/lib/wisp", "GODEBUG=x=1"}));
}

TEST(EnvironmentTest, KeyIsMatchedExactlyNotByPrefix) {
  const char* inherited[] = {"PATHX=1", nullptr};
  EXPECT_EQ(MergeEnvironment(inherited, {"PATH=/bin"}), (Env{"PATHX=1", "PATH=/bin"}));
}

TEST(EnvironmentTest, LaterOverrideWins) {
  EXPECT_EQ(MergeEnvironment(nullptr, {"A=1", "A=2", "B="}), (Env{"A=2", "B="}));
}

TEST(EnvironmentTest, DropsEntriesWithoutEquals) {
  const char* inherited[] = {"garbage", "A=1", nullptr};
  EXPECT_EQ(MergeEnvironment(inherited, {"junk"}), (Env{"A=1"}));
}

}  // namespace
}  // namespace wisp::supervisor
