// Sustained churn on the store (no gRPC): many updates over few keys with
// automatic compaction must keep the database and the WAL bounded. The
// update count defaults to 200,000 for CI; WISP_CHURN_UPDATES=1000000 runs
// the full acceptance load.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "datastore/store.h"
#include "integration/datastore/fixture.h"
#include "unit/base/fake_clock.h"

namespace wisp::datastore::testing {
namespace {

int64_t FileSize(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? st.st_size : 0;
}

TEST(ChurnTest, DatabaseAndWalStayBounded) {
  const char* env = getenv("WISP_CHURN_UPDATES");
  const int64_t updates = env ? std::atoll(env) : 200000;
  constexpr int kKeys = 1000, kThreads = 32;
  constexpr int64_t kRetention = 10000;
  const std::string dir = MakeTempDir();
  wisp::testing::FakeClock clock;
  StoreOptions opts;
  opts.db_path = dir + "/state.db";
  opts.background = false;
  opts.compaction_retention = kRetention;
  auto store = Store::Open(opts, clock);
  ASSERT_TRUE(store.ok()) << store.status();
  (*store)->Start();

  std::atomic<int64_t> next{0};
  int64_t max_db = 0, max_wal = 0;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int64_t i; (i = next.fetch_add(1)) < updates;) {
        etcdserverpb::PutRequest req;
        req.set_key("/registry/churn/" + std::to_string(i % kKeys));
        req.set_value(std::string(100, static_cast<char>('a' + i % 26)));
        etcdserverpb::PutResponse resp;
        ASSERT_TRUE((*store)->Put(req, &resp).ok());
      }
    });
  }
  // The compactor: every 20,000 updates plays "5 minutes later".
  for (int64_t seen = 0; next.load() < updates;) {
    if (next.load() - seen >= 20000) {
      seen = next.load();
      max_db = std::max(max_db, FileSize(opts.db_path));
      max_wal = std::max(max_wal, FileSize(opts.db_path + "-wal"));
      clock.Advance(std::chrono::minutes(6));
      (*store)->Tick();
      max_db = std::max(max_db, FileSize(opts.db_path));
      max_wal = std::max(max_wal, FileSize(opts.db_path + "-wal"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& t : threads) t.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ((*store)->Revision(), updates + 1);
  std::printf("churn: %lld updates in %.1f s (%.0f/s); max db %lld KiB, max wal %lld KiB\n",
              static_cast<long long>(updates), secs, updates / secs,
              static_cast<long long>(max_db / 1024), static_cast<long long>(max_wal / 1024));
  // ~10,000 retained versions of ~150 bytes, plus slack for free pages.
  EXPECT_LT(max_db, 64ll << 20);
  EXPECT_LT(max_wal, 80ll << 20);
  (*store)->Stop();
  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace wisp::datastore::testing
