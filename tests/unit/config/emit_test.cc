#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "wisp/base/strings.h"
#include "wisp/config/cluster_config.h"

namespace wisp::config {
namespace {

std::string ErrorOf(const absl::Status& status) {
  return status.ok() ? "<ok>" : std::string(base::ToStd(status.message()));
}

// Emits `config`, parses the text back and expects the same value.
void ExpectRoundTrip(const ClusterConfig& config) {
  ASSERT_EQ(ErrorOf(ValidateClusterConfig(config)), "<ok>") << "test config must be valid";
  std::string yaml = EmitClusterConfig(config);
  absl::StatusOr<ClusterConfig> parsed = ParseClusterConfig(yaml);
  ASSERT_TRUE(parsed.ok()) << ErrorOf(parsed.status()) << "\n" << yaml;
  EXPECT_EQ(*parsed, config) << yaml;
  // Emitting is a fixed point.
  EXPECT_EQ(EmitClusterConfig(*parsed), yaml);
}

TEST(EmitClusterConfigTest, DefaultsRoundTrip) { ExpectRoundTrip(ClusterConfig{}); }

TEST(EmitClusterConfigTest, WritesEveryField) {
  std::string yaml = EmitClusterConfig(ClusterConfig{});
  for (const char* line : {"apiVersion: wisp.dev/v1beta1\n",
                           "kind: ClusterConfig\n",
                           "metadata:\n",
                           "  name: \"wisp\"\n",
                           "spec:\n",
                           "  api:\n",
                           "    address: \"\"\n",
                           "    port: 6443\n",
                           "    externalAddress: \"\"\n",
                           "    sans: []\n",
                           "    extraArgs: {}\n",
                           "  storage:\n",
                           "    type: sqlite\n",
                           "    sqlite:\n",
                           "      path: \"\"\n",
                           "    etcd:\n",
                           "      peerAddress: \"\"\n",
                           "      external: null\n",
                           "  network:\n",
                           "    podCIDR: \"10.244.0.0/16\"\n",
                           "    serviceCIDR: \"10.96.0.0/12\"\n",
                           "    clusterDomain: \"cluster.local\"\n",
                           "    nodePortRange: \"30000-32767\"\n",
                           "  scheduler:\n",
                           "  controllerManager:\n",
                           "  kubelet:\n",
                           "  proxy:\n",
                           "  images:\n",
                           "    pause: \"wisp.local/pause:3.10\"\n",
                           "  manifests:\n",
                           "    dirs: []\n",
                           "    git: []\n"}) {
    EXPECT_NE(yaml.find(line), std::string::npos) << "missing " << line << " in\n" << yaml;
  }
  EXPECT_EQ(yaml.rfind("# ", 0), 0u) << "starts with a comment";
}

TEST(EmitClusterConfigTest, ExternalEtcdIsWrittenAsAMap) {
  ClusterConfig c;
  c.spec.storage.type = StorageType::kEtcd;
  c.spec.storage.etcd.has_external = true;
  c.spec.storage.etcd.external.endpoints = {"https://10.0.0.1:2379"};
  std::string yaml = EmitClusterConfig(c);
  EXPECT_NE(yaml.find("      external:\n        endpoints:\n          - \"https://10.0.0.1:2379\"\n"
                      "        caFile: \"\"\n"),
            std::string::npos)
      << yaml;
  ExpectRoundTrip(c);
}

TEST(EmitClusterConfigTest, EverySectionRoundTrips) {
  ClusterConfig c;
  c.name = "prod";
  c.spec.api = {"192.0.2.1", 443, "lb.example.com", {"*.example.com", "fd00::1"}, {{"v", "2"}}};
  c.spec.storage.type = StorageType::kEtcd;
  c.spec.storage.etcd.has_external = true;
  c.spec.storage.etcd.external = {{"https://a.example:2379", "https://[fd00::2]:2379"},
                                  "/ca.crt",
                                  "/c.crt",
                                  "/c.key",
                                  "/prefix"};
  c.spec.storage.extra_args = {{"quota-backend-bytes", "8589934592"}};
  c.spec.network = {"fd00:244::/56", "fd00:96::/112", "prod.local", {1, 65535}};
  c.spec.scheduler.extra_args = {{"a", "1"}};
  c.spec.controller_manager.extra_args = {{"b", ""}};
  c.spec.kubelet.extra_args = {{"feature-gates", "A=true,B=false"}};
  c.spec.proxy.extra_args = {{"d", "true"}};
  c.spec.images.pause = "registry.example.com:5000/pause:3.9";
  c.spec.manifests.dirs = {"/srv/manifests"};
  c.spec.manifests.git = {{"apps", "https://git.example.com/apps.git", "main", "deploy", 5400},
                          {"b", "git@h:r", "", "", 61}};
  ExpectRoundTrip(c);
}

TEST(EmitClusterConfigTest, AwkwardStringsRoundTrip) {
  ClusterConfig c;
  c.spec.storage.sqlite.path = "/var/lib/wisp: #\"db\"\\ 'x'/state.db";
  c.spec.kubelet.extra_args = {{"null", "~"},
                               {"true", "null"},
                               {"yes", "no"},
                               {"x", "two\nlines\t"},
                               {"y", " padded "},
                               {"z", "- [a, b] {c: d} & * ! | > % @ `"},
                               {"u", "caf\xc3\xa9 \xe2\x9c\x93"},
                               {"e", ""},
                               {"n", "007"}};
  ExpectRoundTrip(c);
}

TEST(EmitClusterConfigTest, PortRangeAndIntervalUseTheirStringForms) {
  ClusterConfig c;
  c.spec.network.node_port_range = {20000, 20999};
  c.spec.manifests.git = {{"apps", "file:///r", "", "", 90}};
  std::string yaml = EmitClusterConfig(c);
  EXPECT_NE(yaml.find("nodePortRange: \"20000-20999\"\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("interval: \"1m30s\"\n"), std::string::npos) << yaml;
  ExpectRoundTrip(c);
}

// Any text: ASCII including control characters and NUL, plus UTF-8.
std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      "\xc3\xa9", "\xe2\x9c\x93", "\xf0\x9f\x9a\x80", "\"", "\\", "'", ": ", " #", "\n", "\t",
      "\r",       "---"};
  std::string out;
  int n = static_cast<int>(rng() % 12);
  for (int i = 0; i < n; ++i) {
    if (rng() % 4 == 0) {
      out += kPieces[rng() % kPieces.size()];
    } else {
      out.push_back(static_cast<char>(rng() % 128));
    }
  }
  return out;
}

