#include "apiserver/current_revision.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace wisp::apiserver {
namespace {

using namespace std::chrono_literals;

TEST(CurrentRevisionTest, ReturnsTheFetchedRevisionOrItsError) {
  int64_t next = 7;
  CurrentRevision current([&]() -> absl::StatusOr<int64_t> {
    if (next < 0) return absl::UnavailableError("etcd down");
    return next++;
  });
  EXPECT_EQ(*current.Get(), 7);
  EXPECT_EQ(*current.Get(), 8);  // one caller at a time: a read each
  next = -1;
  EXPECT_EQ(current.Get().status().message(), "etcd down");
}

// A writer commits revisions without pause; the fetch sees the committed
// revision when it starts and answers 2 ms later, as a round trip would.
// Every caller must get a revision at least as new as the one committed
// when it called (a read started before it would not do), and concurrent
// callers must share reads.
TEST(CurrentRevisionTest, EveryCallerSeesWritesCommittedBeforeItCalledWhileSharingReads) {
  std::atomic<int64_t> committed{1};
  std::atomic<bool> stop{false};
  std::atomic<int> fetches{0};
  CurrentRevision current([&]() -> absl::StatusOr<int64_t> {
    fetches++;
    int64_t seen = committed.load();
    std::this_thread::sleep_for(2ms);
    return seen;
  });
  std::thread writer([&] {
    while (!stop) {
      committed++;
      std::this_thread::sleep_for(50us);
    }
  });
  constexpr int kCallers = 12, kCalls = 40;
  std::atomic<int> stale{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&] {
      for (int j = 0; j < kCalls; ++j) {
        int64_t before = committed.load();
        auto got = current.Get();
        if (!got.ok() || *got < before) stale++;
      }
    });
  }
  for (auto& t : callers) t.join();
  stop = true;
  writer.join();
  EXPECT_EQ(stale.load(), 0);
  EXPECT_LT(fetches.load(), kCallers * kCalls / 2);
}

TEST(CurrentRevisionTest, CallersArrivingDuringAReadShareExactlyOneNextRead) {
  std::atomic<int> fetches{0};
  std::atomic<bool> release{false};
  CurrentRevision current([&]() -> absl::StatusOr<int64_t> {
    int n = ++fetches;
    if (n == 1) {
      while (!release) std::this_thread::sleep_for(1ms);
    }
    return n * 100;
  });
  std::thread first([&] { EXPECT_EQ(*current.Get(), 100); });
  while (fetches.load() == 0) std::this_thread::sleep_for(1ms);
  constexpr int kFollowers = 8;
  std::atomic<int> entered{0};
  std::vector<std::thread> followers;
  for (int i = 0; i < kFollowers; ++i) {
    followers.emplace_back([&] {
      entered++;
      EXPECT_EQ(*current.Get(), 200);
    });
  }
  while (entered.load() < kFollowers) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(100ms);  // all of them are waiting
  release = true;
  first.join();
  for (auto& t : followers) t.join();
  EXPECT_EQ(fetches.load(), 2);
}

}  // namespace
}  // namespace wisp::apiserver
