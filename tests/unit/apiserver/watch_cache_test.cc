#include "apiserver/watch_cache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "unit/apiserver/fake_etcd.h"

namespace wisp::apiserver {
namespace {

using testing::FakeEtcd;

class RecordingWatcher : public Watcher {
 public:
  explicit RecordingWatcher(std::string prefix) : prefix_(std::move(prefix)) {}
  bool Deliver(const CacheEvent& e) override {
    const char* t = e.type == CacheEvent::Type::kAdded      ? "ADDED"
                    : e.type == CacheEvent::Type::kModified ? "MODIFIED"
                                                            : "DELETED";
    events.push_back(std::string(t) + " " + e.object->name + " " +
                     std::to_string(e.resource_version));
    return alive;
  }
  bool Progress(int64_t rv) override {
    progress = rv;
    return alive;
  }
  void Terminate(const absl::Status& why) override { terminated = why; }
  const std::string& KeyPrefix() const override { return prefix_; }
  void InitialEventsDone(int64_t rv) override { initial_done = rv; }

  std::vector<std::string> events;
  int64_t progress = 0;
  int64_t initial_done = -1;
  bool alive = true;
  absl::Status terminated;

 private:
  std::string prefix_;
};

std::string Obj(const std::string& ns, const std::string& name, const std::string& label = "") {
  std::string labels = label.empty() ? "" : ",\"labels\":{\"app\":\"" + label + "\"}";
  return "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name +
         "\",\"namespace\":\"" + ns + "\"" + labels + "}}";
}

class WatchCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cache_ = &set_.Register("/registry/configmaps/", nullptr);
    other_ = &set_.Register("/registry/services/specs/", nullptr);
  }
  FakeEtcd etcd_;
  WatchCacheSet set_{etcd_};
  ResourceCache* cache_ = nullptr;
  ResourceCache* other_ = nullptr;
};

TEST_F(WatchCacheTest, StartLoadsEveryResourceAtOneRevision) {
  ASSERT_TRUE(etcd_.Create("/registry/configmaps/a/one", Obj("a", "one")).ok());
  ASSERT_TRUE(etcd_.Create("/registry/configmaps/b/two", Obj("b", "two")).ok());
  ASSERT_TRUE(etcd_.Create("/registry/services/specs/a/svc", Obj("a", "svc")).ok());
  ASSERT_TRUE(set_.Start().ok());
  auto all = cache_->List("/registry/configmaps/");
  ASSERT_EQ(all.objects.size(), 2u);
  EXPECT_EQ(all.resource_version, etcd_.revision());
  EXPECT_EQ(all.objects[0]->name, "one");
  EXPECT_NE(all.objects[0]->json.find("\"resourceVersion\":\"2\""), std::string::npos);
  EXPECT_EQ(cache_->List("/registry/configmaps/b/").objects.size(), 1u);
  EXPECT_EQ(other_->List("/registry/services/specs/").objects.size(), 1u);
}

TEST_F(WatchCacheTest, WatchFromZeroGetsStateThenLiveEventsInOrder) {
  ASSERT_TRUE(etcd_.Create("/registry/configmaps/a/one", Obj("a", "one")).ok());
  ASSERT_TRUE(set_.Start().ok());
  auto w = std::make_shared<RecordingWatcher>("/registry/configmaps/a/");
  ASSERT_TRUE(cache_->AddWatcher(w, 0).ok());
  EXPECT_EQ(w->initial_done, 2);
  auto put = etcd_.Create("/registry/configmaps/a/two", Obj("a", "two"));
  ASSERT_TRUE(put.ok());
  ASSERT_TRUE(etcd_.CompareAndPut("/registry/configmaps/a/two", Obj("a", "two", "x"), 3).ok());
  ASSERT_TRUE(etcd_.Create("/registry/configmaps/other/three", Obj("other", "three")).ok());
  ASSERT_TRUE(etcd_.CompareAndDelete("/registry/configmaps/a/one", 2).ok());
  EXPECT_EQ(w->events, (std::vector<std::string>{"ADDED one 2", "ADDED two 3", "MODIFIED two 4",
                                                 "DELETED one 6"}));
  EXPECT_EQ(cache_->List("/registry/configmaps/").objects.size(), 2u);
}

TEST_F(WatchCacheTest, ReplayFromRevisionAndTooOldRevision) {
  ASSERT_TRUE(set_.Start().ok());
  for (int i = 0; i < 3; ++i) {
    std::string name = "c" + std::to_string(i);
    ASSERT_TRUE(etcd_.Create("/registry/configmaps/a/" + name, Obj("a", name)).ok());
  }
  auto w = std::make_shared<RecordingWatcher>("/registry/configmaps/");
  ASSERT_TRUE(cache_->AddWatcher(w, 2).ok());
  EXPECT_EQ(w->events, (std::vector<std::string>{"ADDED c1 3", "ADDED c2 4"}));
  // Fill the ring (1000 events) so revision 2 falls out of it.
  for (int i = 0; i < 1001; ++i) {
    ASSERT_TRUE(
        etcd_
            .CompareAndPut("/registry/configmaps/a/c0", Obj("a", "c0", std::to_string(i)),
                           etcd_.Range("/registry/configmaps/a/c0", "", 0, 0)->kvs[0].mod_revision)
            .ok());
  }
  auto late = std::make_shared<RecordingWatcher>("/registry/configmaps/");
  absl::Status s = cache_->AddWatcher(late, 2);
  EXPECT_TRUE(absl::IsOutOfRange(s)) << s;
  EXPECT_NE(std::string(s.message()).find("too old resource version: 2"), std::string::npos);
  // The number in parentheses is the oldest version a watch may start from.
  const std::string text(s.message());
  const int64_t oldest = std::stoll(text.substr(text.find('(') + 1));
  auto from_oldest = std::make_shared<RecordingWatcher>("/registry/configmaps/");
  EXPECT_TRUE(cache_->AddWatcher(from_oldest, oldest).ok());
  auto before = std::make_shared<RecordingWatcher>("/registry/configmaps/");
  EXPECT_TRUE(absl::IsOutOfRange(cache_->AddWatcher(before, oldest - 1)));
}

