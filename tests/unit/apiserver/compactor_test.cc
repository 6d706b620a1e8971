// The etcd compactor: compacts to the revision seen one interval earlier.
#include "apiserver/compactor.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "fake_etcd.h"

namespace wisp::apiserver {
namespace {

TEST(CompactorTest, KeepsOneIntervalOfHistory) {
  testing::FakeEtcd etcd;
  ASSERT_TRUE(etcd.Create("/registry/a", "1").ok());
  ASSERT_TRUE(etcd.Create("/registry/b", "2").ok());
  const int64_t first = etcd.revision();
  Compactor compactor(etcd, std::chrono::milliseconds(30));
  compactor.Start();
  // The first tick only notes the revision; the second compacts to it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (compactor.compacted() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(compactor.compacted(), first);
  EXPECT_TRUE(absl::IsOutOfRange(etcd.Range("/registry/a", "", first - 1, 0).status()));
  EXPECT_TRUE(etcd.Range("/registry/a", "", first, 0).ok());
}

}  // namespace
}  // namespace wisp::apiserver
