// Latency probes for an etcd v3 endpoint, run by bench/datastore/run.sh
// against real etcd and `wisp datastore`:
//   range-one     Range of one key, sequential
//   range-prefix  Range of a 1,000-key prefix, sequential
//   watch-fanout  1,000 watchers (10 streams x 100); time from a Put's
//                 acknowledgement until every watcher has the event
//   put-500       durable write capacity: 500 Puts always in flight over 4
//                 connections for 10 s, no rate limit (etcdctl check perf
//                 paces its writes, so it cannot show more than its pace)
// Prints "<probe> p50_us p99_us" lines, and "put-500-throughput N writes/s".
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

struct AsyncPut {
  grpc::ClientContext ctx;
  etcdserverpb::PutResponse resp;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<etcdserverpb::PutResponse>> reader;
  Clock::time_point start;
};

void PutThroughput(const std::string& target) {
  constexpr int kChannels = 4, kInFlight = 500, kKeys = 10000;
  constexpr auto kDuration = std::chrono::seconds(10);
  std::vector<std::unique_ptr<etcdserverpb::KV::Stub>> stubs;
  for (int i = 0; i < kChannels; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("bench.channel", i);  // Distinct arguments: distinct connections.
    stubs.push_back(etcdserverpb::KV::NewStub(
        grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args)));
  }
  grpc::CompletionQueue cq;
  const std::string value(256, 'w');
  uint64_t issued = 0;
  auto issue = [&] {
    auto* call = new AsyncPut;
    etcdserverpb::PutRequest req;
    req.set_key("/put/" + std::to_string(issued % kKeys));
    req.set_value(value);
    call->start = Clock::now();
    call->reader = stubs[issued % kChannels]->AsyncPut(&call->ctx, req, &cq);
    call->reader->Finish(&call->resp, &call->status, call);
    ++issued;
  };
  const auto t0 = Clock::now();
  const auto deadline = t0 + kDuration;
  for (int i = 0; i < kInFlight; ++i) issue();
  int outstanding = kInFlight;
  std::vector<double> us;
  void* tag;
  bool ok;
  while (outstanding > 0 && cq.Next(&tag, &ok)) {
    auto* call = static_cast<AsyncPut*>(tag);
    if (!ok || !call->status.ok()) std::abort();
    const auto now = Clock::now();
    us.push_back(std::chrono::duration<double, std::micro>(now - call->start).count());
    delete call;
    --outstanding;
    if (now < deadline) {
      issue();
      ++outstanding;
    }
  }
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  std::printf("put-500-throughput %.0f writes/s\n", static_cast<double>(us.size()) / secs);
  Report("put-500", us);
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
  PutThroughput(argv[1]);
  return 0;
}
