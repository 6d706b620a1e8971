#include "datastore/store.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "unit/datastore/test_store.h"

namespace wisp::datastore::testing {
namespace {

using std::chrono::seconds;

TEST_F(StoreTest, EmptyStoreIsAtRevisionOne) {
  EXPECT_EQ(store_->Revision(), 1);
  auto r = Get("a");
  EXPECT_EQ(r.header().revision(), 1);
  EXPECT_EQ(r.kvs_size(), 0);
  EXPECT_EQ(Put("a", "1"), 2);
}

TEST_F(StoreTest, PutTracksCreateModAndVersion) {
  Put("a", "1");
  Put("a", "2");
  auto r = Get("a");
  ASSERT_EQ(r.kvs_size(), 1);
  EXPECT_EQ(r.kvs(0).value(), "2");
  EXPECT_EQ(r.kvs(0).create_revision(), 2);
  EXPECT_EQ(r.kvs(0).mod_revision(), 3);
  EXPECT_EQ(r.kvs(0).version(), 2);
}

TEST_F(StoreTest, PutReturnsPrevKvAndHonoursIgnoreValue) {
  Put("a", "1");
  etcdserverpb::PutRequest req;
  req.set_key("a");
  req.set_ignore_value(true);
  req.set_prev_kv(true);
  etcdserverpb::PutResponse resp;
  ASSERT_TRUE(store_->Put(req, &resp).ok());
  EXPECT_EQ(resp.prev_kv().value(), "1");
  EXPECT_EQ(Get("a").kvs(0).value(), "1");
  EXPECT_EQ(Get("a").kvs(0).version(), 2);
  req.set_key("missing");
  absl::Status s = store_->Put(req, &resp);
  EXPECT_EQ(s.message(), "etcdserver: key not found");
  req.set_value("x");
  s = store_->Put(req, &resp);
  EXPECT_EQ(s.message(), "etcdserver: value is provided");
}

TEST_F(StoreTest, EmptyKeyIsRejected) {
  etcdserverpb::RangeRequest req;
  etcdserverpb::RangeResponse resp;
  absl::Status s = store_->Range(req, &resp);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "etcdserver: key is not provided");
}

TEST_F(StoreTest, RangePrefixFromKeyLimitAndCount) {
  for (const char* k : {"a", "b/1", "b/2", "b/3", "c"}) Put(k, k);
  auto r = Get("b/", PrefixEnd("b/"));
  EXPECT_EQ(r.kvs_size(), 3);
  EXPECT_EQ(r.count(), 3);
  r = Get("b/2", std::string(1, '\0'));
  ASSERT_EQ(r.kvs_size(), 3);
  EXPECT_EQ(r.kvs(2).key(), "c");

  etcdserverpb::RangeRequest req;
  req.set_key("a");
  req.set_range_end(std::string(1, '\0'));
  req.set_limit(2);
  etcdserverpb::RangeResponse resp;
  ASSERT_TRUE(store_->Range(req, &resp).ok());
  EXPECT_EQ(resp.kvs_size(), 2);
  EXPECT_TRUE(resp.more());
  EXPECT_EQ(resp.count(), 5);

  req.set_count_only(true);
  resp.Clear();
  ASSERT_TRUE(store_->Range(req, &resp).ok());
  EXPECT_EQ(resp.kvs_size(), 0);
  EXPECT_EQ(resp.count(), 5);
}

TEST_F(StoreTest, RangeSortsAndFilters) {
  Put("a", "z");
  Put("b", "y");
  Put("c", "x");
  Put("a", "w");  // a: mod 5
  etcdserverpb::RangeRequest req;
  req.set_key("a");
  req.set_range_end("d");
  req.set_sort_target(etcdserverpb::RangeRequest::MOD);
  req.set_sort_order(etcdserverpb::RangeRequest::DESCEND);
  req.set_limit(2);
  etcdserverpb::RangeResponse resp;
  ASSERT_TRUE(store_->Range(req, &resp).ok());
  ASSERT_EQ(resp.kvs_size(), 2);
  EXPECT_EQ(resp.kvs(0).key(), "a");
  EXPECT_EQ(resp.kvs(1).key(), "c");
  EXPECT_TRUE(resp.more());

  req.Clear();
  req.set_key("a");
  req.set_range_end("d");
  req.set_sort_target(etcdserverpb::RangeRequest::VALUE);
  req.set_min_mod_revision(3);
  req.set_keys_only(true);
  resp.Clear();
  ASSERT_TRUE(store_->Range(req, &resp).ok());
  ASSERT_EQ(resp.kvs_size(), 3);
  // Ascending by value: a=w, c=x, b=y; values stripped.
  EXPECT_EQ(resp.kvs(0).key(), "a");
  EXPECT_EQ(resp.kvs(1).key(), "c");
  EXPECT_EQ(resp.kvs(0).value(), "");
}

TEST_F(StoreTest, ReadsThePastAndRejectsTheFuture) {
  Put("k", "1");
  Put("k", "2");
  EXPECT_EQ(Get("k", "", 2).kvs(0).value(), "1");
  etcdserverpb::RangeRequest req;
  req.set_key("k");
  req.set_revision(10);
  etcdserverpb::RangeResponse resp;
  absl::Status s = store_->Range(req, &resp);
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(s.message(), "etcdserver: mvcc: required revision is a future revision");
}

TEST_F(StoreTest, DeleteLeavesTombstoneAndRecreateStartsNewGeneration) {
  Put("k", "1");
  etcdserverpb::DeleteRangeRequest req;
  req.set_key("k");
  req.set_prev_kv(true);
  etcdserverpb::DeleteRangeResponse resp;
  ASSERT_TRUE(store_->DeleteRange(req, &resp).ok());
  EXPECT_EQ(resp.deleted(), 1);
  EXPECT_EQ(resp.prev_kvs(0).value(), "1");
  EXPECT_EQ(resp.header().revision(), 3);
  EXPECT_EQ(Get("k").kvs_size(), 0);
  EXPECT_EQ(Get("k", "", 2).kvs_size(), 1);
  Put("k", "2");
  EXPECT_EQ(Get("k").kvs(0).version(), 1);
  EXPECT_EQ(Get("k").kvs(0).create_revision(), 4);
  // Deleting nothing does not move the revision.
  req.set_key("nothing");
  resp.Clear();
  ASSERT_TRUE(store_->DeleteRange(req, &resp).ok());
  EXPECT_EQ(resp.header().revision(), 4);
  EXPECT_EQ(store_->Revision(), 4);
}

TEST_F(StoreTest, CompactionDropsHistoryButKeepsLiveKeys) {
  Put("a", "1");  // 2
  Put("a", "2");  // 3
  Put("b", "1");  // 4
  etcdserverpb::DeleteRangeRequest del;
  del.set_key("b");
  etcdserverpb::DeleteRangeResponse dresp;
  ASSERT_TRUE(store_->DeleteRange(del, &dresp).ok());  // 5
  ASSERT_TRUE(Compact(5).ok());
  EXPECT_EQ(Get("a").kvs(0).value(), "2");
  etcdserverpb::RangeRequest req;
  req.set_key("a");
  req.set_revision(4);
  etcdserverpb::RangeResponse resp;
  absl::Status s = store_->Range(req, &resp);
  EXPECT_EQ(s.message(), "etcdserver: mvcc: required revision has been compacted");
  EXPECT_EQ(Compact(5).message(), "etcdserver: mvcc: required revision has been compacted");
  EXPECT_EQ(Compact(9).message(), "etcdserver: mvcc: required revision is a future revision");
  Reopen();
  EXPECT_EQ(store_->CompactRevision(), 5);
  EXPECT_EQ(Get("a").kvs(0).value(), "2");
  EXPECT_EQ(Get("b").kvs_size(), 0);
}

TEST_F(StoreTest, StateSurvivesReopen) {
  Put("a", "1");
  Put("b", "2");
  Reopen();
  EXPECT_EQ(store_->Revision(), 3);
  EXPECT_EQ(Get("a", "c").kvs_size(), 2);
  EXPECT_EQ(Put("c", "3"), 4);
}

TEST_F(StoreTest, ConcurrentWritersGetDistinctRevisions) {
  constexpr int kThreads = 8, kWrites = 50;
  std::vector<std::thread> threads;
  std::vector<std::vector<int64_t>> revs(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) revs[t].push_back(Put("k" + std::to_string(t), "v"));
    });
  }
  for (auto& th : threads) th.join();
  std::set<int64_t> all;
  for (auto& v : revs) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kWrites));
  EXPECT_EQ(store_->Revision(), 1 + kThreads * kWrites);
  Reopen();
  EXPECT_EQ(Get("k0").kvs(0).version(), kWrites);
}

