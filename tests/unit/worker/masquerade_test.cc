#include "worker/masquerade.h"

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "worker/command.h"

namespace wisp::worker {
namespace {

using Args = std::vector<std::string>;

std::string Join(const Args& a, size_t from) {
  std::string out;
  for (size_t i = from; i < a.size(); ++i) out += (out.empty() ? "" : " ") + a[i];
  return out;
}

// An in-memory nat table that answers the way iptables does, recording the
// calls that change it.
class FakeNat {
 public:
  FakeNat() { chains_["POSTROUTING"] = {"-s 10.0.0.0/8 -j ACCEPT"}; }

  IptablesRunner Runner() {
    return [this](const Args& args) -> absl::StatusOr<std::string> {
      EXPECT_GE(args.size(), 4u);
      EXPECT_EQ(args[0], "-t");
      EXPECT_EQ(args[1], "nat");
      const std::string& op = args[2];
      const std::string& chain = args[3];
      std::string rule = Join(args, 4);
      if (fail_on_ == op) return absl::InternalError("iptables: Permission denied");
      auto it = chains_.find(chain);
      if (op == "-N") {
        if (it != chains_.end()) return absl::InternalError("Chain already exists");
        changes_.push_back("-N " + chain);
        chains_[chain];
        return std::string();
      }
      if (it == chains_.end()) return absl::InternalError("No chain/target/match by that name");
      auto& rules = it->second;
      auto found = std::find(rules.begin(), rules.end(), rule);
      if (op == "-S") {
        std::string out = chain == "POSTROUTING" ? "-P POSTROUTING ACCEPT\n" : "-N " + chain + "\n";
        for (const std::string& r : rules) out += "-A " + chain + " " + r + "\n";
        return out;
      }
      if (op == "-C") {
        if (found == rules.end()) return absl::InternalError("Bad rule");
        return std::string();
      }
      changes_.push_back(op + " " + chain + " " + rule);
      if (op == "-F") {
        rules.clear();
      } else if (op == "-X") {
        if (!rules.empty()) return absl::InternalError("Directory not empty");
        chains_.erase(it);
      } else if (op == "-A") {
        rules.push_back(rule);
      } else if (op == "-D") {
        if (found == rules.end()) return absl::InternalError("Bad rule");
        rules.erase(found);
      }
      return std::string();
    };
  }

