// File: tests/unit/apiserver/fake_etcd.h
//
// An in-memory EtcdClient for unit tests: one revision counter, a key map,
// and watches that receive events synchronously on the writer's thread
// (so tests need no sleeps). Thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <vector>

#include "apiserver/etcd_client.h"

namespace wisp::apiserver::testing {

class FakeEtcd final : public EtcdClient {
 public:
  absl::StatusOr<RangeResult> Range(const std::string& key, const std::string& range_end,
                                    int64_t revision, int64_t limit,
                                    bool count_only = false) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (revision > 0 && revision < compacted_) {
      return absl::OutOfRangeError("etcdserver: mvcc: required revision has been compacted");
    }
    RangeResult out;
    out.revision = revision_;
    auto view = revision > 0 ? StateAt(revision) : data_;
    for (auto it = view.lower_bound(key); it != view.end(); ++it) {
      if (range_end.empty() ? it->first != key : it->first >= range_end) break;
      ++out.count;
      if (count_only) continue;
      if (limit > 0 && static_cast<int64_t>(out.kvs.size()) >= limit) {
        out.more = true;
        continue;
      }
      out.kvs.push_back(it->second);
    }
    return out;
  }

  absl::StatusOr<TxnResult> Create(const std::string& key, const std::string& value,
                                   int64_t lease = 0) override {
    std::unique_lock<std::mutex> lock(mu_);
    if (data_.count(key)) return Failed(key);
    leases_[key] = lease;
    return Put(lock, key, value);
  }

  absl::StatusOr<TxnResult> CompareAndPut(const std::string& key, const std::string& value,
                                          int64_t mod_revision, int64_t lease = 0) override {
    std::unique_lock<std::mutex> lock(mu_);
    auto it = data_.find(key);
    if ((it == data_.end() ? 0 : it->second.mod_revision) != mod_revision) return Failed(key);
    leases_[key] = lease;
    return Put(lock, key, value);
  }

  absl::StatusOr<int64_t> GrantLease(int64_t ttl_seconds) override {
    std::lock_guard<std::mutex> lock(mu_);
    lease_ttls_.push_back(ttl_seconds);
    return static_cast<int64_t>(lease_ttls_.size());
  }
  // The lease the key was last written with (0: none).
  int64_t LeaseOf(const std::string& key) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = leases_.find(key);
    return it == leases_.end() ? 0 : it->second;
  }
  // The TTLs of the leases granted so far; lease N is element N-1.
  std::vector<int64_t> LeaseTtls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return lease_ttls_;
  }

  absl::StatusOr<TxnResult> CompareAndDelete(const std::string& key,
                                             int64_t mod_revision) override {
    std::unique_lock<std::mutex> lock(mu_);
    auto it = data_.find(key);
    if (it == data_.end() || it->second.mod_revision != mod_revision) return Failed(key);
    WatchEvent ev;
    ev.type = WatchEvent::Type::kDelete;
    ev.prev_kv = it->second;
    data_.erase(it);
    ev.kv.key = key;
    ev.kv.mod_revision = ++revision_;
    history_.push_back({revision_, key, std::nullopt});
    TxnResult out{true, revision_, std::nullopt};
    Notify(lock, ev);
    return out;
  }

  absl::StatusOr<std::unique_ptr<EtcdWatch>> Watch(const std::string& prefix,
                                                   int64_t start_revision,
                                                   WatchSink& sink) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto w = std::make_unique<FakeWatch>(this, &sink, prefix);
    watches_.push_back(w.get());
    watch_starts.push_back(start_revision);  // events flow from now on
    return std::unique_ptr<EtcdWatch>(std::move(w));
  }

  // Ends every open watch stream with `why`, as a lost connection does.
  void BreakWatches(const absl::Status& why) {
    std::vector<FakeWatch*> targets;
    {
      std::lock_guard<std::mutex> lock(mu_);
      targets = watches_;
    }
    for (FakeWatch* w : targets) w->sink->OnClosed(why);
  }
  std::vector<int64_t> watch_starts;  // start revision of each Watch call

  absl::Status Compact(int64_t revision) override {
    std::lock_guard<std::mutex> lock(mu_);
    compacted_ = revision;
    return absl::OkStatus();
  }
  int64_t revision() const {
    std::lock_guard<std::mutex> lock(mu_);
    return revision_;
  }
  std::atomic<int> progress_requests{0};

 private:
  struct FakeWatch final : EtcdWatch {
    FakeWatch(FakeEtcd* e, WatchSink* s, std::string p) : etcd(e), sink(s), prefix(std::move(p)) {}
    ~FakeWatch() override {
      std::lock_guard<std::mutex> lock(etcd->mu_);
      std::erase(etcd->watches_, this);
    }
    // Answers asynchronously in the real client; the fake never answers.
    void RequestProgress() override { ++etcd->progress_requests; }
    FakeEtcd* etcd;
    WatchSink* sink;
    std::string prefix;
  };
  struct Change {
    int64_t revision;
    std::string key;
    std::optional<KeyValue> kv;
  };

  std::map<std::string, KeyValue> StateAt(int64_t revision) const {
    std::map<std::string, KeyValue> state;
    for (const Change& c : history_) {
      if (c.revision > revision) break;
      if (c.kv) {
        state[c.key] = *c.kv;
      } else {
        state.erase(c.key);
      }
    }
    return state;
  }

  TxnResult Failed(const std::string& key) {
    TxnResult out{false, revision_, std::nullopt};
    if (auto it = data_.find(key); it != data_.end()) out.current = it->second;
    return out;
  }

  TxnResult Put(std::unique_lock<std::mutex>& lock, const std::string& key,
                const std::string& value) {
    WatchEvent ev;
    auto it = data_.find(key);
    if (it != data_.end()) ev.prev_kv = it->second;
    KeyValue kv{key, value, it == data_.end() ? revision_ + 1 : it->second.create_revision,
                ++revision_};
    data_[key] = kv;
    history_.push_back({revision_, key, kv});
    ev.kv = kv;
    TxnResult out{true, revision_, std::nullopt};
    Notify(lock, ev);
    return out;
  }

  void Notify(std::unique_lock<std::mutex>& lock, const WatchEvent& ev) {
    std::vector<FakeWatch*> targets;
    for (FakeWatch* w : watches_) {
      if (ev.kv.key.compare(0, w->prefix.size(), w->prefix) == 0) targets.push_back(w);
    }
    int64_t rev = revision_;
    lock.unlock();
    for (FakeWatch* w : targets) w->sink->OnEvents({ev}, rev);
    lock.lock();
  }

  mutable std::mutex mu_;
  std::map<std::string, KeyValue> data_;
  std::vector<Change> history_;
  std::vector<FakeWatch*> watches_;
  int64_t revision_ = 1;
  int64_t compacted_ = 0;
  std::map<std::string, int64_t> leases_;
  std::vector<int64_t> lease_ttls_;
};

}  // namespace wisp::apiserver::testing
