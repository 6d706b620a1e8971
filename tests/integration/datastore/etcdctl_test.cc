// Debian's etcdctl (3.4) against `wisp datastore`: what the differential
// test cannot compare with etcd byte for byte (identity, snapshots,
// restarts, live watches, keep-alive streams, unix sockets).
#include <gtest/gtest.h>

#include <fstream>

#include "integration/datastore/fixture.h"

namespace wisp::datastore::testing {
namespace {

using std::chrono::seconds;

std::string Wisp() {
  const char* bin = getenv("WISP_BINARY");
  return bin ? bin : "wisp";
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class EtcdctlTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start()) << server_.Log(); }
  Server server_{Server::kWisp};
};

TEST_F(EtcdctlTest, EndpointStatusHealthAndMemberList) {
  CommandResult health = server_.Ctl("endpoint health");
  EXPECT_EQ(health.exit_code, 0) << health.output;
  EXPECT_TRUE(Contains(health.output, "is healthy")) << health.output;
  ASSERT_EQ(server_.Ctl("put a 1").exit_code, 0);
  CommandResult status = server_.Ctl("endpoint status -w json");
  EXPECT_TRUE(Contains(status.output, "\"version\":\"3.5.16\"")) << status.output;
  EXPECT_TRUE(Contains(status.output, "\"revision\":2")) << status.output;
  EXPECT_TRUE(Contains(status.output, "\"dbSize\":")) << status.output;
  CommandResult members = server_.Ctl("member list");
  EXPECT_TRUE(Contains(members.output, "started, default")) << members.output;
  EXPECT_TRUE(Contains(members.output, "http://" + server_.endpoint())) << members.output;
  EXPECT_EQ(server_.Ctl("alarm list").exit_code, 0);
  CommandResult defrag = server_.Ctl("defrag");
  EXPECT_TRUE(Contains(defrag.output, "Finished defragmenting")) << defrag.output;
}

TEST_F(EtcdctlTest, ServesOnTheUnixSocket) {
  ASSERT_EQ(server_.Ctl("put viaunix yes").exit_code, 0);
  CommandResult r = Shell("ETCDCTL_API=3 etcdctl --endpoints=unix://" + server_.dir() +
                          "/ds.sock get viaunix --print-value-only");
  EXPECT_EQ(r.output, "yes\n");
}

TEST_F(EtcdctlTest, WatchReceivesLiveEventsWithPrevKv) {
  ASSERT_EQ(server_.Ctl("put /w/a old").exit_code, 0);
  const std::string out = server_.dir() + "/watch.out";
  Process watch;
  watch.Start({"etcdctl", "--endpoints=" + server_.endpoint(), "watch", "/w/", "--prefix",
               "--prev-kv", "--rev=3"},
              out);
  ASSERT_EQ(server_.Ctl("put /w/a new").exit_code, 0);
  ASSERT_EQ(server_.Ctl("del /w/a").exit_code, 0);
  ASSERT_EQ(server_.Ctl("put /x/ignored 1").exit_code, 0);
  const std::string want = "PUT\n/w/a\nold\n/w/a\nnew\nDELETE\n/w/a\nnew\n/w/a\n\n";
  EXPECT_TRUE(WaitFor([&] { return Shell("cat " + out).output == want; }, seconds(20)))
      << Shell("cat " + out).output;
}

TEST_F(EtcdctlTest, KeepAliveHoldsTheLeaseAndExpiryDeletesKeys) {
  CommandResult grant = server_.Ctl("lease grant 2");
  ASSERT_EQ(grant.exit_code, 0) << grant.output;
  const std::string id = grant.output.substr(6, 16);
  ASSERT_EQ(server_.Ctl("put leased v --lease=" + id).exit_code, 0);
  Process keepalive;
  keepalive.Start({"etcdctl", "--endpoints=" + server_.endpoint(), "lease", "keep-alive", id},
                  server_.dir() + "/keepalive.out");
  // Outlive the TTL twice over while kept alive.
  EXPECT_FALSE(WaitFor([&] { return server_.Ctl("get leased").output.empty(); }, seconds(5)));
  CommandResult ttl = server_.Ctl("lease timetolive " + id + " --keys");
  EXPECT_TRUE(Contains(ttl.output, "attached keys([leased])")) << ttl.output;
  keepalive.Kill(SIGKILL);
  EXPECT_TRUE(WaitFor([&] { return server_.Ctl("get leased").output.empty(); }, seconds(10)));
  EXPECT_TRUE(Contains(server_.Ctl("lease list").output, "found 0 leases"));
}

