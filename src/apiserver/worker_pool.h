// File: src/apiserver/worker_pool.h (private to the apiserver)
//
// A fixed set of threads running posted tasks in FIFO order: the API
// server's handlers may block on etcd, the HTTPS io threads must not, so
// every resource request hops here. Bounded: Post() refuses work beyond
// `max_queue` (the caller answers 429).
//
// Thread-safe. Stop() finishes queued tasks, then joins.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace wisp::apiserver {

class WorkerPool {
 public:
  WorkerPool(int threads, size_t max_queue);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is stopping.
  bool Post(std::function<void()> task);
  void Stop();

 private:
  void Run();

  const size_t max_queue_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace wisp::apiserver