TEST_F(WatchCacheTest, GoneWatchersAreDroppedAndProgressAdvancesIdleCaches) {
  ASSERT_TRUE(set_.Start().ok());
  auto w = std::make_shared<RecordingWatcher>("/registry/services/specs/");
  ASSERT_TRUE(other_->AddWatcher(w, 0).ok());
  ASSERT_TRUE(etcd_.Create("/registry/configmaps/a/x", Obj("a", "x")).ok());
  EXPECT_EQ(w->progress, etcd_.revision());  // an idle cache still moves forward
  EXPECT_EQ(other_->ResourceVersion(), etcd_.revision());
  w->alive = false;
  ASSERT_TRUE(etcd_.Create("/registry/services/specs/a/s", Obj("a", "s")).ok());
  ASSERT_TRUE(etcd_.Create("/registry/services/specs/a/t", Obj("a", "t")).ok());
  EXPECT_EQ(w->events.size(), 1u);  // dropped after the first failed delivery
}

TEST_F(WatchCacheTest, WaitForReturnsOnceTheRevisionIsSeen) {
  ASSERT_TRUE(set_.Start().ok());
  ASSERT_TRUE(etcd_.Create("/registry/other/x", "{}").ok());  // no cache for it
  EXPECT_TRUE(set_.WaitFor(etcd_.revision(), std::chrono::milliseconds(100)).ok());
  absl::Status s = set_.WaitFor(etcd_.revision() + 5, std::chrono::milliseconds(10));
  EXPECT_TRUE(absl::IsDeadlineExceeded(s)) << s;
}

// A hung etcd keeps its stream open but answers nothing: once a progress
// request goes unanswered past the stall timeout the set is unhealthy (the
// etcd readiness check fails); anything heard from etcd ends that.
TEST_F(WatchCacheTest, AnUnansweredProgressRequestMeansEtcdHangs) {
  set_.SetStallTimeout(std::chrono::milliseconds(50));
  ASSERT_TRUE(set_.Start().ok());
  set_.RequestProgress();
  EXPECT_TRUE(set_.Healthy().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  absl::Status s = set_.Healthy();
  EXPECT_TRUE(absl::IsUnavailable(s)) << s;
  EXPECT_NE(std::string(s.message()).find("etcd has not answered the watch"), std::string::npos);
  ASSERT_TRUE(etcd_.Create("/registry/configmaps/d/a", Obj("d", "a")).ok());
  ASSERT_TRUE(set_.WaitFor(etcd_.revision(), std::chrono::seconds(5)).ok());
  EXPECT_TRUE(set_.Healthy().ok());
}

// etcd went away and came back: the watch resumes after the last revision
// seen and client watches go on; a compacted revision means a relist.
TEST_F(WatchCacheTest, ALostEtcdWatchResumesWithoutEndingClientWatches) {
  ASSERT_TRUE(etcd_.Create("/registry/configmaps/d/a", Obj("d", "a")).ok());
  ASSERT_TRUE(set_.Start().ok());
  auto w = std::make_shared<RecordingWatcher>("/registry/configmaps/");
  ASSERT_TRUE(cache_->AddWatcher(w, set_.Revision()).ok());
  const int64_t seen = set_.Revision();
  etcd_.BreakWatches(absl::UnavailableError("connection reset"));
  auto resumed = [&] { return etcd_.watch_starts.size() == 2 && set_.Healthy().ok(); };
  for (int i = 0; i < 300 && !resumed(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(resumed());
  EXPECT_EQ(etcd_.watch_starts[1], seen + 1);
  EXPECT_TRUE(w->terminated.ok()) << w->terminated;
  ASSERT_TRUE(etcd_.Create("/registry/configmaps/d/b", Obj("d", "b")).ok());
  ASSERT_TRUE(set_.WaitFor(etcd_.revision(), std::chrono::seconds(5)).ok());
  ASSERT_EQ(w->events.size(), 1u);
  EXPECT_EQ(w->events[0], "ADDED b " + std::to_string(etcd_.revision()));

  etcd_.BreakWatches(absl::OutOfRangeError("mvcc: required revision has been compacted"));
  for (int i = 0; i < 300 && etcd_.watch_starts.size() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(etcd_.watch_starts.size(), 3u);
  EXPECT_TRUE(absl::IsUnavailable(w->terminated)) << w->terminated;  // ended, no ERROR event
}

TEST_F(WatchCacheTest, StopTerminatesWatchers) {
  ASSERT_TRUE(set_.Start().ok());
  auto w = std::make_shared<RecordingWatcher>("/registry/configmaps/");
  ASSERT_TRUE(cache_->AddWatcher(w, 0).ok());
  set_.Stop();
  EXPECT_TRUE(absl::IsUnavailable(w->terminated)) << w->terminated;
}

}  // namespace
}  // namespace wisp::apiserver
