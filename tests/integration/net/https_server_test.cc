// HttpsServer and HttpsClient over real TLS on loopback, driven by the real
// curl binary, the wisp HttpsClient and a raw OpenSSL client.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "integration/net/net_test_util.h"
#include "wisp/base/log.h"
#include "wisp/net/https_client.h"
#include "wisp/net/https_server.h"

namespace wisp::net {
namespace {

using ::testing::HasSubstr;
using testing::kWait;
using ::testing::Not;
using testing::RunShell;

constexpr const char* kCurl = "/usr/bin/curl";

// Stops the server when a test returns early, so that client threads blocked
// on it finish and their std::jthread destructors can join.
class StopOnExit {
 public:
  explicit StopOnExit(HttpsServer& server) : server_(server) {}
  ~StopOnExit() { server_.Stop().IgnoreError(); }

 private:
  HttpsServer& server_;
};

class HttpsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pki_.ok) << "could not create the test PKI";
    if (::access(kCurl, X_OK) != 0) {
      GTEST_SKIP() << "curl is not installed";
    }
  }
  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(server_->Stop().ok());
    }
  }

  HttpsServerOptions Options() {
    HttpsServerOptions o;
    o.name = "test-https";
    o.cert_file = pki_.server_cert;
    o.key_file = pki_.server_key;
    o.client_ca_file = pki_.ca;
    o.max_body_bytes = 64 * 1024;
    o.max_header_bytes = 8 * 1024;
    o.read_timeout = std::chrono::milliseconds(800);
    o.idle_timeout = std::chrono::seconds(5);
    o.drain_timeout = std::chrono::seconds(5);
    o.log_requests = true;
    return o;
  }

  void StartServer(HttpsServerOptions o) {
    base::SetLogLevel(base::LogLevel::kDebug);
    server_ = std::make_unique<HttpsServer>(std::move(o), handler_);
    ASSERT_TRUE(server_->Init().ok());
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_EQ(server_->BoundPorts().size(), 1u);
    port_ = server_->BoundPorts()[0];
    ASSERT_NE(port_, 0);
  }
  void StartServer() { StartServer(Options()); }

  std::string Url(const std::string& path) {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string Curl(const std::string& args) {
    return std::string(kCurl) + " -sS --max-time 15 --cacert " + pki_.ca + " " + args;
  }
  std::string AliceCurl(const std::string& args) {
    return Curl("--cert " + pki_.alice_cert + " --key " + pki_.alice_key + " " + args);
  }

  std::unique_ptr<HttpsClient> Client(const std::string& cert = "", const std::string& key = "") {
    HttpsClientOptions o;
    o.ca_file = pki_.ca;
    o.cert_file = cert;
    o.key_file = key;
    o.timeout = std::chrono::seconds(10);
    auto c = HttpsClient::Create("127.0.0.1:" + std::to_string(port_), o);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *std::move(c) : nullptr;
  }

  static std::string Line(const std::string& text, const std::string& key) {
    size_t at = text.find(key + "=");
    if (at == std::string::npos) return "<missing>";
    size_t end = text.find('\n', at);
    return text.substr(at + key.size() + 1, end - at - key.size() - 1);
  }

  testing::Pki pki_;
  testing::TestHandler handler_;
  std::unique_ptr<HttpsServer> server_;
  uint16_t port_ = 0;
};

TEST_F(HttpsServerTest, CurlClientCertIdentityReachesHandler) {
  StartServer();
  auto r = RunShell(AliceCurl("'" + Url("/echo?x=a%20b&y") + "'"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(Line(r.output, "cn"), "alice");
  EXPECT_EQ(Line(r.output, "o"), "system:masters,devs");
  EXPECT_EQ(Line(r.output, "q.x"), "a b");
  EXPECT_EQ(Line(r.output, "q.y"), "");
  EXPECT_EQ(Line(r.output, "method"), "GET");
}

TEST_F(HttpsServerTest, NoClientCertMeansNoIdentity) {
  StartServer();
  auto r = RunShell(Curl(Url("/echo")));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(Line(r.output, "cn"), "<none>");
  auto bob =
      RunShell(Curl("--cert " + pki_.bob_cert + " --key " + pki_.bob_key + " " + Url("/echo")));
  EXPECT_EQ(Line(bob.output, "cn"), "bob");
  EXPECT_EQ(Line(bob.output, "o"), "");
}

TEST_F(HttpsServerTest, CertFromAnotherCaFailsTheHandshake) {
  StartServer();
  auto r = RunShell(
      Curl("--cert " + pki_.mallory_cert + " --key " + pki_.mallory_key + " " + Url("/echo")));
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("cn=")));
  auto client = Client(pki_.mallory_cert, pki_.mallory_key);
  ASSERT_NE(client, nullptr);
  auto resp = client->Do("GET", "/echo");
  EXPECT_FALSE(resp.ok());
}

