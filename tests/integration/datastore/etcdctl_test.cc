// Debian's etcdctl (3.4) against `wisp datastore`: what the differential
// test cannot compare with etcd byte for byte (identity, snapshots,
// restarts, live watches, keep-alive streams, unix sockets).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

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
  // What a crash while a snapshot was made would leave is cleared at start.
  Shell("touch " + server_.dir() + "/data/snapshot-1-2.db " + server_.dir() +
        "/data/snapshot-1-2.db.bolt");
  const std::string db = server_.dir() + "/data/state.db";
  EXPECT_EQ(Shell("stat -c %a " + db).output, "600\n");
  Shell("chmod 644 " + db);  // As SQLite's default mode left it before.
  ASSERT_TRUE(server_.Start()) << server_.Log();
  EXPECT_EQ(Shell("stat -c %a " + db).output, "600\n");
  EXPECT_EQ(Shell("ls " + server_.dir() + "/data | grep -c snapshot-").output, "0\n");
  EXPECT_EQ(server_.Ctl("get k --prefix --print-value-only").output, "v1\nv2\n");
  EXPECT_TRUE(Contains(server_.Ctl("lease list").output, id));
  EXPECT_TRUE(Contains(server_.Ctl("endpoint status -w json").output, "\"revision\":3"));
}

// Puts 50 keys, compacts, overwrites, deletes, attaches a lease and puts 40
// values of up to 117 KB: revision 94 with history on both sides of the
// compaction. Returns the lease ID.
std::string MakeHistory(const Server& s) {
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(s.Ctl("put snap/" + std::to_string(i) + " v" + std::to_string(i)).exit_code, 0);
  }
  EXPECT_EQ(s.Ctl("compaction 10").exit_code, 0);
  EXPECT_EQ(s.Ctl("put snap/0 v0b").exit_code, 0);
  EXPECT_EQ(s.Ctl("del snap/1").exit_code, 0);
  CommandResult grant = s.Ctl("lease grant 600");
  EXPECT_EQ(grant.exit_code, 0) << grant.output;
  const std::string id = grant.output.substr(6, 16);
  EXPECT_EQ(s.Ctl("put leased v --lease=" + id).exit_code, 0);
  // Values larger than a page, so the key bucket needs overflow and branch pages.
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(s.Ctl("put big/" + std::to_string(i) + " $(head -c " + std::to_string(3000 * i + 1) +
                    " /dev/zero | tr '\\0' " + static_cast<char>('a' + i % 26) + ")")
                  .exit_code,
              0);
  }
  return id;
}

// What a client sees of that history: every key and value, older
// revisions, the compaction, the revision and the lease's keys.
std::string Fingerprint(const Server& s, const std::string& lease) {
  std::string out = s.Ctl("get snap/ --prefix").output + s.Ctl("get leased").output;
  out += s.Ctl("get big/ --prefix | sha256sum").output;
  out += s.Ctl("get snap/0 --rev=30").output;
  out += s.Ctl("get snap/1 --rev=52 -w fields | grep -v ID").output;
  out += s.Ctl("get snap/2 --rev=5 2>&1 | grep -o 'required revision has been compacted'").output;
  std::string status = s.Ctl("endpoint status -w json").output;
  size_t at = status.find("\"revision\":");
  out += at == std::string::npos ? status : status.substr(at, status.find(',', at) - at);
  CommandResult ttl = s.Ctl("lease timetolive " + lease + " --keys");
  out += Contains(ttl.output, "attached keys([leased])") ? "lease ok" : ttl.output;
  return out;
}

TEST_F(EtcdctlTest, SnapshotRestoresIntoEtcdAndIntoWisp) {
  const std::string lease = MakeHistory(server_);
  const std::string want = Fingerprint(server_, lease);
  EXPECT_TRUE(Contains(want, "\"revision\":94")) << want;
  EXPECT_TRUE(Contains(want, "required revision has been compacted")) << want;
  const std::string snap = server_.dir() + "/backup.db";
  CommandResult save = server_.Ctl("snapshot save " + snap);
  ASSERT_EQ(save.exit_code, 0) << save.output;
  EXPECT_TRUE(Contains(save.output, "Snapshot saved at")) << save.output;

  // etcdctl reads it as the bbolt file etcd would have written.
  CommandResult status = Shell("ETCDCTL_API=3 etcdctl snapshot status -w json " + snap);
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_TRUE(Contains(status.output, "\"revision\":94")) << status.output;

  // `etcdctl snapshot restore` makes a data dir real etcd serves.
  Server etcd(Server::kEtcd);
  CommandResult r =
      Shell("ETCDCTL_API=3 etcdctl snapshot restore " + snap + " --data-dir " + etcd.dir() +
            "/data --name default --initial-cluster default=" + etcd.PeerUrl() +
            " --initial-advertise-peer-urls " + etcd.PeerUrl());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(etcd.Start()) << etcd.Log();
  EXPECT_EQ(Fingerprint(etcd, lease), want);

  // `wisp datastore --restore` makes a data dir wisp serves.
  Server restored(Server::kWisp);
  r = Shell(Wisp() + " datastore --restore " + snap + " --data-dir " + restored.dir() + "/data");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(restored.Start()) << restored.Log();
  EXPECT_EQ(Fingerprint(restored, lease), want);
  // Secrets live in the store: the database and its WAL are owner-only.
  EXPECT_EQ(Shell("stat -c %a " + restored.dir() + "/data/state.db " + restored.dir() +
                  "/data/state.db-wal")
                .output,
            "600\n600\n");
  // A second restore into a used data dir is refused.
  r = Shell(Wisp() + " datastore --restore " + snap + " --data-dir " + restored.dir() + "/data");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.output, "already exists")) << r.output;
}