TEST_F(EtcdctlTest, DataAndLeasesSurviveRestart) {
  ASSERT_EQ(server_.Ctl("put k1 v1").exit_code, 0);
  CommandResult grant = server_.Ctl("lease grant 600");
  const std::string id = grant.output.substr(6, 16);
  ASSERT_EQ(server_.Ctl("put k2 v2 --lease=" + id).exit_code, 0);
  EXPECT_TRUE(WIFEXITED(server_.Stop(SIGTERM)));
  ASSERT_TRUE(server_.Start()) << server_.Log();
  EXPECT_EQ(server_.Ctl("get k --prefix --print-value-only").output, "v1\nv2\n");
  EXPECT_TRUE(Contains(server_.Ctl("lease list").output, id));
  EXPECT_TRUE(Contains(server_.Ctl("endpoint status -w json").output, "\"revision\":3"));
}

TEST_F(EtcdctlTest, SnapshotSaveRestoresIntoAWorkingStore) {
  for (int i = 0; i < 50; ++i) {
    ASSERT_EQ(server_.Ctl("put snap/" + std::to_string(i) + " v" + std::to_string(i)).exit_code, 0);
  }
  const std::string snap = server_.dir() + "/backup.db";
  CommandResult save = server_.Ctl("snapshot save " + snap);
  ASSERT_EQ(save.exit_code, 0) << save.output;
  EXPECT_TRUE(Contains(save.output, "Snapshot saved at")) << save.output;

  Server restored(Server::kWisp);
  CommandResult r =
      Shell(Wisp() + " datastore --restore " + snap + " --data-dir " + restored.dir() + "/data");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(restored.Start()) << restored.Log();
  EXPECT_EQ(restored.Ctl("get snap/ --prefix --keys-only").output.size(),
            server_.Ctl("get snap/ --prefix --keys-only").output.size());
  EXPECT_TRUE(Contains(restored.Ctl("endpoint status -w json").output, "\"revision\":51"));
  // A second restore into a used data dir is refused.
  r = Shell(Wisp() + " datastore --restore " + snap + " --data-dir " + restored.dir() + "/data");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.output, "already exists")) << r.output;
}

// A CA, a server certificate for 127.0.0.1 and a client certificate.
bool MakePki(const std::string& dir) {
  const std::string script =
      "cd " + dir +
      " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 "
      "-subj /CN=test-ca"
      " && openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr "
      "-subj /CN=127.0.0.1"
      " && printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext"
      " && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
      "-out server.crt -days 1 -extfile san.ext"
      " && openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=root"
      " && openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
      "-out client.crt -days 1";
  CommandResult r = Shell(script);
  if (r.exit_code != 0) ADD_FAILURE() << r.output;
  return r.exit_code == 0;
}

TEST(DatastoreTlsTest, RequiresAVerifiedClientCertificate) {
  Server server(Server::kWisp);
  const std::string d = server.dir();
  ASSERT_TRUE(MakePki(d));
  server.UseTls({"--cert-file", d + "/server.crt", "--key-file", d + "/server.key",
                 "--trusted-ca-file", d + "/ca.crt", "--client-cert-auth"},
                "--cacert=" + d + "/ca.crt --cert=" + d + "/client.crt --key=" + d + "/client.key");
  ASSERT_TRUE(server.Start()) << server.Log();
  EXPECT_EQ(server.Ctl("put secure yes").exit_code, 0);
  EXPECT_EQ(server.Ctl("get secure --print-value-only").output, "yes\n");
  CommandResult anonymous =
      Shell("ETCDCTL_API=3 etcdctl --dial-timeout=2s --command-timeout=3s --endpoints=https://" +
            server.endpoint() + " --cacert=" + d + "/ca.crt get secure");
  EXPECT_NE(anonymous.exit_code, 0) << anonymous.output;
}

TEST(DatastoreStartTest, CorruptDatabaseIsAClearError) {
  std::string dir = MakeTempDir();
  Shell("mkdir -p " + dir + "/data && head -c 65536 /dev/urandom > " + dir + "/data/state.db");
  CommandResult r = Shell(Wisp() + " datastore --data-dir " + dir +
                          "/data --listen-client-urls unix://" + dir + "/s.sock");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.output, "state.db")) << r.output;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace wisp::datastore::testing