class LeaseTest : public StoreTest {
 protected:
  int64_t Grant(int64_t ttl, int64_t id = 0) {
    etcdserverpb::LeaseGrantRequest req;
    req.set_ttl(ttl);
    req.set_id(id);
    etcdserverpb::LeaseGrantResponse resp;
    EXPECT_TRUE(store_->LeaseGrant(req, &resp).ok());
    return resp.id();
  }
};

TEST_F(LeaseTest, RevokeDeletesAttachedKeysInOneRevision) {
  int64_t id = Grant(60);
  Put("a", "1", id);
  Put("b", "1", id);
  Put("c", "1");
  etcdserverpb::LeaseRevokeRequest req;
  req.set_id(id);
  etcdserverpb::LeaseRevokeResponse resp;
  ASSERT_TRUE(store_->LeaseRevoke(req, &resp).ok());
  EXPECT_EQ(resp.header().revision(), 5);
  EXPECT_EQ(Get("a", "d").kvs_size(), 1);
  absl::Status s = store_->LeaseRevoke(req, &resp);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "etcdserver: requested lease not found");
}

TEST_F(LeaseTest, PutWithUnknownLeaseFails) {
  etcdserverpb::PutRequest req;
  req.set_key("a");
  req.set_lease(42);
  etcdserverpb::PutResponse resp;
  EXPECT_EQ(store_->Put(req, &resp).message(), "etcdserver: requested lease not found");
}