template <typename T>
const T& Pick(std::mt19937& rng, const std::vector<T>& options) {
  return options[rng() % options.size()];
}

ClusterConfig RandomValidConfig(std::mt19937& rng) {
  ClusterConfig c;
  c.name = Pick<std::string>(rng, {"wisp", "a", "prod-eu-1"});
  c.spec.api.address = Pick<std::string>(rng, {"", "10.0.0.1", "fd00::1"});
  c.spec.api.port = 1 + static_cast<int>(rng() % 65535);
  c.spec.api.sans.resize(rng() % 3, "api.example.com");
  for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i) {
    c.spec.kubelet.extra_args["flag-" + std::to_string(i)] = RandomText(rng);
    c.spec.storage.extra_args["s" + std::to_string(i)] = RandomText(rng);
  }
  if (rng() % 2 == 0) {
    c.spec.storage.type = StorageType::kEtcd;
    c.spec.storage.etcd.has_external = rng() % 2 == 0;
    if (c.spec.storage.etcd.has_external) {
      c.spec.storage.etcd.external.endpoints = {"https://10.0.0.2:2379"};
    } else {
      c.spec.storage.etcd.peer_address = Pick<std::string>(rng, {"", "10.0.0.3"});
    }
  } else {
    c.spec.storage.sqlite.path = Pick<std::string>(rng, {"", "/db/x.db", "/d i r/\xc3\xa9.db"});
  }
  int first = 1 + static_cast<int>(rng() % 65535);
  c.spec.network.node_port_range = {first, first + static_cast<int>(rng() % (65536 - first))};
  c.spec.manifests.dirs.resize(rng() % 2, "/srv/m");
  for (int i = 0, n = static_cast<int>(rng() % 3); i < n; ++i) {
    c.spec.manifests.git.push_back(
        {"g" + std::to_string(i), "https://h/r.git", "", "", 1 + static_cast<int>(rng() % 200000)});
  }
  return c;
}

TEST(EmitClusterConfigTest, RandomValidConfigsRoundTrip) {
  std::mt19937 rng(20240601);  // Fixed seed: failures reproduce.
  for (int i = 0; i < 300; ++i) {
    SCOPED_TRACE(i);
    ExpectRoundTrip(RandomValidConfig(rng));
    if (HasFatalFailure()) return;
  }
}

TEST(EmitClusterConfigTest, StorageTypeNames) {
  EXPECT_EQ(StorageTypeName(StorageType::kSqlite), "sqlite");
  EXPECT_EQ(StorageTypeName(StorageType::kEtcd), "etcd");
}

}  // namespace
}  // namespace wisp::config
