// Concurrent writers, `kill -9` of `wisp datastore` at random moments,
// restart: every acknowledged write must be there and SQLite must report an
// intact database.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "etcd/rpc.grpc.pb.h"
#include "integration/datastore/fixture.h"

namespace wisp::datastore::testing {
namespace {

constexpr int kWriters = 4;
constexpr int kRounds = 4;

// Writes keys w<writer>/<n> with value v<n> until told to stop or the
// server dies; records every write the server acknowledged.
void Writer(const std::string& endpoint, int writer, std::atomic<bool>& stop, std::mutex& mu,
            std::map<std::string, std::string>& acked, int& next) {
  auto channel = grpc::CreateChannel(endpoint, grpc::InsecureChannelCredentials());
  auto kv = etcdserverpb::KV::NewStub(channel);
  while (!stop.load()) {
    etcdserverpb::PutRequest req;
    req.set_key("w" + std::to_string(writer) + "/" + std::to_string(next));
    req.set_value("v" + std::to_string(next));
    etcdserverpb::PutResponse resp;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    if (!kv->Put(&ctx, req, &resp).ok()) return;  // Server gone: this write is unknown.
    std::lock_guard<std::mutex> lock(mu);
    acked[req.key()] = req.value();
    ++next;
  }
}

TEST(CrashTest, AcknowledgedWritesSurviveKill9) {
  Server server(Server::kWisp);
  std::mt19937 rng(std::random_device{}());
  std::mutex mu;
  std::map<std::string, std::string> acked;
  int next[kWriters] = {};
  for (int round = 0; round < kRounds; ++round) {
    ASSERT_TRUE(server.Start()) << server.Log();
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int w = 0; w < kWriters; ++w) {
      threads.emplace_back(Writer, server.endpoint(), w, std::ref(stop), std::ref(mu),
                           std::ref(acked), std::ref(next[w]));
    }
    // Kill at a random moment once writes are flowing.
    size_t before = acked.size();
    ASSERT_TRUE(WaitFor([&] {
      std::lock_guard<std::mutex> lock(mu);
      return acked.size() >= before + 50 + rng() % 400;
    }));
    server.Stop(SIGKILL);
    stop = true;
    for (auto& t : threads) t.join();
  }
  ASSERT_TRUE(server.Start()) << server.Log();
  CommandResult all = server.Ctl("get w --prefix");
  std::map<std::string, std::string> got;
  std::stringstream in(all.output);
  std::string k, v;
  while (std::getline(in, k) && std::getline(in, v)) got[k] = v;
  size_t missing = 0;
  for (const auto& [key, value] : acked) {
    auto it = got.find(key);
    if (it == got.end() || it->second != value) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged writes";
  std::printf("crash: %zu acknowledged writes over %d kill -9 rounds, %zu missing\n", acked.size(),
              kRounds, missing);
  EXPECT_GT(acked.size(), 200u);
  server.Stop(SIGKILL);
  CommandResult check =
      Shell("sqlite3 " + server.dir() + "/data/state.db 'PRAGMA integrity_check'");
  EXPECT_EQ(check.output, "ok\n");
}

}  // namespace
}  // namespace wisp::datastore::testing