TEST_F(LeaseTest, ExpiryDeletesKeysAndKeepAliveDefersIt) {
  int64_t id = Grant(10);
  int64_t kept = Grant(10);
  Put("a", "1", id);
  Put("b", "1", kept);
  clock_.Advance(seconds(6));
  ASSERT_TRUE(store_->LeaseRenew(kept).ok());
  clock_.Advance(seconds(6));
  store_->Tick();
  EXPECT_EQ(Get("a").kvs_size(), 0);
  EXPECT_EQ(Get("b").kvs_size(), 1);
  etcdserverpb::LeaseTimeToLiveRequest req;
  req.set_id(kept);
  req.set_keys(true);
  etcdserverpb::LeaseTimeToLiveResponse resp;
  ASSERT_TRUE(store_->LeaseTimeToLive(req, &resp).ok());
  EXPECT_EQ(resp.ttl(), 4);
  EXPECT_EQ(resp.grantedttl(), 10);
  ASSERT_EQ(resp.keys_size(), 1);
  req.set_id(id);
  ASSERT_TRUE(store_->LeaseTimeToLive(req, &resp).ok());
  EXPECT_EQ(resp.ttl(), -1);
}

TEST_F(LeaseTest, LeasesSurviveRestartAndMinimumTtlApplies) {
  etcdserverpb::LeaseGrantRequest req;
  req.set_ttl(1);
  req.set_id(77);
  etcdserverpb::LeaseGrantResponse resp;
  ASSERT_TRUE(store_->LeaseGrant(req, &resp).ok());
  EXPECT_EQ(resp.ttl(), kMinLeaseTTL);
  EXPECT_EQ(store_->LeaseGrant(req, &resp).message(), "etcdserver: lease already exists");
  Put("a", "1", 77);
  Reopen();
  etcdserverpb::LeaseLeasesResponse leases;
  store_->LeaseLeases(&leases);
  ASSERT_EQ(leases.leases_size(), 1);
  EXPECT_EQ(leases.leases(0).id(), 77);
  clock_.Advance(seconds(3));
  store_->Tick();
  EXPECT_EQ(Get("a").kvs_size(), 0);
}

TEST_F(StoreTest, AutoCompactionKeepsTheRetentionWindow) {
  retention_ = 3;
  Reopen();
  for (int i = 0; i < 10; ++i) Put("k", std::to_string(i));  // Revision 11.
  clock_.Advance(std::chrono::minutes(6));
  store_->Tick();
  EXPECT_EQ(store_->CompactRevision(), 8);
}

TEST_F(StoreTest, AutoCompactionDoesNotWaitForTheIntervalOnceHistoryDoubles) {
  retention_ = 5;
  Reopen();
  for (int i = 0; i < 8; ++i) Put("k", std::to_string(i));  // Revision 9: under twice the window.
  store_->Tick();
  EXPECT_EQ(store_->CompactRevision(), 0);
  Put("k", "8");  // Revision 10: 10 revisions of history.
  store_->Tick();
  EXPECT_EQ(store_->CompactRevision(), 5) << "no minutes passed, but the history had doubled";
  EXPECT_EQ(Get("k", "", 5).kvs(0).value(), "3");
  store_->Tick();
  EXPECT_EQ(store_->CompactRevision(), 5) << "nothing more to do until it doubles again";
}

TEST_F(StoreTest, IdleHookRunsOncePerQuietPeriod) {
  int idle_calls = 0;
  on_idle_ = [&idle_calls] { ++idle_calls; };
  Reopen();
  store_->Tick();
  EXPECT_EQ(idle_calls, 0) << "no request yet: nothing to give back";
  Put("k", "v");
  store_->Tick();  // Sees the request.
  clock_.Advance(std::chrono::milliseconds(100));
  store_->Tick();
  EXPECT_EQ(idle_calls, 0) << "quiet for less than idle_after";
  clock_.Advance(std::chrono::milliseconds(150));
  store_->Tick();
  EXPECT_EQ(idle_calls, 1);
  clock_.Advance(std::chrono::seconds(5));
  store_->Tick();
  EXPECT_EQ(idle_calls, 1) << "once per quiet period";
  Get("k");  // Reads count as activity too.
  store_->Tick();
  clock_.Advance(std::chrono::milliseconds(250));
  store_->Tick();
  EXPECT_EQ(idle_calls, 2);
}

}  // namespace
}  // namespace wisp::datastore::testing
