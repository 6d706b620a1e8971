#include "datastore/mvcc.h"

#include <gtest/gtest.h>

#include "datastore/watch_hub.h"

namespace wisp::datastore {
namespace {

KeyVersion V(int64_t rev, std::string value, bool tomb = false) {
  KeyVersion kv;
  kv.mod_rev = rev;
  kv.create_rev = rev;
  kv.version = 1;
  kv.value = std::move(value);
  kv.tombstone = tomb;
  return kv;
}

TEST(MvccIndexTest, CompactKeepsNewestLiveVersionAndDropsDeadKeys) {
  MvccIndex index;
  index.Append("a", V(2, "1"));
  index.Append("a", V(3, "2"));
  index.Append("b", V(4, "1"));
  index.Append("b", V(5, "", true));
  index.Append("c", V(6, "1"));
  index.set_current_rev(6);
  auto removed = index.Compact(5);
  EXPECT_EQ(removed.size(), 3u);  // a@2, b@4, b@5.
  EXPECT_EQ(index.VersionCount(), 2);
  ASSERT_NE(index.Get("a", 5), nullptr);
  EXPECT_EQ(index.Get("a", 5)->value, "2");
  EXPECT_EQ(index.Get("b", 6), nullptr);
}

TEST(MvccIndexTest, HistoryOrdersByRevisionWithPrevious) {
  MvccIndex index;
  index.Append("b", V(2, "1"));
  index.Append("a", V(3, "1"));
  index.Append("b", V(4, "2"));
  auto events = index.History("a", std::string(1, '\0'), 3, 4, true);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kv().key(), "a");
  EXPECT_EQ(events[1].prev_kv().value(), "1");
}

class RecordingSink : public WatchSink {
 public:
  void Send(etcdserverpb::WatchResponse resp) override { got.push_back(std::move(resp)); }
  std::vector<etcdserverpb::WatchResponse> got;
};

mvccpb::Event Ev(const std::string& key, int64_t rev, bool del = false) {
  mvccpb::Event e;
  e.set_type(del ? mvccpb::Event::DELETE : mvccpb::Event::PUT);
  e.mutable_kv()->set_key(key);
  e.mutable_kv()->set_mod_revision(rev);
  return e;
}

TEST(WatchHubTest, ReplaysHistoryThenDeliversLiveEventsOnce) {
  std::vector<mvccpb::Event> log = {Ev("a", 2), Ev("b", 3)};
  WatchHub hub(3, [&](const std::string&, const std::string&, int64_t from, int64_t to,
                      int64_t* compact_rev) {
    *compact_rev = 0;
    std::vector<mvccpb::Event> out;
    for (auto& e : log) {
      if (e.kv().mod_revision() >= from && e.kv().mod_revision() <= to) out.push_back(e);
    }
    return out;
  });
  RecordingSink sink;
  WatchSpec spec;
  spec.key = "a";
  spec.end = std::string(1, '\0');
  spec.start_rev = 2;
  hub.Add(&sink, spec);
  // The catch-up comes as one response at the current revision.
  ASSERT_EQ(sink.got.size(), 1u);
  EXPECT_EQ(sink.got[0].events_size(), 2);
  EXPECT_EQ(sink.got[0].header().revision(), 3);
  hub.Publish({Ev("b", 3)}, 3);  // Already replayed: not delivered again.
  hub.Publish({Ev("c", 4, true)}, 4);
  ASSERT_EQ(sink.got.size(), 2u);
  EXPECT_EQ(sink.got[1].events(0).type(), mvccpb::Event::DELETE);
  EXPECT_EQ(sink.got[1].header().revision(), 4);
}

TEST(WatchHubTest, FiltersAndCompactedStart) {
  WatchHub hub(5,
               [](const std::string&, const std::string&, int64_t, int64_t, int64_t* compact_rev) {
                 *compact_rev = 4;
                 return std::vector<mvccpb::Event>{};
               });
  RecordingSink sink;
  WatchSpec spec;
  spec.id = 7;
  spec.key = "k";
  spec.no_delete = true;
  hub.Add(&sink, spec);
  hub.Publish({Ev("k", 6, true)}, 6);
  EXPECT_TRUE(sink.got.empty());
  hub.Publish({Ev("k", 7)}, 7);
  ASSERT_EQ(sink.got.size(), 1u);
  EXPECT_EQ(sink.got[0].watch_id(), 7);

  RecordingSink old;
  spec.start_rev = 2;
  hub.Add(&old, spec);
  ASSERT_EQ(old.got.size(), 1u);
  EXPECT_TRUE(old.got[0].canceled());
  EXPECT_EQ(old.got[0].compact_revision(), 4);
  EXPECT_EQ(hub.size(), 1u);
}

}  // namespace
}  // namespace wisp::datastore
