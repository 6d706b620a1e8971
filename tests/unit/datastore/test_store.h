// File: tests/unit/datastore/test_store.h
//
// A Store in a fresh temp directory on a fake clock, with helpers that build
// requests tersely. Not thread-safe.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "datastore/store.h"
#include "unit/base/fake_clock.h"

namespace wisp::datastore::testing {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wisp-ds-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    StoreOptions opts;
    opts.db_path = dir_ + "/db.sqlite";
    opts.background = false;
    opts.compaction_retention = retention_;
    opts.on_idle = on_idle_;
    auto s = Store::Open(opts, clock_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
    store_->Start();
  }

  int64_t Put(const std::string& k, const std::string& v, int64_t lease = 0) {
    etcdserverpb::PutRequest req;
    req.set_key(k);
    req.set_value(v);
    req.set_lease(lease);
    etcdserverpb::PutResponse resp;
    absl::Status s = store_->Put(req, &resp);
    EXPECT_TRUE(s.ok()) << s;
    return resp.header().revision();
  }
  etcdserverpb::RangeResponse Get(const std::string& k, const std::string& end = "",
                                  int64_t rev = 0) {
    etcdserverpb::RangeRequest req;
    req.set_key(k);
    req.set_range_end(end);
    req.set_revision(rev);
    etcdserverpb::RangeResponse resp;
    absl::Status s = store_->Range(req, &resp);
    EXPECT_TRUE(s.ok()) << s;
    return resp;
  }
  absl::Status Compact(int64_t rev) {
    etcdserverpb::CompactionRequest req;
    req.set_revision(rev);
    etcdserverpb::CompactionResponse resp;
    return store_->Compact(req, &resp);
  }

  std::string dir_;
  int64_t retention_ = 0;
  std::function<void()> on_idle_;
  wisp::testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
};

inline std::string PrefixEnd(std::string p) {
  p.back()++;
  return p;
}

}  // namespace wisp::datastore::testing