TEST_F(HttpsServerTest, CurlReusesTheKeptAliveConnection) {
  StartServer();
  auto r =
      RunShell(AliceCurl("-w 'connects=%{num_connects}\\n' " + Url("/echo") + " " + Url("/echo")));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  size_t second = r.output.find("method=", r.output.find("connects="));
  ASSERT_NE(second, std::string::npos) << r.output;
  std::string a = r.output.substr(0, second), b = r.output.substr(second);
  EXPECT_EQ(Line(a, "connects"), "1");
  EXPECT_EQ(Line(b, "connects"), "0");
  EXPECT_EQ(Line(a, "peer"), Line(b, "peer"));
}

TEST_F(HttpsServerTest, HttpsClientKeepsTheConnectionAlive) {
  StartServer();
  auto client = Client(pki_.alice_cert, pki_.alice_key);
  ASSERT_NE(client, nullptr);
  std::vector<std::string> peers;
  for (int i = 0; i < 3; ++i) {
    auto resp = client->Do("POST", "/echo", {}, std::string(1000 + i, 'x'));
    ASSERT_TRUE(resp.ok()) << resp.status();
    EXPECT_EQ(resp->status, 200);
    EXPECT_EQ(Line(resp->body, "body"), std::to_string(1000 + i));
    EXPECT_EQ(Line(resp->body, "cn"), "alice");
    peers.push_back(Line(resp->body, "peer"));
  }
  EXPECT_EQ(peers[0], peers[1]);
  EXPECT_EQ(peers[1], peers[2]);
  EXPECT_EQ(client->connections_opened(), 1);
}

TEST_F(HttpsServerTest, UnknownPathAndUnansweredRequest) {
  StartServer();
  auto client = Client();
  ASSERT_NE(client, nullptr);
  auto missing = client->Do("GET", "/nope");
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->status, 404);
  auto dropped = client->Do("GET", "/noanswer");
  ASSERT_TRUE(dropped.ok()) << dropped.status();
  EXPECT_EQ(dropped->status, 500);
  auto head = client->Do("HEAD", "/echo");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_NE(head->headers.Get("content-length").value_or("0"), "0");
  EXPECT_EQ(client->connections_opened(), 1);
}

TEST_F(HttpsServerTest, ChunkedStreamIsDeliveredIncrementally) {
  StartServer();
  std::mutex mu;
  std::condition_variable cv;
  std::string received;
  HttpResponse head;
  absl::Status result = absl::UnknownError("not run");
  std::jthread reader([&] {
    auto client = Client(pki_.alice_cert, pki_.alice_key);
    if (client == nullptr) return;
    result = client->Stream(
        "GET", "/stream", {},
        [&](std::string_view data) {
          std::lock_guard<std::mutex> lock(mu);
          received.append(data);
          cv.notify_all();
          return true;
        },
        &head);
  });
  StopOnExit stop_on_exit(*server_);  // a failed ASSERT must not leave `reader` blocked
  auto stream = handler_.TakeStream();
  ASSERT_NE(stream, nullptr);
  {
    std::unique_lock<std::mutex> lock(mu);
    // "first" arrives while the response is still open.
    ASSERT_TRUE(cv.wait_for(lock, kWait, [&] { return received == "first\n"; })) << received;
  }
  EXPECT_TRUE(stream->WriteChunk("second\n"));
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, kWait, [&] { return received == "first\nsecond\n"; }));
  }
  EXPECT_TRUE(stream->Open());
  stream->Close();
  EXPECT_FALSE(stream->Open());
  EXPECT_FALSE(stream->WriteChunk("late\n"));
  reader.join();
  EXPECT_TRUE(result.ok()) << result;
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers.Get("transfer-encoding"), "chunked");
  EXPECT_EQ(head.headers.Get("content-type"), "application/json");
  EXPECT_EQ(received, "first\nsecond\n");
}

TEST_F(HttpsServerTest, CurlSeesCorrectChunkFraming) {
  StartServer();
  std::jthread driver([&] {
    auto stream = handler_.TakeStream();
    if (stream == nullptr) return;
    stream->WriteChunk(std::string(300, 'z'));
    stream->Close();
  });
  auto r = RunShell(Curl("--raw " + Url("/stream")));
  driver.join();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "6\r\nfirst\n\r\n12c\r\n" + std::string(300, 'z') + "\r\n0\r\n\r\n");
}

TEST_F(HttpsServerTest, ClientDisconnectMakesWriteChunkFail) {
  StartServer();
  std::jthread reader([&] {
    auto client = Client();
    if (client == nullptr) return;
    // Returning false abandons the stream and closes the connection.
    client->Stream("GET", "/stream", {}, [](std::string_view) { return false; }).IgnoreError();
  });
  StopOnExit stop_on_exit(*server_);
  auto stream = handler_.TakeStream();
  ASSERT_NE(stream, nullptr);
  reader.join();
  auto deadline = std::chrono::steady_clock::now() + kWait;
  bool failed = false;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!stream->WriteChunk("tick\n")) {
      failed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(failed) << "WriteChunk kept succeeding after the client left";
  EXPECT_FALSE(stream->Open());
}

