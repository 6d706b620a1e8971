#include "datastore/watch_hub.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wisp::datastore {
namespace {

class RecordingSink final : public WatchSink {
 public:
  void Send(etcdserverpb::WatchResponse resp) override { got.push_back(std::move(resp)); }
  std::vector<etcdserverpb::WatchResponse> got;
};

mvccpb::Event PutEvent(const std::string& key, int64_t rev, const std::string& prev_value) {
  mvccpb::Event e;
  e.set_type(mvccpb::Event::PUT);
  e.mutable_kv()->set_key(key);
  e.mutable_kv()->set_value("v" + std::to_string(rev));
  e.mutable_kv()->set_mod_revision(rev);
  if (!prev_value.empty()) {
    e.mutable_prev_kv()->set_key(key);
    e.mutable_prev_kv()->set_value(prev_value);
  }
  return e;
}

WatchHub NewHub(int64_t rev) {
  return WatchHub(
      rev, [](const std::string&, const std::string&, int64_t, int64_t, int64_t* compact_rev) {
        *compact_rev = 0;
        return std::vector<mvccpb::Event>{};
      });
}

WatchSpec Spec(int64_t id, const std::string& key, const std::string& end = "") {
  WatchSpec s;
  s.id = id;
  s.key = key;
  s.end = end;
  return s;
}

TEST(WatchHubTest, SharedResponseKeepsWatchIdsAndPrevKvPerWatcher) {
  WatchHub hub = NewHub(1);
  RecordingSink a, b;
  hub.Add(&a, Spec(7, "k"));
  WatchSpec with_prev = Spec(3, "k");
  with_prev.prev_kv = true;
  hub.Add(&b, with_prev);
  hub.Add(&b, Spec(4, "k"));
  hub.Publish({PutEvent("k", 2, "old")}, 2);

  ASSERT_EQ(a.got.size(), 1u);
  EXPECT_EQ(a.got[0].watch_id(), 7);
  EXPECT_EQ(a.got[0].header().revision(), 2);
  ASSERT_EQ(a.got[0].events_size(), 1);
  EXPECT_EQ(a.got[0].events(0).kv().value(), "v2");
  EXPECT_FALSE(a.got[0].events(0).has_prev_kv());

  ASSERT_EQ(b.got.size(), 2u);
  for (const auto& resp : b.got) {
    ASSERT_EQ(resp.events_size(), 1);
    if (resp.watch_id() == 3) {
      EXPECT_EQ(resp.events(0).prev_kv().value(), "old");
    } else {
      EXPECT_EQ(resp.watch_id(), 4);
      EXPECT_FALSE(resp.events(0).has_prev_kv());
    }
  }
  EXPECT_NE(b.got[0].watch_id(), b.got[1].watch_id());
}

TEST(WatchHubTest, OneResponsePerRevisionWithOnlyMatchingEvents) {
  WatchHub hub = NewHub(1);
  RecordingSink prefix, single, none;
  hub.Add(&prefix, Spec(1, "a/", "a0"));
  hub.Add(&single, Spec(2, "a/y"));
  WatchSpec no_put = Spec(3, "a/", "a0");
  no_put.no_put = true;
  hub.Add(&none, no_put);
  // Revision 2 writes two keys (a txn), revision 3 one key outside the prefix.
  hub.Publish({PutEvent("a/x", 2, ""), PutEvent("a/y", 2, ""), PutEvent("b", 3, "")}, 3);

  ASSERT_EQ(prefix.got.size(), 1u);
  ASSERT_EQ(prefix.got[0].events_size(), 2);
  EXPECT_EQ(prefix.got[0].events(0).kv().key(), "a/x");
  EXPECT_EQ(prefix.got[0].events(1).kv().key(), "a/y");
  EXPECT_EQ(prefix.got[0].header().revision(), 2);

  ASSERT_EQ(single.got.size(), 1u);
  ASSERT_EQ(single.got[0].events_size(), 1);
  EXPECT_EQ(single.got[0].events(0).kv().key(), "a/y");
  EXPECT_EQ(single.got[0].watch_id(), 2);

  EXPECT_TRUE(none.got.empty());
  EXPECT_EQ(hub.published_rev(), 3);
}

TEST(WatchHubTest, EventsAlreadyPublishedAreNotDeliveredAgain) {
  WatchHub hub = NewHub(5);
  RecordingSink sink;
  hub.Add(&sink, Spec(1, "k"));  // From revision 6.
  hub.Publish({PutEvent("k", 5, ""), PutEvent("k", 6, "")}, 6);
  ASSERT_EQ(sink.got.size(), 1u);
  EXPECT_EQ(sink.got[0].events(0).kv().mod_revision(), 6);
  hub.Publish({PutEvent("k", 6, "")}, 6);
  EXPECT_EQ(sink.got.size(), 1u);
}

}  // namespace
}  // namespace wisp::datastore
