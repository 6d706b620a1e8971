#include "wisp/component/manager.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "unit/base/fake_clock.h"

namespace wisp::component {
namespace {

using std::chrono::milliseconds;

// Records every lifecycle call into a shared journal.
class FakeComponent final : public Component {
 public:
  FakeComponent(std::string name, std::vector<std::string>& journal)
      : name_(std::move(name)), journal_(journal) {}

  std::string Name() const override { return name_; }
  absl::Status Init() override {
    journal_.push_back(name_ + ".init");
    return init_error;
  }
  absl::Status Start() override {
    journal_.push_back(name_ + ".start");
    return start_error;
  }
  absl::Status Ready() const override {
    if (ready_after_polls > 0) {
      --ready_after_polls;
      return absl::UnavailableError("warming up");
    }
    return never_ready ? absl::UnavailableError("socket not answering") : absl::OkStatus();
  }
  absl::Status Stop() override {
    journal_.push_back(name_ + ".stop");
    return absl::OkStatus();
  }

  absl::Status init_error;
  absl::Status start_error;
  bool never_ready = false;
  mutable int ready_after_polls = 0;

 private:
  std::string name_;
  std::vector<std::string>& journal_;
};

class ManagerTest : public ::testing::Test {
 protected:
  FakeComponent* Add(Manager& m, const std::string& name) {
    auto c = std::make_unique<FakeComponent>(name, journal_);
    FakeComponent* raw = c.get();
    m.Add(std::move(c));
    return raw;
  }

  testing::FakeClock clock_;
  std::vector<std::string> journal_;
};

TEST_F(ManagerTest, StartsInOrderAndStopsInReverse) {
  Manager m({}, clock_);
  Add(m, "a");
  Add(m, "b");
  Add(m, "c");
  ASSERT_TRUE(m.Start().ok());
  ASSERT_TRUE(m.Stop().ok());
  EXPECT_EQ(journal_, (std::vector<std::string>{"a.init", "b.init", "c.init", "a.start", "b.start",
                                                "c.start", "c.stop", "b.stop", "a.stop"}));
}

TEST_F(ManagerTest, WaitsForReadinessBeforeStartingNext) {
  Manager m({.ready_timeout = milliseconds(1000), .ready_poll = milliseconds(10)}, clock_);
  Add(m, "datastore")->ready_after_polls = 5;
  Add(m, "apiserver");
  auto before = clock_.Now();
  ASSERT_TRUE(m.Start().ok());
  EXPECT_EQ(clock_.Now() - before, milliseconds(50));
  EXPECT_EQ(journal_[2], "datastore.start");
  EXPECT_EQ(journal_[3], "apiserver.start");
}

TEST_F(ManagerTest, ReadinessDeadlineRollsBackStartedComponents) {
  Manager m({.ready_timeout = milliseconds(200), .ready_poll = milliseconds(10)}, clock_);
  Add(m, "a");
  Add(m, "b")->never_ready = true;
  Add(m, "c");
  absl::Status st = m.Start();
  EXPECT_EQ(st.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_NE(st.message().find("b: start"), std::string::npos) << st;
  EXPECT_NE(st.message().find("socket not answering"), std::string::npos) << st;
  EXPECT_EQ(journal_, (std::vector<std::string>{"a.init", "b.init", "c.init", "a.start", "b.start",
                                                "b.stop", "a.stop"}));
}

TEST_F(ManagerTest, StartErrorStopsTheFailedAndEarlierComponents) {
  Manager m({}, clock_);
  Add(m, "a");
  Add(m, "b")->start_error = absl::InternalError("exec failed");
  ASSERT_FALSE(m.Start().ok());
  EXPECT_EQ(journal_.back(), "a.stop");
  EXPECT_EQ(journal_[journal_.size() - 2], "b.stop");
}

TEST_F(ManagerTest, InitErrorStartsNothing) {
  Manager m({}, clock_);
  Add(m, "a");
  Add(m, "b")->init_error = absl::InvalidArgumentError("bad flag");
  absl::Status st = m.Start();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(journal_, (std::vector<std::string>{"a.init", "b.init"}));
}

TEST_F(ManagerTest, StopIsIdempotent) {
  Manager m({}, clock_);
  Add(m, "a");
  ASSERT_TRUE(m.Start().ok());
  ASSERT_TRUE(m.Stop().ok());
  ASSERT_TRUE(m.Stop().ok());
  EXPECT_EQ(journal_.back(), "a.stop");
  EXPECT_EQ(std::count(journal_.begin(), journal_.end(), "a.stop"), 1);
}

TEST_F(ManagerTest, HealthyReportsTheUnhealthyComponent) {
  Manager m({}, clock_);
  Add(m, "a");
  FakeComponent* b = Add(m, "b");
  ASSERT_TRUE(m.Start().ok());
  EXPECT_TRUE(m.Healthy().ok());
  b->never_ready = true;
  absl::Status st = m.Healthy();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("b: health"), std::string::npos);
}

}  // namespace
}  // namespace wisp::component