TEST_F(HttpsServerTest, OversizedBodyGets413) {
  StartServer();
  testing::TempDir tmp;
  ASSERT_TRUE(testing::WriteFile(tmp / "big", std::string(100 * 1024, 'b')));
  auto r = RunShell(AliceCurl("-o /dev/null -w '%{http_code}' --data-binary @" + (tmp / "big") +
                              " " + Url("/echo")));
  EXPECT_EQ(r.output, "413") << r.output;
  auto client = Client();
  ASSERT_NE(client, nullptr);
  auto small = client->Do("POST", "/echo", {}, std::string(64 * 1024, 's'));
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_EQ(small->status, 200);
  auto big = client->Do("POST", "/echo", {}, std::string(64 * 1024 + 1, 's'));
  ASSERT_TRUE(big.ok()) << big.status();
  EXPECT_EQ(big->status, 413);
}

TEST_F(HttpsServerTest, RejectResponseHookFormatsTheRejection) {
  HttpsServerOptions o = Options();
  o.reject_response = [](int status, std::string_view reason) {
    HttpResponse r;
    r.status = status;
    r.headers.Set("Content-Type", "application/json");
    r.body = "{\"code\":" + std::to_string(status) + "}";
    return r;
  };
  StartServer(o);
  auto client = Client();
  ASSERT_NE(client, nullptr);
  auto big = client->Do("POST", "/echo", {}, std::string(64 * 1024 + 1, 's'));
  ASSERT_TRUE(big.ok()) << big.status();
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(big->body, "{\"code\":413}");
}

TEST_F(HttpsServerTest, OversizedHeadersGet431) {
  StartServer();
  auto r = RunShell(AliceCurl("-o /dev/null -w '%{http_code}' -H 'X-Big: " +
                              std::string(10 * 1024, 'h') + "' " + Url("/echo")));
  EXPECT_EQ(r.output, "431") << r.output;
}

TEST_F(HttpsServerTest, MalformedRequestsGet400) {
  StartServer();
  testing::RawTlsClient raw;
  ASSERT_TRUE(raw.Connect(port_, pki_.ca));
  ASSERT_TRUE(raw.Send("THIS IS NOT HTTP\r\n\r\n"));
  EXPECT_THAT(raw.ReadAll(), ::testing::StartsWith("HTTP/1.1 400 "));
  auto r = RunShell(Curl("--path-as-is -o /dev/null -w '%{http_code}' " + Url("/a%zz")));
  EXPECT_EQ(r.output, "400");
  auto q = RunShell(Curl("-o /dev/null -w '%{http_code}' '" + Url("/echo?a=%G0") + "'"));
  EXPECT_EQ(q.output, "400");
  // The server is still fine.
  auto ok = RunShell(Curl("-o /dev/null -w '%{http_code}' " + Url("/echo")));
  EXPECT_EQ(ok.output, "200");
}

