// File: src/apiserver/compactor.h
//
// Keeps etcd's history bounded as kube-apiserver does with
// --etcd-compaction-interval: every interval it compacts to the revision it
// saw one interval earlier, so about one interval of history stays for
// watches that resume and for paged lists. For an external etcd; the
// embedded datastore compacts itself. Owns one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "apiserver/etcd_client.h"

namespace wisp::apiserver {

class Compactor {
 public:
  Compactor(EtcdClient& etcd, std::chrono::milliseconds interval)
      : etcd_(etcd), interval_(interval) {}
  ~Compactor();  // stops and joins
  Compactor(const Compactor&) = delete;
  Compactor& operator=(const Compactor&) = delete;

  void Start();
  // The revision the last compaction kept from (0 before the first).
  int64_t compacted() const;

 private:
  void Run();

  EtcdClient& etcd_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  int64_t compacted_ = 0;
  std::thread thread_;
};

}  // namespace wisp::apiserver
