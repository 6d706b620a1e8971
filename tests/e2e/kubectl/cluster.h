// File: tests/e2e/kubectl/cluster.h
//
// A real single-node control plane for e2e tests: `wisp controller` (from
// $WISP_BINARY) in a temp data/run dir with the API server on a free
// loopback port, storing either in `wisp datastore` (SQLite) or in a real
// Debian `etcd` the fixture starts. Tests drive it with the installed
// kubectl through the admin kubeconfig the controller writes. Everything is
// killed and removed on destruction, also when a test fails.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "testing/process.h"

namespace wisp::e2e {

using wisp::testing::CommandResult;
using wisp::testing::FreePort;
using wisp::testing::MakeTempDir;
using wisp::testing::Process;
using wisp::testing::Shell;
using wisp::testing::WaitFor;

enum class Storage { kSqlite, kEtcd };

class Cluster {
 public:
  explicit Cluster(Storage storage) : storage_(storage), dir_(MakeTempDir()) {}
  ~Cluster() {
    controller_.Kill(SIGKILL);
    etcd_.Kill(SIGKILL);
    std::filesystem::remove_all(dir_);
  }

  // Starts etcd (if used) and the controller; waits until kubectl gets /readyz.
  bool Start() {
    if (api_port_ == 0) api_port_ = FreePort();
    if (storage_ == Storage::kEtcd && !etcd_.running()) {
      etcd_port_ = FreePort();
      int peer = FreePort();
      std::string client = "http://127.0.0.1:" + std::to_string(etcd_port_);
      std::string peer_url = "http://127.0.0.1:" + std::to_string(peer);
      etcd_.Start(
          {"etcd", "--data-dir", dir_ + "/etcd", "--listen-client-urls", client,
           "--advertise-client-urls", client, "--listen-peer-urls", peer_url,
           "--initial-advertise-peer-urls", peer_url, "--initial-cluster", "default=" + peer_url},
          dir_ + "/etcd.log");
    }
    WriteConfig();
    const char* bin = getenv("WISP_BINARY");
    controller_.Start({bin ? bin : "wisp", "--data-dir", dir_ + "/data", "--run-dir", dir_ + "/run",
                       "controller", "-c", dir_ + "/wisp.yaml"},
                      dir_ + "/controller.log");
    return WaitFor(
        [this] {
          return std::filesystem::exists(kubeconfig()) &&
                 Kubectl("get --raw /readyz").output == "ok";
        },
        std::chrono::seconds(60));
  }

  // Graceful stop (SIGTERM); returns the wait status.
  int Stop() { return controller_.Kill(SIGTERM); }

  CommandResult Kubectl(const std::string& args) const {
    return Shell("kubectl --kubeconfig " + kubeconfig() + " --request-timeout=20s " + args);
  }
  std::string kubeconfig() const { return dir_ + "/data/pki/admin.conf"; }
  const std::string& dir() const { return dir_; }
  int api_port() const { return api_port_; }
  std::string Logs() const {
    return Shell("tail -n 60 " + dir_ + "/controller.log " + dir_ + "/data/logs/*.log").output;
  }
  // Writes `text` to a file under the temp dir and returns its path.
  std::string WriteFile(const std::string& name, const std::string& text) const {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

 private:
  void WriteConfig() {
    std::string storage =
        storage_ == Storage::kSqlite
            ? "  storage:\n    type: sqlite\n"
            : "  storage:\n    type: etcd\n    etcd:\n      external:\n        endpoints:\n"
              "          - http://127.0.0.1:" +
                  std::to_string(etcd_port_) + "\n";
    WriteFile("wisp.yaml",
              "apiVersion: wisp.dev/v1beta1\nkind: ClusterConfig\nmetadata:\n"
              "  name: e2e\nspec:\n  api:\n    address: 127.0.0.1\n    port: " +
                  std::to_string(api_port_) + "\n" + storage);
  }

  Storage storage_;
  std::string dir_;
  int api_port_ = 0;
  int etcd_port_ = 0;
  Process etcd_;
  Process controller_;
};

}  // namespace wisp::e2e