TEST_F(HttpsServerTest, SlowLorisIsDroppedWhileOthersAreServed) {
  StartServer();
  testing::RawTlsClient slow;
  ASSERT_TRUE(slow.Connect(port_, pki_.ca));
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(slow.Send("GET /echo HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  auto r = RunShell(AliceCurl(Url("/echo")));
  EXPECT_EQ(Line(r.output, "cn"), "alice") << r.output;
  EXPECT_TRUE(slow.WaitClosed());
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(700));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST_F(HttpsServerTest, StreamToAClientThatStopsReadingIsDropped) {
  HttpsServerOptions o = Options();
  o.write_timeout = std::chrono::milliseconds(500);
  StartServer(o);
  testing::RawTlsClient stuck;
  ASSERT_TRUE(stuck.Connect(port_, pki_.ca));
  ASSERT_TRUE(stuck.Send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"));  // never reads
  auto stream = handler_.TakeStream();
  ASSERT_NE(stream, nullptr);
  const std::string chunk(256 * 1024, 'w');
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool dropped = false;
  while (!dropped && std::chrono::steady_clock::now() < deadline) {
    dropped = !stream->WriteChunk(chunk);
    if (!dropped) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(dropped) << "the server kept queueing for a client that does not read";
  auto r = RunShell(Curl("-o /dev/null -w '%{http_code}' " + Url("/echo")));
  EXPECT_EQ(r.output, "200");
}

TEST_F(HttpsServerTest, Tls11IsRefused) {
  StartServer();
  testing::RawTlsClient tls12;
  EXPECT_TRUE(tls12.Connect(port_, pki_.ca, TLS1_2_VERSION));  // the probe itself works
  testing::RawTlsClient tls11;
  EXPECT_FALSE(tls11.Connect(port_, pki_.ca, TLS1_1_VERSION));
  auto r = RunShell(Curl("--tlsv1.1 --tls-max 1.1 " + Url("/echo")));
  EXPECT_NE(r.exit_code, 0) << r.output;
}

TEST_F(HttpsServerTest, StopDrainsInflightRequestAndEndsStreams) {
  StartServer();
  absl::StatusOr<HttpResponse> held_result = absl::UnknownError("not run");
  absl::Status stream_result = absl::UnknownError("not run");
  std::string streamed;
  std::jthread plain([&] {
    auto c = Client();
    if (c) held_result = c->Do("GET", "/hold");
  });
  std::jthread watcher([&] {
    auto c = Client();
    if (c) {
      stream_result = c->Stream("GET", "/stream", {}, [&](std::string_view d) {
        streamed.append(d);
        return true;
      });
    }
  });
  StopOnExit stop_on_exit(*server_);
  auto held = handler_.TakeHeld();
  ASSERT_NE(held, nullptr);
  auto stream = handler_.TakeStream();
  ASSERT_NE(stream, nullptr);
  // An idle keep-alive connection must not hold up the drain.
  auto idle = Client();
  ASSERT_NE(idle, nullptr);
  ASSERT_TRUE(idle->Do("GET", "/echo").ok());

  std::jthread stopper([&] { EXPECT_TRUE(server_->Stop().ok()); });
  // Wait until the listener is closed, then finish the in-flight request.
  auto deadline = std::chrono::steady_clock::now() + kWait;
  bool refused = false;
  while (!refused && std::chrono::steady_clock::now() < deadline) {
    testing::RawTlsClient probe;
    refused = !probe.Connect(port_, pki_.ca, 0, std::chrono::milliseconds(500));
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(refused);
  EXPECT_FALSE(server_->Ready().ok());
  HttpResponse late;
  late.body = "finished during drain";
  held->Respond(std::move(late));
  stopper.join();
  plain.join();
  watcher.join();
  ASSERT_TRUE(held_result.ok()) << held_result.status();
  EXPECT_EQ(held_result->status, 200);
  EXPECT_EQ(held_result->body, "finished during drain");
  EXPECT_EQ(held_result->headers.Get("connection"), "close");
  EXPECT_TRUE(stream_result.ok()) << stream_result;
  EXPECT_EQ(streamed, "first\n");
  EXPECT_FALSE(stream->WriteChunk("after stop\n"));
  EXPECT_TRUE(server_->Stop().ok());  // idempotent
}

TEST_F(HttpsServerTest, HundredConcurrentClients) {
  HttpsServerOptions o = Options();
  StartServer(o);
  constexpr int kClients = 100, kRequests = 3;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      auto c = i % 2 == 0 ? Client(pki_.alice_cert, pki_.alice_key) : Client();
      if (c == nullptr) return;
      for (int j = 0; j < kRequests; ++j) {
        auto r = c->Do("GET", "/echo?i=" + std::to_string(i));
        if (r.ok() && r->status == 200 && Line(r->body, "q.i") == std::to_string(i)) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);
}

TEST_F(HttpsServerTest, SequentialGetLatency) {
  StartServer();
  auto c = Client(pki_.alice_cert, pki_.alice_key);
  ASSERT_NE(c, nullptr);
  std::vector<double> micros;
  for (int i = 0; i < 300; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto r = c->Do("GET", "/echo");
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    ASSERT_TRUE(r.ok() && r->status == 200);
  }
  std::sort(micros.begin(), micros.end());
  RecordProperty("p50_us", static_cast<int>(micros[micros.size() / 2]));
  std::printf("GET /echo keep-alive latency (this build): p50 %.0f us, p99 %.0f us\n",
              micros[micros.size() / 2], micros[micros.size() * 99 / 100]);
  EXPECT_EQ(c->connections_opened(), 1);
}

TEST(HttpsServerInitTest, InitNamesTheBadFile) {
  testing::TestHandler handler;
  HttpsServerOptions o;
  o.cert_file = "/nonexistent/cert.pem";
  o.key_file = "/nonexistent/key.pem";
  HttpsServer server(o, handler);
  auto st = server.Init();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("/nonexistent/cert.pem"));
  EXPECT_FALSE(server.Start().ok());
  EXPECT_TRUE(server.Stop().ok());
  HttpsServerOptions bad_listen = o;
  bad_listen.listen = {"example.com:80"};
  HttpsServer s2(bad_listen, handler);
  EXPECT_THAT(std::string(s2.Init().message()), HasSubstr("example.com:80"));
}

}  // namespace
}  // namespace wisp::net
