#include "datastore/applier.h"

#include <algorithm>
#include <limits>
#include <set>

#include "datastore/errors.h"

namespace wisp::datastore {
namespace {

using etcdserverpb::Compare;
using etcdserverpb::RangeRequest;
using etcdserverpb::RequestOp;
using etcdserverpb::TxnRequest;

constexpr int64_t kLatest = std::numeric_limits<int64_t>::max();

// A half-open key interval [begin, end) as etcd's txn overlap check sees it.
struct Interval {
  std::string begin, end;
  bool Contains(const std::string& k) const { return begin <= k && k < end; }
};

struct Intervals {
  std::set<std::string> puts;
  std::vector<Interval> dels;
  bool DelsContain(const std::string& k) const {
    return std::any_of(dels.begin(), dels.end(), [&](const Interval& i) { return i.Contains(k); });
  }
};

// etcd's checkIntervals: no key may be written twice in one txn, and no put
// may fall in a deleted range; then/else branches of one nested txn are
// mutually exclusive and may repeat each other's keys.
absl::Status CheckIntervals(const google::protobuf::RepeatedPtrField<RequestOp>& ops,
                            Intervals& out) {
  for (const RequestOp& op : ops) {
    if (!op.has_request_delete_range()) continue;
    const auto& d = op.request_delete_range();
    out.dels.push_back(d.range_end().empty() ? Interval{d.key(), d.key() + std::string(1, '\0')}
                                             : Interval{d.key(), d.range_end()});
  }
  for (const RequestOp& op : ops) {
    if (!op.has_request_txn()) continue;
    Intervals then_iv, else_iv;
    if (auto s = CheckIntervals(op.request_txn().success(), then_iv); !s.ok()) return s;
    if (auto s = CheckIntervals(op.request_txn().failure(), else_iv); !s.ok()) return s;
    for (const std::string& k : then_iv.puts) {
      if (out.puts.count(k) || out.DelsContain(k)) return ErrDuplicateKey();
    }
    for (const std::string& k : else_iv.puts) {
      if (out.puts.count(k) && !then_iv.puts.count(k)) return ErrDuplicateKey();
      if (out.DelsContain(k)) return ErrDuplicateKey();
    }
    out.puts.insert(then_iv.puts.begin(), then_iv.puts.end());
    out.puts.insert(else_iv.puts.begin(), else_iv.puts.end());
    out.dels.insert(out.dels.end(), then_iv.dels.begin(), then_iv.dels.end());
    out.dels.insert(out.dels.end(), else_iv.dels.begin(), else_iv.dels.end());
  }
  for (const RequestOp& op : ops) {
    if (!op.has_request_put()) continue;
    const std::string& k = op.request_put().key();
    if (out.puts.count(k) || out.DelsContain(k)) return ErrDuplicateKey();
    out.puts.insert(k);
  }
  return absl::OkStatus();
}

absl::Status CheckTxnOps(const TxnRequest& req, int max_txn_ops) {
  if (req.compare_size() > max_txn_ops || req.success_size() > max_txn_ops ||
      req.failure_size() > max_txn_ops) {
    return ErrTooManyOps();
  }
  for (const Compare& c : req.compare()) {
    if (c.key().empty()) return ErrEmptyKey();
  }
  for (const auto* ops : {&req.success(), &req.failure()}) {
    for (const RequestOp& op : *ops) {
      absl::Status s;
      if (op.has_request_range()) s = CheckRange(op.request_range());
      if (op.has_request_put()) s = CheckPut(op.request_put());
      if (op.has_request_delete_range()) s = CheckDeleteRange(op.request_delete_range());
      if (op.has_request_txn()) s = CheckTxnOps(op.request_txn(), max_txn_ops);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

int CompareInt(int64_t a, int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

bool CompareKV(const Compare& c, const KeyVersion* kv) {
  KeyVersion empty;
  const KeyVersion& v = kv ? *kv : empty;
  int result = 0;
  switch (c.target()) {
    case Compare::VALUE: {
      int r = v.value.compare(c.value());
      result = r < 0 ? -1 : (r > 0 ? 1 : 0);
      break;
    }
    case Compare::CREATE:
      result = CompareInt(v.create_rev, c.create_revision());
      break;
    case Compare::MOD:
      result = CompareInt(v.mod_rev, c.mod_revision());
      break;
    case Compare::VERSION:
      result = CompareInt(v.version, c.version());
      break;
    case Compare::LEASE:
      result = CompareInt(v.lease, c.lease());
      break;
    default:
      break;
  }
  switch (c.result()) {
    case Compare::EQUAL:
      return result == 0;
    case Compare::NOT_EQUAL:
      return result != 0;
    case Compare::GREATER:
      return result > 0;
    case Compare::LESS:
      return result < 0;
    default:
      return true;
  }
}

int64_t SortValue(const mvccpb::KeyValue& kv, RangeRequest::SortTarget t) {
  switch (t) {
    case RangeRequest::VERSION:
      return kv.version();
    case RangeRequest::CREATE:
      return kv.create_revision();
    case RangeRequest::MOD:
      return kv.mod_revision();
    default:
      return 0;
  }
}

void SortKvs(google::protobuf::RepeatedPtrField<mvccpb::KeyValue>* kvs, const RangeRequest& req) {
  RangeRequest::SortOrder order = req.sort_order();
  RangeRequest::SortTarget target = req.sort_target();
  if (target != RangeRequest::KEY && order == RangeRequest::NONE) order = RangeRequest::ASCEND;
  if (target == RangeRequest::KEY && order == RangeRequest::ASCEND) order = RangeRequest::NONE;
  if (order == RangeRequest::NONE) return;
  auto less = [target](const mvccpb::KeyValue& a, const mvccpb::KeyValue& b) {
    if (target == RangeRequest::KEY) return a.key() < b.key();
    if (target == RangeRequest::VALUE) return a.value() < b.value();
    return SortValue(a, target) < SortValue(b, target);
  };
  if (order == RangeRequest::ASCEND) {
    std::stable_sort(kvs->begin(), kvs->end(), less);
  } else {
    std::stable_sort(kvs->begin(), kvs->end(),
                     [&less](const auto& a, const auto& b) { return less(b, a); });
  }
}

bool Filtered(const RangeRequest& req, const KeyVersion& kv) {
  return (req.max_mod_revision() != 0 && kv.mod_rev > req.max_mod_revision()) ||
         (req.min_mod_revision() != 0 && kv.mod_rev < req.min_mod_revision()) ||
         (req.max_create_revision() != 0 && kv.create_rev > req.max_create_revision()) ||
         (req.min_create_revision() != 0 && kv.create_rev < req.min_create_revision());
}

}  // namespace

absl::Status CheckRange(const RangeRequest& req) {
  if (req.key().empty()) return ErrEmptyKey();
  return absl::OkStatus();
}

absl::Status CheckPut(const etcdserverpb::PutRequest& req) {
  if (req.key().empty()) return ErrEmptyKey();
  if (req.ignore_value() && !req.value().empty()) return ErrValueProvided();
  if (req.ignore_lease() && req.lease() != 0) return ErrLeaseProvided();
  return absl::OkStatus();
}

absl::Status CheckDeleteRange(const etcdserverpb::DeleteRangeRequest& req) {
  if (req.key().empty()) return ErrEmptyKey();
  return absl::OkStatus();
}

absl::Status CheckTxn(const TxnRequest& req, int max_txn_ops) {
  if (auto s = CheckTxnOps(req, max_txn_ops); !s.ok()) return s;
  Intervals then_iv, else_iv;
  if (auto s = CheckIntervals(req.success(), then_iv); !s.ok()) return s;
  return CheckIntervals(req.failure(), else_iv);
}

absl::Status RangeAt(const MvccIndex& index, const RangeRequest& req, int64_t cur_rev,
                     etcdserverpb::RangeResponse* resp) {
  int64_t rev = req.revision();
  if (rev > cur_rev) return ErrFutureRev();
  if (rev <= 0) rev = cur_rev;
  if (rev < index.compact_rev()) return ErrCompacted();
  resp->mutable_header()->set_revision(cur_rev);
  if (req.count_only()) {
    resp->set_count(index.Count(req.key(), req.range_end(), rev));
    return absl::OkStatus();
  }
  const bool fetch_all = req.sort_order() != RangeRequest::NONE || req.min_mod_revision() != 0 ||
                         req.max_mod_revision() != 0 || req.min_create_revision() != 0 ||
                         req.max_create_revision() != 0;
  const int64_t fetch_limit = (fetch_all || req.limit() <= 0) ? 0 : req.limit() + 1;
  int64_t total = 0;
  auto* kvs = resp->mutable_kvs();
  index.ForEach(req.key(), req.range_end(), rev, [&](const std::string& key, const KeyVersion& kv) {
    ++total;
    if (fetch_limit > 0 && kvs->size() >= fetch_limit) return true;
    if (Filtered(req, kv)) return true;
    MvccIndex::ToProto(key, kv, kvs->Add());
    return true;
  });
  SortKvs(kvs, req);
  if (req.limit() > 0 && kvs->size() > req.limit()) {
    kvs->DeleteSubrange(static_cast<int>(req.limit()), kvs->size() - static_cast<int>(req.limit()));
    resp->set_more(true);
  }
  if (req.keys_only()) {
    for (auto& kv : *kvs) kv.clear_value();
  }
  resp->set_count(total);
  return absl::OkStatus();
}

void Applier::End(const Write& w) {
  if (w.sub > 0) index_.set_current_rev(w.Rev());
}

void Applier::DoPut(Write& w, const etcdserverpb::PutRequest& req,
                    etcdserverpb::PutResponse* resp) {
  const KeyVersion* prev = index_.Get(req.key(), kLatest);
  KeyVersion kv;
  kv.mod_rev = w.Rev();
  kv.sub = w.sub++;
  kv.create_rev = prev ? prev->create_rev : w.Rev();
  kv.version = prev ? prev->version + 1 : 1;
  kv.lease = req.ignore_lease() && prev ? prev->lease : req.lease();
  kv.value = req.ignore_value() && prev ? prev->value : req.value();
  mvccpb::Event event;
  event.set_type(mvccpb::Event::PUT);
  MvccIndex::ToProto(req.key(), kv, event.mutable_kv());
  if (prev) {
    MvccIndex::ToProto(req.key(), *prev, event.mutable_prev_kv());
    if (req.prev_kv()) *resp->mutable_prev_kv() = event.prev_kv();
    if (prev->lease != 0 && prev->lease != kv.lease) leases_.DetachKey(prev->lease, req.key());
  }
  if (kv.lease != 0) leases_.AttachKey(kv.lease, req.key());
  resp->mutable_header()->set_revision(w.Rev());
  events_.push_back(std::move(event));
  changes_.emplace_back(req.key(), kv);
  index_.Append(req.key(), std::move(kv));
}

int64_t Applier::DoDelete(Write& w, const std::string& key, const std::string& end,
                          google::protobuf::RepeatedPtrField<mvccpb::KeyValue>* prev_kvs) {
  std::vector<std::pair<std::string, KeyVersion>> doomed;
  index_.ForEach(key, end, kLatest, [&](const std::string& k, const KeyVersion& kv) {
    doomed.emplace_back(k, kv);
    return true;
  });
  for (auto& [k, prev] : doomed) {
    KeyVersion tomb;
    tomb.mod_rev = w.Rev();
    tomb.sub = w.sub++;
    tomb.tombstone = true;
    mvccpb::Event event;
    event.set_type(mvccpb::Event::DELETE);
    event.mutable_kv()->set_key(k);
    event.mutable_kv()->set_mod_revision(w.Rev());
    MvccIndex::ToProto(k, prev, event.mutable_prev_kv());
    if (prev_kvs) *prev_kvs->Add() = event.prev_kv();
    if (prev.lease != 0) leases_.DetachKey(prev.lease, k);
    events_.push_back(std::move(event));
    changes_.emplace_back(k, tomb);
    index_.Append(k, std::move(tomb));
  }
  return static_cast<int64_t>(doomed.size());
}

absl::Status Applier::Put(const etcdserverpb::PutRequest& req, etcdserverpb::PutResponse* resp) {
  if (req.lease() != 0 && !leases_.LeaseExists(req.lease())) return ErrLeaseNotFound();
  if ((req.ignore_value() || req.ignore_lease()) && !index_.Get(req.key(), kLatest)) {
    return ErrKeyNotFound();
  }
  Write w = Begin();
  DoPut(w, req, resp);
  End(w);
  return absl::OkStatus();
}

absl::Status Applier::DeleteRange(const etcdserverpb::DeleteRangeRequest& req,
                                  etcdserverpb::DeleteRangeResponse* resp) {
  Write w = Begin();
  resp->set_deleted(
      DoDelete(w, req.key(), req.range_end(), req.prev_kv() ? resp->mutable_prev_kvs() : nullptr));
  resp->mutable_header()->set_revision(w.ReadRev());
  End(w);
  return absl::OkStatus();
}

int64_t Applier::DeleteKeys(const std::vector<std::string>& keys) {
  Write w = Begin();
  for (const std::string& k : keys) DoDelete(w, k, "", nullptr);
  End(w);
  return w.ReadRev();
}

bool Applier::Compare(const etcdserverpb::Compare& c) const {
  bool any = false, all = true;
  index_.ForEach(c.key(), c.range_end(), kLatest, [&](const std::string&, const KeyVersion& kv) {
    any = true;
    all = CompareKV(c, &kv);
    return all;
  });
  if (!any) return c.target() != Compare::VALUE && CompareKV(c, nullptr);
  return all;
}

// Evaluates the compares of `req` and of every nested txn on the chosen
// branches, depth first, all against the state before the txn (as etcd).
void Applier::EvalPath(const TxnRequest& req, std::vector<bool>& path) const {
  bool ok = std::all_of(req.compare().begin(), req.compare().end(),
                        [this](const etcdserverpb::Compare& c) { return Compare(c); });
  path.push_back(ok);
  for (const RequestOp& op : ok ? req.success() : req.failure()) {
    if (op.has_request_txn()) EvalPath(op.request_txn(), path);
  }
}

absl::Status Applier::CheckOps(const TxnRequest& req, std::vector<bool>& path, size_t& pos) const {
  const bool ok = path[pos++];
  for (const RequestOp& op : ok ? req.success() : req.failure()) {
    if (op.has_request_range()) {
      int64_t rev = op.request_range().revision();
      if (rev > index_.current_rev()) return ErrFutureRev();
      if (rev > 0 && rev < index_.compact_rev()) return ErrCompacted();
    } else if (op.has_request_put()) {
      const auto& p = op.request_put();
      if (p.lease() != 0 && !leases_.LeaseExists(p.lease())) return ErrLeaseNotFound();
      if ((p.ignore_value() || p.ignore_lease()) && !index_.Get(p.key(), kLatest)) {
        return ErrKeyNotFound();
      }
    } else if (op.has_request_txn()) {
      if (auto s = CheckOps(op.request_txn(), path, pos); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

void Applier::ApplyOps(Write& w, const TxnRequest& req, const std::vector<bool>& path, size_t& pos,
                       etcdserverpb::TxnResponse* resp) {
  const bool ok = path[pos++];
  resp->set_succeeded(ok);
  for (const RequestOp& op : ok ? req.success() : req.failure()) {
    etcdserverpb::ResponseOp* out = resp->add_responses();
    if (op.has_request_range()) {
      // Checked above; a range inside a txn cannot fail here.
      (void)RangeAt(index_, op.request_range(), w.ReadRev(), out->mutable_response_range());
    } else if (op.has_request_put()) {
      DoPut(w, op.request_put(), out->mutable_response_put());
    } else if (op.has_request_delete_range()) {
      const auto& d = op.request_delete_range();
      auto* r = out->mutable_response_delete_range();
      r->set_deleted(
          DoDelete(w, d.key(), d.range_end(), d.prev_kv() ? r->mutable_prev_kvs() : nullptr));
      r->mutable_header()->set_revision(w.ReadRev());
    } else if (op.has_request_txn()) {
      auto* r = out->mutable_response_txn();
      r->mutable_header();
      ApplyOps(w, op.request_txn(), path, pos, r);
    }
  }
}

absl::Status Applier::Txn(const TxnRequest& req, etcdserverpb::TxnResponse* resp) {
  std::vector<bool> path;
  EvalPath(req, path);
  size_t pos = 0;
  if (auto s = CheckOps(req, path, pos); !s.ok()) return s;
  Write w = Begin();
  pos = 0;
  ApplyOps(w, req, path, pos, resp);
  resp->mutable_header()->set_revision(w.ReadRev());
  End(w);
  return absl::OkStatus();
}

}  // namespace wisp::datastore
