#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <ostream>
#include <string>

#include "wisp/base/strings.h"
#include "wisp/config/cluster_config.h"

namespace wisp::config {
namespace {

std::string ErrorOf(const absl::Status& status) {
  if (status.ok()) return "<ok>";
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  return std::string(base::ToStd(status.message()));
}

// A config that uses every section and is valid.
ClusterConfig FullConfig() {
  ClusterConfig c;
  c.name = "prod";
  c.spec.api.address = "fd00::10";
  c.spec.api.port = 443;
  c.spec.api.external_address = "api.example.com";
  c.spec.api.sans = {"10.0.0.1", "*.example.com", "Node-1.Example.Com"};
  c.spec.api.extra_args = {{"v", "2"}};
  c.spec.storage.type = StorageType::kEtcd;
  c.spec.storage.etcd.has_external = true;
  c.spec.storage.etcd.external = {{"https://10.0.0.1:2379", "https://[fd00::2]:2379"},
                                  "/etc/etcd/ca.crt",
                                  "/etc/etcd/c.crt",
                                  "/etc/etcd/c.key",
                                  "/p"};
  c.spec.network = {"fd00:244::/56", "fd00:96::/112", "prod.example", {20000, 20000}};
  c.spec.kubelet.extra_args = {{"max-pods", "250"}, {"feature-gates", "A=true,B=false"}};
  c.spec.images.pause = "localhost:5000/pause@sha256:0123456789abcdef0123456789abcdef";
  c.spec.manifests.dirs = {"/srv/a", "/srv/b"};
  c.spec.manifests.git = {{"apps", "git@github.com:org/apps.git", "v1.2.3", "deploy/prod", 30},
                          {"infra", "file:///srv/infra", "", "", 3600}};
  return c;
}

TEST(ValidateClusterConfigTest, DefaultsAreValid) {
  EXPECT_TRUE(ValidateClusterConfig(ClusterConfig{}).ok());
}

TEST(ValidateClusterConfigTest, FullConfigIsValid) {
  EXPECT_EQ(ErrorOf(ValidateClusterConfig(FullConfig())), "<ok>");
}

TEST(ValidateClusterConfigTest, ManagedEtcdIsValid) {
  ClusterConfig c;
  c.spec.storage.type = StorageType::kEtcd;
  c.spec.storage.etcd.peer_address = "192.0.2.7";
  EXPECT_EQ(ErrorOf(ValidateClusterConfig(c)), "<ok>");
}

TEST(ValidateClusterConfigTest, MessagesNamePathsButNoLines) {
  ClusterConfig c;
  c.spec.api.port = 0;
  EXPECT_EQ(ErrorOf(ValidateClusterConfig(c)), "spec.api.port: port must be 1..65535, got 0");
}

TEST(ValidateClusterConfigTest, ReportsEveryProblem) {
  ClusterConfig c;
  c.name = "";
  c.spec.network.pod_cidr = "10.0.0.0/33";
  c.spec.images.pause = "";
  std::string error = ErrorOf(ValidateClusterConfig(c));
  EXPECT_NE(error.find("metadata.name: \"\" is not a DNS label"), std::string::npos) << error;
  EXPECT_NE(error.find("spec.network.podCIDR: invalid CIDR"), std::string::npos) << error;
  EXPECT_NE(error.find("spec.images.pause: invalid image reference \"\""), std::string::npos)
      << error;
  EXPECT_EQ(std::count(error.begin(), error.end(), '\n'), 2) << error;
}

struct Mutation {
  const char* name;
  std::function<void(ClusterConfig&)> mutate;
  std::string want;  // Substring of the error.
};

void PrintTo(const Mutation& m, std::ostream* os) { *os << m.name; }

class InvalidTypedConfigTest : public ::testing::TestWithParam<Mutation> {};

TEST_P(InvalidTypedConfigTest, NamesThePath) {
  ClusterConfig c = FullConfig();
  GetParam().mutate(c);
  std::string error = ErrorOf(ValidateClusterConfig(c));
  EXPECT_NE(error.find(GetParam().want), std::string::npos) << "error was:\n" << error;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, InvalidTypedConfigTest,
    ::testing::Values(
        Mutation{"ApiPortHigh", [](ClusterConfig& c) { c.spec.api.port = 65536; },
                 "spec.api.port: port must be 1..65535, got 65536"},
        Mutation{"AddressHostname", [](ClusterConfig& c) { c.spec.api.address = "host"; },
                 "spec.api.address: \"host\" is not an IPv4 or IPv6 address"},
        Mutation{"AddressUnspecifiedV6", [](ClusterConfig& c) { c.spec.api.address = "::"; },
                 "spec.api.address: \"::\" cannot be advertised"},
        Mutation{"SanEmpty", [](ClusterConfig& c) { c.spec.api.sans.push_back(""); },
                 "spec.api.sans[3]: \"\" is not an IP address or DNS name"},
        Mutation{"ExternalAddressWildcard",
                 [](ClusterConfig& c) { c.spec.api.external_address = "*.example.com"; },
                 "spec.api.externalAddress: \"*.example.com\" is not an IP address or DNS name"},
        Mutation{"ExtraArgsEqualsInName",
                 [](ClusterConfig& c) { c.spec.api.extra_args["v=2"] = ""; },
                 "spec.api.extraArgs.v=2: flag name \"v=2\" may contain only"},
        Mutation{"StorageExtraArgsDashes",
                 [](ClusterConfig& c) { c.spec.storage.extra_args["-x"] = "1"; },
                 "spec.storage.extraArgs.-x: flag name \"-x\" must not start with '-'"},
        Mutation{"NoEndpoints",
                 [](ClusterConfig& c) { c.spec.storage.etcd.external.endpoints.clear(); },
                 "spec.storage.etcd.external.endpoints: an external etcd needs at least one"},
        Mutation{"DuplicateEndpoint",
                 [](ClusterConfig& c) {
                   c.spec.storage.etcd.external.endpoints.push_back("https://10.0.0.1:2379");
                 },
                 "spec.storage.etcd.external.endpoints[2]: duplicate endpoint"},
        Mutation{"KeyWithoutCert",
                 [](ClusterConfig& c) { c.spec.storage.etcd.external.cert_file.clear(); },
                 "spec.storage.etcd.external.keyFile: keyFile needs certFile"},
        Mutation{"PeerAddressWithExternal",
                 [](ClusterConfig& c) { c.spec.storage.etcd.peer_address = "10.0.0.9"; },
                 "spec.storage.etcd.peerAddress: only used for the etcd wisp manages"},
        Mutation{"ExternalFieldsWithoutFlag",
                 [](ClusterConfig& c) { c.spec.storage.etcd.has_external = false; },
                 "spec.storage.etcd.external: fields are set but has_external is false"},
        Mutation{"CidrsOverlap",
                 [](ClusterConfig& c) { c.spec.network.service_cidr = "fd00:244::/64"; },
                 "spec.network.serviceCIDR: serviceCIDR \"fd00:244::/64\" overlaps podCIDR"},
        Mutation{"ClusterDomainTrailingDot",
                 [](ClusterConfig& c) { c.spec.network.cluster_domain = "cluster.local."; },
                 "spec.network.clusterDomain: \"cluster.local.\" is not a DNS subdomain"},
        Mutation{"NodePortsReversed",
                 [](ClusterConfig& c) {
                   c.spec.network.node_port_range = {2, 1};
                 },
                 "spec.network.nodePortRange: \"2-1\" is reversed"},
        Mutation{"NodePortZero",
                 [](ClusterConfig& c) {
                   c.spec.network.node_port_range = {0, 10};
                 },
                 "spec.network.nodePortRange: ports in \"0-10\" must be 1..65535"},
        Mutation{"PauseUppercase", [](ClusterConfig& c) { c.spec.images.pause = "Pause"; },
                 "spec.images.pause: invalid image reference \"Pause\""},
        Mutation{"DuplicateDir",
                 [](ClusterConfig& c) { c.spec.manifests.dirs.push_back("/srv/a"); },
                 "spec.manifests.dirs[2]: duplicate directory \"/srv/a\""},
        Mutation{"GitIntervalZero",
                 [](ClusterConfig& c) { c.spec.manifests.git[1].interval_seconds = 0; },
                 "spec.manifests.git[1].interval: must be at least 1s, got \"0s\""},
        Mutation{"GitAbsolutePath", [](ClusterConfig& c) { c.spec.manifests.git[0].path = "/x"; },
                 "spec.manifests.git[0].path: \"/x\" must be a relative path"},
        Mutation{"GitRefWithSpace",
                 [](ClusterConfig& c) { c.spec.manifests.git[0].ref = "my branch"; },
                 "spec.manifests.git[0].ref: \"my branch\" is not a branch, tag or commit"},
        Mutation{"GitDuplicateName",
                 [](ClusterConfig& c) { c.spec.manifests.git[1].name = "apps"; },
                 "spec.manifests.git[1].name: duplicate name \"apps\""}),
    [](const ::testing::TestParamInfo<Mutation>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wisp::config
