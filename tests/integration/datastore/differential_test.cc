// Runs the same etcdctl session against real etcd and `wisp datastore` and
// requires identical output once ids and times are masked.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>

#include "integration/datastore/differential_script.h"
#include "integration/datastore/fixture.h"

namespace wisp::datastore::testing {
namespace {

// Masks what legitimately differs between two servers: cluster/member ids,
// raft terms, lease ids (numbered in order of appearance), countdowns and
// etcdctl's own timestamped log lines.
std::string Normalize(const std::string& out) {
  std::stringstream in(out), res;
  std::string line;
  std::map<std::string, std::string> leases;
  static const std::regex kIds("\"(cluster_id|member_id|raft_term|lease)\":[0-9]+");
  static const std::regex kFieldIds("\"(ClusterID|MemberID|RaftTerm|Lease)\" : [0-9]+");
  static const std::regex kHexId("\\b[0-9a-f]{16}\\b");
  static const std::regex kRemaining("remaining\\([0-9]+s\\)");
  static const std::regex kTtl("with TTL\\([0-9]+\\)");
  while (std::getline(in, line)) {
    if (line.rfind("{\"level\"", 0) == 0) continue;
    line = std::regex_replace(line, kIds, "\"$1\":X");
    line = std::regex_replace(line, kFieldIds, "\"$1\" : X");
    line = std::regex_replace(line, kRemaining, "remaining(N)");
    line = std::regex_replace(line, kTtl, "with TTL(N)");
    std::string masked;
    std::sregex_iterator it(line.begin(), line.end(), kHexId), end;
    size_t last = 0;
    for (; it != end; ++it) {
      auto [pos, inserted] = leases.emplace(it->str(), "L" + std::to_string(leases.size() + 1));
      masked += line.substr(last, it->position() - last) + pos->second;
      last = it->position() + it->length();
    }
    res << masked << line.substr(last) << "\n";
  }
  return res.str();
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
    s.replace(p, from.size(), to);
  }
}

std::string RunScript(const Server& server) {
  std::string transcript;
  const std::string ctl =
      "env ETCDCTL_API=3 etcdctl --dial-timeout=3s --command-timeout=10s "
      "--endpoints=" +
      server.endpoint();
  for (std::string line : DifferentialScript()) {
    ReplaceAll(line, "CTL", ctl);
    ReplaceAll(line, "$D", server.dir());
    CommandResult r = Shell(line);
    transcript +=
        "$ " + line.substr(0, 0) + "\n" + r.output + "[exit " + std::to_string(r.exit_code) + "]\n";
  }
  return transcript;
}

TEST(DifferentialTest, EtcdctlSessionMatchesRealEtcd) {
  ASSERT_GE(DifferentialScript().size(), 100u);
  Server etcd(Server::kEtcd);
  Server wisp(Server::kWisp);
  ASSERT_TRUE(etcd.Start()) << etcd.Log();
  ASSERT_TRUE(wisp.Start()) << wisp.Log();
  std::string want = Normalize(RunScript(etcd));
  std::string got = Normalize(RunScript(wisp));
  if (const char* dump = getenv("WISP_DIFF_DUMP_DIR")) {
    Shell(std::string("mkdir -p ") + dump);
    FILE* f = fopen((std::string(dump) + "/etcd.txt").c_str(), "w");
    if (f) fputs(want.c_str(), f), fclose(f);
    f = fopen((std::string(dump) + "/wisp.txt").c_str(), "w");
    if (f) fputs(got.c_str(), f), fclose(f);
  }
  // Compare command by command for readable failures.
  std::stringstream ws(want), gs(got);
  std::string wl, gl;
  size_t step = 0, line_no = 0;
  while (true) {
    bool wmore = static_cast<bool>(std::getline(ws, wl));
    bool gmore = static_cast<bool>(std::getline(gs, gl));
    ++line_no;
    if (!wmore && !gmore) break;
    if (wl.rfind("$ ", 0) == 0) ++step;
    ASSERT_EQ(wl, gl) << "first difference at output line " << line_no << ", command #" << step
                      << ": " << DifferentialScript()[step == 0 ? 0 : step - 1];
  }
}

// `etcdctl endpoint hashkv` hashes the stored history the way bbolt holds
// it, so the same writes (no leases: their ids differ) must give the same
// hash on both servers, at the head and at past revisions, before and after
// a compaction.
TEST(DifferentialTest, HashKvMatchesRealEtcd) {
  Server etcd(Server::kEtcd);
  Server wisp(Server::kWisp);
  ASSERT_TRUE(etcd.Start()) << etcd.Log();
  ASSERT_TRUE(wisp.Start()) << wisp.Log();
  static const std::regex kHash("\"hash\":([0-9]+)");
  auto hashes = [](const Server& server) {
    std::string out;
    for (const char* cmd :
         {"put a 1", "put b 2", "put a 3", "del b", "put c/x 4", "put c/y 5", "del c/ --prefix",
          "txn <<'X'\n\nput t1 v1\nput t2 v2\n\n\nX", "put a 6", "endpoint hashkv -w json",
          "endpoint hashkv --rev=4 -w json", "compaction 5", "endpoint hashkv -w json",
          "endpoint hashkv --rev=6 -w json", "endpoint hashkv --rev=5 -w json"}) {
      CommandResult r = server.Ctl(cmd);
      std::smatch m;
      out += std::string(cmd) + " -> [exit " + std::to_string(r.exit_code) + "] " +
             (std::regex_search(r.output, m, kHash) ? "hash " + m[1].str() : "") + "\n";
    }
    return out;
  };
  const std::string want = hashes(etcd);
  EXPECT_NE(want.find("hash "), std::string::npos) << want;
  EXPECT_EQ(hashes(wisp), want);
}

}  // namespace
}  // namespace wisp::datastore::testing
