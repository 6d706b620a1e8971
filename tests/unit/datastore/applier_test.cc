#include "datastore/applier.h"

#include <gtest/gtest.h>

#include "unit/datastore/test_store.h"

namespace wisp::datastore::testing {
namespace {

using etcdserverpb::Compare;
using etcdserverpb::TxnRequest;
using etcdserverpb::TxnResponse;

Compare* AddCompare(TxnRequest& t, const std::string& key, Compare::CompareTarget target,
                    Compare::CompareResult result) {
  Compare* c = t.add_compare();
  c->set_key(key);
  c->set_target(target);
  c->set_result(result);
  return c;
}

void AddPut(google::protobuf::RepeatedPtrField<etcdserverpb::RequestOp>* ops, const std::string& k,
            const std::string& v) {
  auto* p = ops->Add()->mutable_request_put();
  p->set_key(k);
  p->set_value(v);
}

using TxnTest = StoreTest;

TEST_F(TxnTest, ValueCompareChoosesBranch) {
  Put("k", "v1");
  TxnRequest t;
  AddCompare(t, "k", Compare::VALUE, Compare::EQUAL)->set_value("v1");
  AddPut(t.mutable_success(), "k", "v2");
  AddPut(t.mutable_failure(), "other", "x");
  TxnResponse r;
  ASSERT_TRUE(store_->Txn(t, &r).ok());
  EXPECT_TRUE(r.succeeded());
  EXPECT_EQ(r.header().revision(), 3);
  EXPECT_EQ(r.responses(0).response_put().header().revision(), 3);
  r.Clear();
  ASSERT_TRUE(store_->Txn(t, &r).ok());
  EXPECT_FALSE(r.succeeded());
  EXPECT_EQ(Get("other").kvs_size(), 1);
}

TEST_F(TxnTest, MissingKeyComparesAsZeroButValueCompareFails) {
  TxnRequest t;
  AddCompare(t, "missing", Compare::VERSION, Compare::EQUAL)->set_version(0);
  AddCompare(t, "missing", Compare::CREATE, Compare::EQUAL)->set_create_revision(0);
  TxnResponse r;
  ASSERT_TRUE(store_->Txn(t, &r).ok());
  EXPECT_TRUE(r.succeeded());
  EXPECT_EQ(r.header().revision(), 1);
  TxnRequest v;
  AddCompare(v, "missing", Compare::VALUE, Compare::NOT_EQUAL)->set_value("x");
  r.Clear();
  ASSERT_TRUE(store_->Txn(v, &r).ok());
  EXPECT_FALSE(r.succeeded());
}

TEST_F(TxnTest, RangeCompareMustHoldForEveryKey) {
  Put("p/a", "1");
  Put("p/b", "1");
  TxnRequest t;
  Compare* c = AddCompare(t, "p/", Compare::MOD, Compare::LESS);
  c->set_range_end("p0");
  c->set_mod_revision(3);
  TxnResponse r;
  ASSERT_TRUE(store_->Txn(t, &r).ok());
  EXPECT_FALSE(r.succeeded());  // p/b has mod 3.
  c->set_mod_revision(4);
  r.Clear();
  ASSERT_TRUE(store_->Txn(t, &r).ok());
  EXPECT_TRUE(r.succeeded());
}

TEST_F(TxnTest, NestedTxnAndReadsSeeEarlierWrites) {
  TxnRequest t;
  AddPut(t.mutable_success(), "a", "1");
  auto* rr = t.add_success()->mutable_request_range();
  rr->set_key("a");
  auto* nested = t.add_success()->mutable_request_txn();
  AddCompare(*nested, "a", Compare::VERSION, Compare::EQUAL)->set_version(0);  // Before the txn.
  AddPut(nested->mutable_success(), "b", "2");
  TxnResponse r;
  ASSERT_TRUE(store_->Txn(t, &r).ok());
  ASSERT_EQ(r.responses_size(), 3);
  EXPECT_EQ(r.responses(1).response_range().kvs_size(), 1);
  EXPECT_EQ(r.responses(1).response_range().header().revision(), 2);
  EXPECT_TRUE(r.responses(2).response_txn().succeeded());
  EXPECT_EQ(Get("b").kvs(0).mod_revision(), 2);
  EXPECT_EQ(Get("b").kvs(0).value(), "2");
}

TEST_F(TxnTest, DuplicateKeysAreRejected) {
  TxnRequest t;
  AddPut(t.mutable_success(), "a", "1");
  AddPut(t.mutable_success(), "a", "2");
  TxnResponse r;
  absl::Status s = store_->Txn(t, &r);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "etcdserver: duplicate key given in txn request");

  TxnRequest d;
  AddPut(d.mutable_success(), "a/1", "1");
  auto* del = d.add_success()->mutable_request_delete_range();
  del->set_key("a/");
  del->set_range_end("a0");
  EXPECT_EQ(store_->Txn(d, &r).message(), "etcdserver: duplicate key given in txn request");

  // Then and else of one nested txn may write the same key.
  TxnRequest n;
  auto* inner = n.add_success()->mutable_request_txn();
  AddPut(inner->mutable_success(), "x", "1");
  AddPut(inner->mutable_failure(), "x", "2");
  EXPECT_TRUE(store_->Txn(n, &r).ok());
}

TEST_F(TxnTest, TooManyOpsAreRejected) {
  TxnRequest t;
  for (int i = 0; i < 129; ++i) AddPut(t.mutable_success(), "k" + std::to_string(i), "v");
  TxnResponse r;
  EXPECT_EQ(store_->Txn(t, &r).message(), "etcdserver: too many operations in txn request");
}

TEST_F(TxnTest, CompactedRangeInTxnFailsWholeTxn) {
  Put("a", "1");
  Put("a", "2");
  ASSERT_TRUE(Compact(3).ok());
  TxnRequest t;
  AddPut(t.mutable_success(), "b", "1");
  auto* rr = t.add_success()->mutable_request_range();
  rr->set_key("a");
  rr->set_revision(2);
  TxnResponse r;
  EXPECT_EQ(store_->Txn(t, &r).message(), "etcdserver: mvcc: required revision has been compacted");
  EXPECT_EQ(Get("b").kvs_size(), 0);
}

TEST_F(TxnTest, DeleteInTxnReportsRevision) {
  Put("a", "1");
  TxnRequest t;
  auto* del = t.add_success()->mutable_request_delete_range();
  del->set_key("a");
  del->set_prev_kv(true);
  TxnResponse r;
  ASSERT_TRUE(store_->Txn(t, &r).ok());
  EXPECT_EQ(r.responses(0).response_delete_range().deleted(), 1);
  EXPECT_EQ(r.responses(0).response_delete_range().prev_kvs(0).value(), "1");
  EXPECT_EQ(r.header().revision(), 3);
}

}  // namespace
}  // namespace wisp::datastore::testing
