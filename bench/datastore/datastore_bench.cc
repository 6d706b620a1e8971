// Latency probes for an etcd v3 endpoint, run by bench/datastore/run.sh
// against real etcd and `wisp datastore`:
//   range-one     Range of one key, sequential
//   range-prefix  Range of a 1,000-key prefix, sequential
//   watch-fanout  1,000 watchers (10 streams x 100); time from a Put's
//                 acknowledgement until every watcher has the event
// Prints "<probe> p50_us p99_us" lines.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "etcd/rpc.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

void Report(const char* name, std::vector<double>& us) {
  std::sort(us.begin(), us.end());
  std::printf("%s %.0f %.0f\n", name, us[us.size() / 2], us[us.size() * 99 / 100]);
}

void Put(etcdserverpb::KV::Stub& kv, const std::string& k, const std::string& v) {
  etcdserverpb::PutRequest req;
  req.set_key(k);
  req.set_value(v);
  etcdserverpb::PutResponse resp;
  grpc::ClientContext ctx;
  if (!kv.Put(&ctx, req, &resp).ok()) std::abort();
}

void RangeProbe(etcdserverpb::KV::Stub& kv, const char* name, const std::string& key,
                const std::string& end, int n) {
  std::vector<double> us;
  for (int i = 0; i < n; ++i) {
    etcdserverpb::RangeRequest req;
    req.set_key(key);
    req.set_range_end(end);
    etcdserverpb::RangeResponse resp;
    grpc::ClientContext ctx;
    auto t0 = Clock::now();
    if (!kv.Range(&ctx, req, &resp).ok()) std::abort();
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  Report(name, us);
}

void WatchFanout(const std::shared_ptr<grpc::Channel>& ch, etcdserverpb::KV::Stub& kv) {
  constexpr int kStreams = 10, kPerStream = 100, kRounds = 50;
  using Stream = grpc::ClientReaderWriter<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse>;
  auto stub = etcdserverpb::Watch::NewStub(ch);
  std::vector<std::unique_ptr<grpc::ClientContext>> ctxs;
  std::vector<std::unique_ptr<Stream>> streams;
  std::atomic<int> received{0};
  for (int s = 0; s < kStreams; ++s) {
    ctxs.push_back(std::make_unique<grpc::ClientContext>());
    streams.push_back(stub->Watch(ctxs.back().get()));
    for (int w = 0; w < kPerStream; ++w) {
      etcdserverpb::WatchRequest req;
      req.mutable_create_request()->set_key("/fanout");
      streams.back()->Write(req);
    }
  }
  std::vector<std::thread> readers;
  std::atomic<int> created{0};
  for (auto& st : streams) {
    readers.emplace_back([&st, &received, &created] {
      etcdserverpb::WatchResponse resp;
      while (st->Read(&resp)) {
        if (resp.created()) ++created;
        received += resp.events_size();
      }
    });
  }
  while (created.load() < kStreams * kPerStream)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::vector<double> us;
  for (int r = 0; r < kRounds; ++r) {
    int want = (r + 1) * kStreams * kPerStream;
    Put(kv, "/fanout", std::to_string(r));
    auto t0 = Clock::now();
    while (received.load() < want) std::this_thread::yield();
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  Report("watch-fanout", us);
  for (auto& c : ctxs) c->TryCancel();
  for (auto& t : readers) t.join();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s HOST:PORT\n", argv[0]);
    return 2;
  }
  auto ch = grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  auto kv = etcdserverpb::KV::NewStub(ch);
  for (int i = 0; i < 1000; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "/bench/%04d", i);
    Put(*kv, key, std::string(256, 'v'));
  }
  RangeProbe(*kv, "range-one", "/bench/0500", "", 2000);
  RangeProbe(*kv, "range-prefix", "/bench/", "/bench0", 200);
  WatchFanout(ch, *kv);
  return 0;
}