TEST(DatastoreSnapshotTest, EtcdSnapshotRestoresIntoWisp) {
  Server etcd(Server::kEtcd);
  ASSERT_TRUE(etcd.Start()) << etcd.Log();
  const std::string lease = MakeHistory(etcd);
  const std::string want = Fingerprint(etcd, lease);
  const std::string snap = etcd.dir() + "/etcd.db";
  ASSERT_EQ(etcd.Ctl("snapshot save " + snap).exit_code, 0);

  Server wisp(Server::kWisp);
  CommandResult r =
      Shell(Wisp() + " datastore --restore " + snap + " --data-dir " + wisp.dir() + "/data");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(wisp.Start()) << wisp.Log();
  EXPECT_EQ(Fingerprint(wisp, lease), want);

  // A stopped etcd's own database file (no checksum trailer, pages reused
  // by etcd's many transactions) restores the same way.
  etcd.Stop(SIGTERM);  // etcd flushes, then dies by the re-raised signal.
  Server from_file(Server::kWisp);
  r = Shell(Wisp() + " datastore --restore " + etcd.dir() + "/data/member/snap/db --data-dir " +
            from_file.dir() + "/data");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(from_file.Start()) << from_file.Log();
  EXPECT_EQ(Fingerprint(from_file, lease), want);
}

TEST(DatastoreSnapshotTest, DamagedSnapshotsAreRefusedWithAReason) {
  Server wisp(Server::kWisp);
  const std::string d = wisp.dir();
  struct Case {
    std::string content;
    std::string error;
  } cases[] = {
      {"not a snapshot at all", "is not a snapshot"},
      // A 4 KiB file plus a 32-byte trailer that is not its SHA-256.
      {std::string(4096, 'a') + std::string(32, 'b'), "checksum mismatch"},
  };
  for (const Case& c : cases) {
    std::ofstream(d + "/bad.db", std::ios::binary) << c.content;
    CommandResult r =
        Shell(Wisp() + " datastore --restore " + d + "/bad.db --data-dir " + d + "/data");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(Contains(r.output, c.error)) << r.output;
    EXPECT_FALSE(std::filesystem::exists(d + "/data/state.db"));
  }
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

// --listen-metrics-urls, as etcd serves it (kubeadm probes /health there):
// the same /health answer, and every metric family wisp exports is one the
// real etcd exports under the same name.
TEST(DatastoreMetricsTest, HealthAndMetricsLikeEtcd) {
  Server wisp(Server::kWisp), etcd(Server::kEtcd);
  const int wisp_port = FreePort(), etcd_port = FreePort();
  wisp.AddArgs({"--listen-metrics-urls", "http://127.0.0.1:" + std::to_string(wisp_port)});
  etcd.AddArgs({"--listen-metrics-urls", "http://127.0.0.1:" + std::to_string(etcd_port)});
  ASSERT_TRUE(wisp.Start()) << wisp.Log();
  ASSERT_TRUE(etcd.Start()) << etcd.Log();
  auto get = [](int port, const std::string& path) {
    return Shell("curl -s -w '\\n%{http_code}' http://127.0.0.1:" + std::to_string(port) + path)
        .output;
  };
  ASSERT_EQ(wisp.Ctl("put a 1").exit_code, 0);
  EXPECT_EQ(get(wisp_port, "/health"), "{\"health\":\"true\",\"reason\":\"\"}\n200");
  EXPECT_TRUE(Contains(get(etcd_port, "/health"), "{\"health\":\"true\""));
  EXPECT_EQ(get(wisp_port, "/readyz"), "ok\n\n200");
  EXPECT_EQ(get(wisp_port, "/livez"), "ok\n\n200");
  EXPECT_TRUE(Contains(get(wisp_port, "/nope"), "\n404"));
  EXPECT_TRUE(Contains(Shell("curl -s -X POST -o /dev/null -w '%{http_code}' http://127.0.0.1:" +
                             std::to_string(wisp_port) + "/health")
                           .output,
                       "405"));
  const std::string metrics = get(wisp_port, "/metrics");
  const std::string etcd_metrics = get(etcd_port, "/metrics");
  EXPECT_TRUE(Contains(metrics, "\netcd_debugging_mvcc_current_revision 2\n")) << metrics;
  EXPECT_TRUE(Contains(metrics, "\netcd_debugging_mvcc_compact_revision -1\n")) << metrics;
  EXPECT_TRUE(Contains(metrics, "\netcd_server_has_leader 1\n")) << metrics;
  EXPECT_TRUE(Contains(metrics, "\nprocess_resident_memory_bytes ")) << metrics;
  int families = 0;
  std::istringstream lines(metrics);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) != 0) continue;
    ++families;
    std::string name = line.substr(7, line.find(' ', 7) - 7);
    EXPECT_TRUE(Contains(etcd_metrics, "# TYPE " + name + " ")) << name << " is not etcd's";
  }
  EXPECT_GE(families, 10);
}

TEST(DatastoreMetricsTest, BadMetricsUrlsAreClearErrors) {
  std::string dir = MakeTempDir();
  for (const char* url : {"https://127.0.0.1:2381", "127.0.0.1:2381", "http://127.0.0.1"}) {
    CommandResult r =
        Shell(Wisp() + " datastore --data-dir " + dir + "/data --listen-client-urls unix://" + dir +
              "/s.sock --listen-metrics-urls " + url);
    EXPECT_NE(r.exit_code, 0) << url;
    EXPECT_TRUE(Contains(r.output, "--listen-metrics-urls")) << r.output;
    EXPECT_TRUE(Contains(r.output, url)) << r.output;
  }
  std::filesystem::remove_all(dir);
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