  std::map<std::string, std::vector<std::string>> chains_;
  std::vector<std::string> changes_;
  std::string fail_on_;
};

TEST(MasqueradeTest, CreatesTheChainAndOneJumpForTheSubnet) {
  FakeNat nat;
  ASSERT_TRUE(EnsurePodMasquerade(nat.Runner(), "10.244.0.0/24").ok());
  EXPECT_EQ(nat.chains_["WISP-POD-EGRESS"],
            (std::vector<std::string>{"-d 224.0.0.0/4 -j RETURN", "-j MASQUERADE"}));
  EXPECT_EQ(nat.chains_["POSTROUTING"],
            (std::vector<std::string>{"-s 10.0.0.0/8 -j ACCEPT",
                                      "-s 10.244.0.0/24 ! -d 10.244.0.0/24 -m comment --comment "
                                      "wisp-pod-egress -j WISP-POD-EGRESS"}));
}

TEST(MasqueradeTest, ASecondRunChangesNothing) {
  FakeNat nat;
  ASSERT_TRUE(EnsurePodMasquerade(nat.Runner(), "10.244.0.0/24").ok());
  nat.changes_.clear();
  ASSERT_TRUE(EnsurePodMasquerade(nat.Runner(), "10.244.0.0/24").ok());
  EXPECT_TRUE(nat.changes_.empty()) << nat.changes_.front();
}

TEST(MasqueradeTest, ANewSubnetReplacesTheOldJumpAndDuplicatesGo) {
  FakeNat nat;
  ASSERT_TRUE(EnsurePodMasquerade(nat.Runner(), "10.244.0.0/24").ok());
  std::string old =
      "-s 10.244.0.0/24 ! -d 10.244.0.0/24 -m comment --comment wisp-pod-egress "
      "-j WISP-POD-EGRESS";
  nat.chains_["POSTROUTING"].push_back(old);  // a duplicate, e.g. from a race
  ASSERT_TRUE(EnsurePodMasquerade(nat.Runner(), "10.99.0.0/24").ok());
  EXPECT_EQ(nat.chains_["POSTROUTING"],
            (std::vector<std::string>{"-s 10.0.0.0/8 -j ACCEPT",
                                      "-s 10.99.0.0/24 ! -d 10.99.0.0/24 -m comment --comment "
                                      "wisp-pod-egress -j WISP-POD-EGRESS"}));
  nat.chains_["POSTROUTING"].push_back(nat.chains_["POSTROUTING"].back());
  ASSERT_TRUE(EnsurePodMasquerade(nat.Runner(), "10.99.0.0/24").ok());
  EXPECT_EQ(nat.chains_["POSTROUTING"].size(), 2u);
}

TEST(MasqueradeTest, AFailedCallIsAnErrorNamingWhatWasTried) {
  FakeNat nat;
  nat.fail_on_ = "-N";
  absl::Status st = EnsurePodMasquerade(nat.Runner(), "10.244.0.0/24");
  EXPECT_NE(st.message().find("create nat chain WISP-POD-EGRESS"), absl::string_view::npos) << st;
  EXPECT_NE(st.message().find("Permission denied"), absl::string_view::npos) << st;
  FakeNat nat2;
  nat2.fail_on_ = "-A";
  st = EnsurePodMasquerade(nat2.Runner(), "10.244.0.0/24");
  EXPECT_NE(st.message().find("WISP-POD-EGRESS"), absl::string_view::npos) << st;
}

TEST(MasqueradeTest, RemoveDeletesEveryJumpOfOursAndTheChainOnly) {
  FakeNat nat;
  ASSERT_TRUE(EnsurePodMasquerade(nat.Runner(), "10.244.0.0/24").ok());
  nat.chains_["POSTROUTING"].push_back(
      "-s 10.1.0.0/24 ! -d 10.1.0.0/24 -m comment --comment wisp-pod-egress -j WISP-POD-EGRESS");
  ASSERT_TRUE(RemovePodMasquerade(nat.Runner()).ok());
  EXPECT_EQ(nat.chains_.count("WISP-POD-EGRESS"), 0u);
  EXPECT_EQ(nat.chains_["POSTROUTING"], std::vector<std::string>{"-s 10.0.0.0/8 -j ACCEPT"});
  EXPECT_TRUE(RemovePodMasquerade(nat.Runner()).ok()) << "nothing left to remove is fine";
}

TEST(MasqueradeTest, TheComponentKeepsTheRulesWhilePodsRun) {
  for (auto answer : {absl::StatusOr<bool>(true), absl::StatusOr<bool>(absl::UnavailableError("x")),
                      absl::StatusOr<bool>(false)}) {
    FakeNat nat;
    PodMasqueradeComponent c(nat.Runner(), "10.244.0.0/24", [answer] { return answer; });
    ASSERT_TRUE(c.Start().ok());
    EXPECT_EQ(nat.chains_["POSTROUTING"].size(), 2u);
    ASSERT_TRUE(c.Stop().ok());
    bool removed = answer.ok() && !*answer;
    EXPECT_EQ(nat.chains_["POSTROUTING"].size(), removed ? 1u : 2u) << answer.status();
    EXPECT_EQ(nat.chains_.count("WISP-POD-EGRESS"), removed ? 0u : 1u) << answer.status();
  }
}

TEST(MasqueradeTest, AComponentWhoseSetUpFailedStillStarts) {
  FakeNat nat;
  nat.fail_on_ = "-N";
  bool asked = false;
  PodMasqueradeComponent c(nat.Runner(), "10.244.0.0/24", [&asked] {
    asked = true;
    return absl::StatusOr<bool>(false);
  });
  EXPECT_TRUE(c.Start().ok());
  EXPECT_TRUE(c.Stop().ok());
  EXPECT_FALSE(asked) << "nothing was installed, nothing to remove";
}

// The real iptables, in a network namespace of a child process's own (gone
// with the child).
TEST(MasqueradeTest, RealIptablesInAPrivateNetworkNamespace) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a network namespace";
  std::string iptables = ::access("/usr/sbin/iptables", X_OK) == 0 ? "/usr/sbin/iptables" : "";
  if (iptables.empty()) GTEST_SKIP() << "no /usr/sbin/iptables";
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    std::string out;
    if (::unshare(CLONE_NEWNET) != 0) {
      out = "unshare failed";
    } else {
      IptablesRunner run = ExecIptables(iptables);
      for (const char* subnet : {"10.244.0.0/24", "10.244.0.0/24", "10.50.0.0/24"}) {
        absl::Status st = EnsurePodMasquerade(run, subnet);
        if (!st.ok()) out += std::string(st.message()) + "\n";
      }
      for (const char* chain : {"POSTROUTING", "WISP-POD-EGRESS"}) {
        absl::StatusOr<std::string> listed = run({"-t", "nat", "-S", chain});
        out += listed.ok() ? *listed : std::string(listed.status().message());
      }
      absl::Status removed = RemovePodMasquerade(run);
      if (!removed.ok()) out += std::string(removed.message()) + "\n";
      out += run({"-t", "nat", "-S", "POSTROUTING"}).value_or("list failed\n");
      out += run({"-t", "nat", "-S", "WISP-POD-EGRESS"}).ok() ? "chain still there\n" : "";
    }
    (void)!::write(fds[1], out.data(), out.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, n);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_EQ(out,
            "-P POSTROUTING ACCEPT\n"
            "-A POSTROUTING -s 10.50.0.0/24 ! -d 10.50.0.0/24 -m comment --comment wisp-pod-egress "
            "-j WISP-POD-EGRESS\n"
            "-N WISP-POD-EGRESS\n"
            "-A WISP-POD-EGRESS -d 224.0.0.0/4 -j RETURN\n"
            "-A WISP-POD-EGRESS -j MASQUERADE\n"
            "-P POSTROUTING ACCEPT\n");
}

}  // namespace
}  // namespace wisp::worker
