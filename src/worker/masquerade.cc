// File: src/worker/masquerade.cc
#include "worker/masquerade.h"

#include <sstream>

#include "wisp/base/log.h"
#include "wisp/base/strings.h"
#include "worker/command.h"

namespace wisp::worker {
namespace {

using Args = std::vector<std::string>;

constexpr auto kIptablesTimeout = std::chrono::seconds(30);

Args Nat(Args args) {
  args.insert(args.begin(), {"-t", "nat"});
  return args;
}

// The jump for `subnet`, as `iptables -S` prints it after "-A POSTROUTING".
Args JumpSpec(const std::string& subnet) {
  return {
      "-s", subnet,          "!", "-d", subnet, "-m", "comment", "--comment", kMasqueradeComment,
      "-j", kMasqueradeChain};
}

// Appends `rule` to `chain` unless `iptables -C` finds it there.
absl::Status EnsureRule(const IptablesRunner& iptables, const std::string& chain,
                        const Args& rule) {
  Args check = Nat({"-C", chain});
  check.insert(check.end(), rule.begin(), rule.end());
  if (iptables(check).ok()) return absl::OkStatus();
  Args append = Nat({"-A", chain});
  append.insert(append.end(), rule.begin(), rule.end());
  return iptables(append).status();
}

constexpr char kLog[] = "worker";

Args Split(const std::string& line) {
  Args out;
  std::istringstream in(line);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

bool IsOurs(const Args& spec) {
  for (size_t i = 0; i + 1 < spec.size(); ++i) {
    if (spec[i] == "--comment" && spec[i + 1] == kMasqueradeComment) return true;
  }
  return false;
}

// wisp's jumps in POSTROUTING, each as the rule spec after "-A POSTROUTING".
absl::StatusOr<std::vector<Args>> OurJumps(const IptablesRunner& iptables) {
  absl::StatusOr<std::string> listed = iptables(Nat({"-S", "POSTROUTING"}));
  if (!listed.ok()) {
    return absl::Status(listed.status().code(),
                        base::StrCat("list nat POSTROUTING: ", listed.status().message()));
  }
  std::vector<Args> out;
  std::istringstream lines(*listed);
  for (std::string line; std::getline(lines, line);) {
    Args words = Split(line);
    if (words.size() < 2 || words[0] != "-A" || words[1] != "POSTROUTING") continue;
    Args spec(words.begin() + 2, words.end());
    if (IsOurs(spec)) out.push_back(std::move(spec));
  }
  return out;
}

absl::Status DeleteJump(const IptablesRunner& iptables, const Args& spec) {
  Args del = Nat({"-D", "POSTROUTING"});
  del.insert(del.end(), spec.begin(), spec.end());
  absl::Status st = iptables(del).status();
  if (st.ok()) return st;
  return absl::Status(st.code(), base::StrCat("delete a pod masquerade rule: ", st.message()));
}

}  // namespace

IptablesRunner ExecIptables(const std::string& iptables_path) {
  return [iptables_path](const Args& args) {
    Args argv = {iptables_path, "-w", "5"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, kIptablesTimeout);
  };
}

absl::Status EnsurePodMasquerade(const IptablesRunner& iptables, const std::string& subnet) {
  // The chain: multicast stays as it is, the rest is masqueraded.
  if (!iptables(Nat({"-S", kMasqueradeChain})).ok()) {
    if (absl::Status st = iptables(Nat({"-N", kMasqueradeChain})).status(); !st.ok()) {
      return absl::Status(st.code(),
                          base::StrCat("create nat chain ", kMasqueradeChain, ": ", st.message()));
    }
  }
  for (const Args& rule : {Args{"-d", "224.0.0.0/4", "-j", "RETURN"}, Args{"-j", "MASQUERADE"}}) {
    if (absl::Status st = EnsureRule(iptables, kMasqueradeChain, rule); !st.ok()) {
      return absl::Status(st.code(), base::StrCat("add a rule to nat chain ", kMasqueradeChain,
                                                  ": ", st.message()));
    }
  }
  // The jumps: wisp's for another subnet go, this subnet's is added.
  absl::StatusOr<std::vector<Args>> jumps = OurJumps(iptables);
  if (!jumps.ok()) return jumps.status();
  const Args want = JumpSpec(subnet);
  bool present = false;
  for (const Args& spec : *jumps) {
    if (spec == want && !present) {
      present = true;
      continue;
    }
    if (absl::Status st = DeleteJump(iptables, spec); !st.ok()) return st;
  }
  if (present) return absl::OkStatus();
  Args add = Nat({"-A", "POSTROUTING"});
  add.insert(add.end(), want.begin(), want.end());
  if (absl::Status st = iptables(add).status(); !st.ok()) {
    return absl::Status(st.code(), base::StrCat("add the pod masquerade rule for ", subnet,
                                                " to nat POSTROUTING: ", st.message()));
  }
  return absl::OkStatus();
}

absl::Status RemovePodMasquerade(const IptablesRunner& iptables) {
  absl::StatusOr<std::vector<Args>> jumps = OurJumps(iptables);
  if (!jumps.ok()) return jumps.status();
  for (const Args& spec : *jumps) {
    if (absl::Status st = DeleteJump(iptables, spec); !st.ok()) return st;
  }
  if (!iptables(Nat({"-S", kMasqueradeChain})).ok()) return absl::OkStatus();  // No chain.
  for (const char* op : {"-F", "-X"}) {
    if (absl::Status st = iptables(Nat({op, kMasqueradeChain})).status(); !st.ok()) {
      return absl::Status(st.code(),
                          base::StrCat("remove nat chain ", kMasqueradeChain, ": ", st.message()));
    }
  }
  return absl::OkStatus();
}

absl::Status PodMasqueradeComponent::Start() {
  absl::Status st = EnsurePodMasquerade(iptables_, subnet_);
  installed_ = st.ok();
  if (!st.ok()) {
    base::LogWarn(kLog,
                  base::StrCat("pods' traffic to other hosts is not masqueraded: ", st.message()));
  }
  return absl::OkStatus();
}

absl::Status PodMasqueradeComponent::Stop() {
  if (!installed_) return absl::OkStatus();
  absl::StatusOr<bool> running = pods_running_();
  if (!running.ok() || *running) return absl::OkStatus();  // Their egress stays.
  installed_ = false;
  if (absl::Status st = RemovePodMasquerade(iptables_); !st.ok()) {
    base::LogWarn(kLog, base::ToStd(st.message()));
  }
  return absl::OkStatus();
}

}  // namespace wisp::worker
