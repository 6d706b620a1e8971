// File: tests/integration/datastore/fixture.h
//
// Real processes for datastore integration tests: `wisp datastore` (from
// $WISP_BINARY) and Debian's `etcd`, each on free loopback ports in its own
// temp dir, plus a shell runner for etcdctl. Every process is killed and
// every temp dir removed in the destructors, also when a test fails.
// Not thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "testing/process.h"

namespace wisp::datastore::testing {

using wisp::testing::CommandResult;
using wisp::testing::FreePort;
using wisp::testing::MakeTempDir;
using wisp::testing::Process;
using wisp::testing::Shell;
using wisp::testing::WaitFor;

// An etcd v3 server under test: `wisp datastore` or the real etcd.
class Server {
 public:
  enum Kind { kWisp, kEtcd };

  explicit Server(Kind kind) : kind_(kind), dir_(MakeTempDir()) {}
  ~Server() {
    process_.Kill(SIGKILL);
    std::filesystem::remove_all(dir_);
  }

  // Starts the server and waits until etcdctl can talk to it.
  bool Start() {
    if (port_ == 0) port_ = FreePort();
    if (kind_ == kWisp) {
      const char* bin = getenv("WISP_BINARY");
      std::vector<std::string> argv = {
          bin ? bin : "wisp",
          "datastore",
          "--data-dir",
          dir_ + "/data",
          "--listen-client-urls",
          scheme_ + "://127.0.0.1:" + std::to_string(port_) + ",unix://" + dir_ + "/ds.sock"};
      argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
      process_.Start(argv, dir_ + "/server.log");
    } else {
      std::string client = "http://127.0.0.1:" + std::to_string(port_);
      std::string peer_url = PeerUrl();
      std::vector<std::string> argv = {"etcd",
                                       "--data-dir",
                                       dir_ + "/data",
                                       "--listen-client-urls",
                                       client,
                                       "--advertise-client-urls",
                                       client,
                                       "--listen-peer-urls",
                                       peer_url,
                                       "--initial-advertise-peer-urls",
                                       peer_url,
                                       "--initial-cluster",
                                       "default=" + peer_url};
      argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
      process_.Start(argv, dir_ + "/server.log");
    }
    return WaitFor([this] { return Ctl("endpoint health").exit_code == 0; });
  }
  // Serves https with these server flags; etcdctl gets `ctl_flags`.
  void UseTls(std::vector<std::string> server_flags, std::string ctl_flags) {
    scheme_ = "https";
    extra_args_ = std::move(server_flags);
    ctl_flags_ = std::move(ctl_flags);
  }
  // More server flags (before Start).
  void AddArgs(const std::vector<std::string>& args) {
    extra_args_.insert(extra_args_.end(), args.begin(), args.end());
  }
  // Stops the server with `sig` (SIGTERM: graceful; SIGKILL: crash).
  int Stop(int sig) { return process_.Kill(sig); }

  // The real etcd's peer URL (stable across restarts, so a data dir made by
  // `etcdctl snapshot restore --initial-advertise-peer-urls` fits it).
  std::string PeerUrl() {
    if (peer_port_ == 0) peer_port_ = FreePort();
    return "http://127.0.0.1:" + std::to_string(peer_port_);
  }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& dir() const { return dir_; }
  // Runs `etcdctl <args>` against this server.
  CommandResult Ctl(const std::string& args) const {
    return Shell("ETCDCTL_API=3 etcdctl --dial-timeout=3s --command-timeout=10s --endpoints=" +
                 scheme_ + "://" + endpoint() + " " + ctl_flags_ + " " + args);
  }
  std::string Log() const { return Shell("cat " + dir_ + "/server.log").output; }

 private:
  Kind kind_;
  std::string dir_;
  std::string scheme_ = "http";
  std::vector<std::string> extra_args_;
  std::string ctl_flags_;
  int port_ = 0;
  int peer_port_ = 0;
  Process process_;
};

}  // namespace wisp::datastore::testing
