#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "wisp/base/strings.h"
#include "wisp/config/cluster_config.h"

namespace wisp::config {
namespace {

std::string ErrorOf(const absl::StatusOr<ClusterConfig>& config) {
  if (config.ok()) return "<ok>";
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(base::ToStd(config.status().message()));
}

ClusterConfig MustParse(const std::string& yaml) {
  absl::StatusOr<ClusterConfig> config = ParseClusterConfig(yaml);
  EXPECT_TRUE(config.ok()) << ErrorOf(config);
  return config.ok() ? *config : ClusterConfig{};
}

TEST(ParseClusterConfigTest, EmptyDocumentYieldsDefaults) {
  EXPECT_EQ(MustParse(""), ClusterConfig{});
  EXPECT_EQ(MustParse("# only a comment\n"), ClusterConfig{});
  EXPECT_EQ(MustParse("---\n"), ClusterConfig{});
  EXPECT_EQ(MustParse("~\n"), ClusterConfig{});
}

TEST(ParseClusterConfigTest, PartialDocumentMergesOverDefaults) {
  ClusterConfig config = MustParse(
      "spec:\n"
      "  api:\n"
      "    port: 7443\n"
      "    sans: [api.example.com, 192.0.2.10]\n"
      "  network:\n"
      "    podCIDR: 10.200.0.0/16\n"
      "  kubelet:\n"
      "    extraArgs: {max-pods: 250}\n");
  ClusterConfig want;
  want.spec.api.port = 7443;
  want.spec.api.sans = {"api.example.com", "192.0.2.10"};
  want.spec.network.pod_cidr = "10.200.0.0/16";
  want.spec.kubelet.extra_args = {{"max-pods", "250"}};
  EXPECT_EQ(config, want);
  // Untouched siblings keep their defaults.
  EXPECT_EQ(config.spec.network.service_cidr, "10.96.0.0/12");
  EXPECT_EQ(config.spec.api.address, "");
  EXPECT_EQ(config.name, "wisp");
}

TEST(ParseClusterConfigTest, NullValuesKeepDefaults) {
  ClusterConfig config = MustParse(
      "metadata:\n"
      "spec:\n"
      "  api:\n"
      "    port:\n"
      "    sans: ~\n"
      "  storage:\n"
      "    etcd:\n"
      "      external: null\n");
  EXPECT_EQ(config, ClusterConfig{});
}

TEST(ParseClusterConfigTest, ReadsEveryField) {
  ClusterConfig config = MustParse(
      "apiVersion: wisp.dev/v1beta1\n"
      "kind: ClusterConfig\n"
      "metadata: {name: prod}\n"
      "spec:\n"
      "  api: {address: 192.0.2.1, port: 443, externalAddress: lb.example.com,\n"
      "        sans: ['*.example.com'], extraArgs: {v: 2}}\n"
      "  storage:\n"
      "    type: etcd\n"
      "    etcd:\n"
      "      external:\n"
      "        endpoints: ['https://[fd00::1]:2379', 'https://etcd.example.com:2379']\n"
      "        caFile: /etc/etcd/ca.crt\n"
      "        certFile: /etc/etcd/client.crt\n"
      "        keyFile: /etc/etcd/client.key\n"
      "        prefix: /prod\n"
      "    extraArgs: {quota-backend-bytes: '8589934592'}\n"
      "  network: {podCIDR: 'fd00:10:244::/56', serviceCIDR: 'fd00:10:96::/112',\n"
      "            clusterDomain: prod.local, nodePortRange: 20000-20999}\n"
      "  scheduler: {extraArgs: {a: '1'}}\n"
      "  controllerManager: {extraArgs: {b: '2'}}\n"
      "  proxy: {extraArgs: {c: '3'}}\n"
      "  images: {pause: 'registry.example.com/pause:3.9'}\n"
      "  manifests:\n"
      "    dirs: [/srv/manifests]\n"
      "    git:\n"
      "      - {name: apps, url: 'https://git.example.com/apps.git', ref: main,\n"
      "         path: deploy, interval: 1h30m}\n");
  EXPECT_EQ(config.name, "prod");
  EXPECT_EQ(config.spec.api.address, "192.0.2.1");
  EXPECT_EQ(config.spec.api.port, 443);
  EXPECT_EQ(config.spec.api.external_address, "lb.example.com");
  EXPECT_EQ(config.spec.api.sans, std::vector<std::string>{"*.example.com"});
  EXPECT_EQ(config.spec.api.extra_args.at("v"), "2");
  EXPECT_EQ(config.spec.storage.type, StorageType::kEtcd);
  EXPECT_TRUE(config.spec.storage.etcd.has_external);
  EXPECT_EQ(config.spec.storage.etcd.external.endpoints.size(), 2u);
  EXPECT_EQ(config.spec.storage.etcd.external.ca_file, "/etc/etcd/ca.crt");
  EXPECT_EQ(config.spec.storage.etcd.external.cert_file, "/etc/etcd/client.crt");
  EXPECT_EQ(config.spec.storage.etcd.external.key_file, "/etc/etcd/client.key");
  EXPECT_EQ(config.spec.storage.etcd.external.prefix, "/prod");
  EXPECT_EQ(config.spec.storage.extra_args.at("quota-backend-bytes"), "8589934592");
  EXPECT_EQ(config.spec.network.pod_cidr, "fd00:10:244::/56");
  EXPECT_EQ(config.spec.network.cluster_domain, "prod.local");
  EXPECT_EQ(config.spec.network.node_port_range.first, 20000);
  EXPECT_EQ(config.spec.network.node_port_range.last, 20999);
  EXPECT_EQ(config.spec.scheduler.extra_args.at("a"), "1");
  EXPECT_EQ(config.spec.controller_manager.extra_args.at("b"), "2");
  EXPECT_EQ(config.spec.proxy.extra_args.at("c"), "3");
  EXPECT_EQ(config.spec.images.pause, "registry.example.com/pause:3.9");
  EXPECT_EQ(config.spec.manifests.dirs, std::vector<std::string>{"/srv/manifests"});
  ASSERT_EQ(config.spec.manifests.git.size(), 1u);
  EXPECT_EQ(config.spec.manifests.git[0].name, "apps");
  EXPECT_EQ(config.spec.manifests.git[0].ref, "main");
  EXPECT_EQ(config.spec.manifests.git[0].path, "deploy");
  EXPECT_EQ(config.spec.manifests.git[0].interval_seconds, 5400);
}

TEST(ParseClusterConfigTest, ManagedEtcdWithPeerAddress) {
  ClusterConfig config = MustParse(
      "spec:\n"
      "  storage: {type: etcd, etcd: {peerAddress: 10.0.0.5}}\n");
  EXPECT_EQ(config.spec.storage.type, StorageType::kEtcd);
  EXPECT_FALSE(config.spec.storage.etcd.has_external);
  EXPECT_EQ(config.spec.storage.etcd.peer_address, "10.0.0.5");
}

TEST(ParseClusterConfigTest, GitIntervalDefaultsToOneMinute) {
  ClusterConfig config = MustParse(
      "spec:\n"
      "  manifests:\n"
      "    git:\n"
      "      - name: apps\n"
      "        url: git@github.com:org/apps.git\n");
  ASSERT_EQ(config.spec.manifests.git.size(), 1u);
  EXPECT_EQ(config.spec.manifests.git[0].interval_seconds, 60);
}

TEST(ParseClusterConfigTest, MalformedYamlNamesTheLine) {
  EXPECT_EQ(ErrorOf(ParseClusterConfig("spec:\n  api: [1,\n  b\n")),
            "line 3: malformed YAML: end of sequence flow not found");
  EXPECT_NE(ErrorOf(ParseClusterConfig("spec:\n\tapi: {}\n")).find("malformed YAML"),
            std::string::npos);
  // Errors found at the end of input point at the last line, not past it.
  EXPECT_EQ(ErrorOf(ParseClusterConfig("a: 1\nspec: {api: 1\n")),
            "line 2: malformed YAML: end of map flow not found");
  EXPECT_EQ(ErrorOf(ParseClusterConfig("a: \"unterminated")),
            "line 1: malformed YAML: illegal EOF in scalar");
}

TEST(ParseClusterConfigTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "spec: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  EXPECT_EQ(ErrorOf(ParseClusterConfig(deep)), "line 1: malformed YAML: nested too deeply");
}

TEST(ParseClusterConfigTest, TopLevelMustBeAMap) {
  EXPECT_EQ(ErrorOf(ParseClusterConfig("- a\n- b\n")),
            "line 1: the document must be a map with apiVersion, kind, metadata and spec; got a "
            "list");
  EXPECT_NE(ErrorOf(ParseClusterConfig("just text\n")).find("line 1: the document must be a map"),
            std::string::npos);
}

TEST(ParseClusterConfigTest, OnlyOneDocument) {
  EXPECT_EQ(ErrorOf(ParseClusterConfig("kind: ClusterConfig\n---\nkind: ClusterConfig\n")),
            "line 3: expected one YAML document, found 2");
  // Empty documents around the real one are ignored.
  EXPECT_EQ(MustParse("---\n---\nmetadata: {name: a}\n---\n...\n").name, "a");
}

TEST(ParseClusterConfigTest, CollectsEveryProblemInLineOrder) {
  std::string error =
      ErrorOf(ParseClusterConfig("metadata: {name: Bad_Name}\n"
                                 "spec:\n"
                                 "  api: {port: 0, typo: 1}\n"
                                 "  network:\n"
                                 "    podCIDR: 10.0.0.0/33\n"));
  EXPECT_EQ(error,
            "metadata.name (line 1): \"Bad_Name\" is not a DNS label: use 1-63 lowercase letters, "
            "digits or '-', starting and ending with a letter or digit\n"
            "spec.api.typo (line 3): unknown field \"typo\" (known fields: address, port, "
            "externalAddress, sans, extraArgs)\n"
            "spec.api.port (line 3): port must be 1..65535, got 0\n"
            "spec.network.podCIDR (line 5): invalid CIDR \"10.0.0.0/33\": prefix length must be "
            "0..32");
}

struct InvalidCase {
  const char* name;
  std::string yaml;
  std::string want;  // A substring of the error, naming path and line.
};

void PrintTo(const InvalidCase& c, std::ostream* os) { *os << c.name; }

class InvalidConfigTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidConfigTest, ReportsPathAndLine) {
  const InvalidCase& c = GetParam();
  std::string error = ErrorOf(ParseClusterConfig(c.yaml));
  EXPECT_NE(error.find(c.want), std::string::npos) << "error was:\n" << error;
}

const char kEtcdHead[] =
    "spec:\n"
    "  storage:\n"
    "    type: etcd\n"
    "    etcd:\n"
    "      external:\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, InvalidConfigTest,
    ::testing::Values(
        InvalidCase{"UnknownTopLevelField", "specs: {}\n",
                    "specs (line 1): unknown field \"specs\"; did you mean \"spec\"?"},
        InvalidCase{"UnknownNestedField", "spec:\n  api:\n    prot: 1\n",
                    "spec.api.prot (line 3): unknown field \"prot\"; did you mean \"port\"?"},
        InvalidCase{"UnknownDeepField",
                    std::string(kEtcdHead) +
                        "        endpoints: ['https://10.0.0.1:2379']\n        tls: {}\n",
                    "spec.storage.etcd.external.tls (line 7): unknown field \"tls\" (known fields: "
                    "endpoints, caFile, certFile, keyFile, prefix)"},
        InvalidCase{"UnknownGitField",
                    "spec:\n  manifests:\n    git:\n      - name: a\n        url: file:///r\n"
                    "        branch: main\n",
                    "spec.manifests.git[0].branch (line 6): unknown field \"branch\""},
        InvalidCase{"DuplicateField", "spec:\n  api:\n    port: 1\n    port: 2\n",
                    "spec.api.port (line 4): duplicate field \"port\" (first on line 3)"},
        InvalidCase{"MapWhereScalar", "spec:\n  api:\n    address: {ip: 10.0.0.1}\n",
                    "spec.api.address (line 3): expected a string, got a map"},
        InvalidCase{"StringWhereInt", "spec:\n  api:\n    port: \"6443\"\n",
                    "spec.api.port (line 3): expected an integer, got the string \"6443\""},
        InvalidCase{"WordWhereInt", "spec:\n  api:\n    port: https\n",
                    "spec.api.port (line 3): expected an integer, got \"https\""},
        InvalidCase{"BoolWhereInt", "spec:\n  api:\n    port: true\n",
                    "spec.api.port (line 3): expected an integer, got \"true\""},
        InvalidCase{"ListWhereMap", "spec:\n  network: [10.0.0.0/8]\n",
                    "spec.network (line 2): expected a map with fields podCIDR, serviceCIDR, "
                    "clusterDomain, nodePortRange; got a list"},
        InvalidCase{"ScalarWhereMap", "metadata: wisp\n",
                    "metadata (line 1): expected a map with fields name; got \"wisp\""},
        InvalidCase{"ScalarWhereList", "spec:\n  api:\n    sans: api.example.com\n",
                    "spec.api.sans (line 3): expected a list, got \"api.example.com\""},
        InvalidCase{"PortTooLarge", "spec:\n  api:\n    port: 70000\n",
                    "spec.api.port (line 3): port must be 1..65535, got 70000"},
        InvalidCase{"PortNegative", "spec:\n  api:\n    port: -1\n",
                    "spec.api.port (line 3): port must be 1..65535, got -1"},
        InvalidCase{"PodCidrPrefixTooLong", "spec:\n  network:\n    podCIDR: 10.0.0.0/33\n",
                    "spec.network.podCIDR (line 3): invalid CIDR \"10.0.0.0/33\": prefix length "
                    "must be 0..32"},
        InvalidCase{"ServiceCidrIpv6PrefixTooLong",
                    "spec:\n  network:\n    serviceCIDR: fd00::/129\n",
                    "spec.network.serviceCIDR (line 3): invalid CIDR \"fd00::/129\": prefix length "
                    "must be 0..128"},
        InvalidCase{"CidrNotAnAddress", "spec:\n  network:\n    podCIDR: pods/16\n",
                    "spec.network.podCIDR (line 3): invalid CIDR \"pods/16\": \"pods\" is not an "
                    "IPv4 or IPv6 address"},
        InvalidCase{"CidrHostBits", "spec:\n  network:\n    podCIDR: 10.244.1.0/16\n",
                    "spec.network.podCIDR (line 3): invalid CIDR \"10.244.1.0/16\": host bits are "
                    "set; did you mean \"10.244.0.0/16\"?"},
        InvalidCase{"CidrsOverlap",
                    "spec:\n  network:\n    podCIDR: 10.0.0.0/8\n    serviceCIDR: 10.96.0.0/12\n",
                    "spec.network.serviceCIDR (line 4): serviceCIDR \"10.96.0.0/12\" overlaps "
                    "podCIDR \"10.0.0.0/8\""},
        InvalidCase{"PodCidrOverlapsDefaultServiceCidr",
                    "spec:\n  network:\n    podCIDR: 10.0.0.0/8\n",
                    "spec.network.podCIDR (line 3): serviceCIDR \"10.96.0.0/12\" overlaps podCIDR"},
        InvalidCase{"CidrFamiliesDiffer", "spec:\n  network:\n    serviceCIDR: fd00::/112\n",
                    "spec.network.serviceCIDR (line 3): serviceCIDR \"fd00::/112\" is IPv6 but "
                    "podCIDR \"10.244.0.0/16\" is IPv4"},
        InvalidCase{"NodePortRangeMalformed",
                    "spec:\n  network:\n    nodePortRange: \"30000:32767\"\n",
                    "spec.network.nodePortRange (line 3): invalid port range \"30000:32767\": use "
                    "\"<first>-<last>\""},
        InvalidCase{"NodePortRangeNumber", "spec:\n  network:\n    nodePortRange: 30000\n",
                    "spec.network.nodePortRange (line 3): invalid port range \"30000\""},
        InvalidCase{"NodePortRangeReversed", "spec:\n  network:\n    nodePortRange: 32767-30000\n",
                    "spec.network.nodePortRange (line 3): \"32767-30000\" is reversed"},
        InvalidCase{"NodePortRangeOutOfRange",
                    "spec:\n  network:\n    nodePortRange: 30000-70000\n",
                    "spec.network.nodePortRange (line 3): ports in \"30000-70000\" must be "
                    "1..65535"},
        InvalidCase{"ClusterDomainInvalid", "spec:\n  network:\n    clusterDomain: Cluster_Local\n",
                    "spec.network.clusterDomain (line 3): \"Cluster_Local\" is not a DNS "
                    "subdomain"},
        InvalidCase{"UnknownStorageType", "spec:\n  storage:\n    type: mysql\n",
                    "spec.storage.type (line 3): unknown storage type \"mysql\"; use \"sqlite\" "
                    "or \"etcd\""},
        InvalidCase{"ApiAddressNotIp", "spec:\n  api:\n    address: my-host\n",
                    "spec.api.address (line 3): \"my-host\" is not an IPv4 or IPv6 address"},
        InvalidCase{"ApiAddressUnspecified", "spec:\n  api:\n    address: 0.0.0.0\n",
                    "spec.api.address (line 3): \"0.0.0.0\" cannot be advertised"},
        InvalidCase{"ExternalAddressInvalid", "spec:\n  api:\n    externalAddress: 'lb host'\n",
                    "spec.api.externalAddress (line 3): \"lb host\" is not an IP address or DNS "
                    "name"},
        InvalidCase{"SanInvalid", "spec:\n  api:\n    sans:\n      - 10.0.0.1\n      - bad_name\n",
                    "spec.api.sans[1] (line 5): \"bad_name\" is not an IP address or DNS name"},
        InvalidCase{"SanNotAString", "spec:\n  api:\n    sans: [[a]]\n",
                    "spec.api.sans[0] (line 3): expected a string, got a list"},
        InvalidCase{"WrongApiVersion", "apiVersion: v1\n",
                    "apiVersion (line 1): must be \"wisp.dev/v1beta1\", got \"v1\""},
        InvalidCase{"WrongKind", "apiVersion: wisp.dev/v1beta1\nkind: Cluster\n",
                    "kind (line 2): must be \"ClusterConfig\", got \"Cluster\""},
        InvalidCase{"NameNotDnsLabel", "metadata:\n  name: my.cluster\n",
                    "metadata.name (line 2): \"my.cluster\" is not a DNS label"},
        InvalidCase{"EtcdEndpointNotUrl",
                    std::string(kEtcdHead) + "        endpoints: [10.0.0.1:2379]\n",
                    "spec.storage.etcd.external.endpoints[0] (line 6): invalid URL "
                    "\"10.0.0.1:2379\": must start with http:// or https://"},
        InvalidCase{"EtcdEndpointWithoutPort",
                    std::string(kEtcdHead) +
                        "        endpoints:\n          - https://10.0.0.1:2379\n"
                        "          - https://10.0.0.2\n",
                    "spec.storage.etcd.external.endpoints[1] (line 8): invalid URL "
                    "\"https://10.0.0.2\": missing :port"},
        InvalidCase{
            "EtcdEndpointsMixedSchemes",
            std::string(kEtcdHead) + "        endpoints: ['https://a:2379', 'http://b:2379']\n",
            "spec.storage.etcd.external.endpoints (line 6): endpoints must all use"},
        InvalidCase{"EtcdExternalEmptyEndpoints", std::string(kEtcdHead) + "        caFile: /ca\n",
                    "spec.storage.etcd.external.endpoints (line 5): an external etcd needs at "
                    "least one endpoint"},
        InvalidCase{"EtcdExternalEmptyMap",
                    "spec:\n  storage:\n    type: etcd\n    etcd: {external: {}}\n",
                    "spec.storage.etcd.external.endpoints (line 4): an external etcd needs"},
        InvalidCase{"EtcdCertWithoutKey",
                    std::string(kEtcdHead) +
                        "        endpoints: ['https://a:2379']\n        certFile: /c.crt\n",
                    "spec.storage.etcd.external.certFile (line 7): certFile needs keyFile"},
        InvalidCase{"EtcdKeyWithoutCert",
                    std::string(kEtcdHead) +
                        "        endpoints: ['https://a:2379']\n        keyFile: /c.key\n",
                    "spec.storage.etcd.external.keyFile (line 7): keyFile needs certFile"},
        InvalidCase{"EtcdCaFileRelative",
                    std::string(kEtcdHead) +
                        "        endpoints: ['https://a:2379']\n        caFile: ca.crt\n",
                    "spec.storage.etcd.external.caFile (line 7): \"ca.crt\" is not an absolute "
                    "path"},
        InvalidCase{"EtcdPrefixRelative",
                    std::string(kEtcdHead) +
                        "        endpoints: ['https://a:2379']\n        prefix: wisp\n",
                    "spec.storage.etcd.external.prefix (line 7): \"wisp\" must start with '/'"},
        InvalidCase{"ExternalEtcdWithSqlite",
                    "spec:\n  storage:\n    etcd:\n      external:\n"
                    "        endpoints: ['https://a:2379']\n",
                    "spec.storage.etcd.external (line 4): only used when type is \"etcd\""},
        InvalidCase{"SqlitePathRelative", "spec:\n  storage:\n    sqlite:\n      path: state.db\n",
                    "spec.storage.sqlite.path (line 4): \"state.db\" is not an absolute path"},
        InvalidCase{"SqlitePathWithEtcd",
                    "spec:\n  storage:\n    type: etcd\n    sqlite: {path: /db}\n",
                    "spec.storage.sqlite.path (line 4): only used when type is \"sqlite\""},
        InvalidCase{"PeerAddressNotIp",
                    "spec:\n  storage:\n    type: etcd\n    etcd:\n      peerAddress: node-1\n",
                    "spec.storage.etcd.peerAddress (line 5): \"node-1\" is not an IPv4 or IPv6"},
        InvalidCase{"ManifestDirRelative",
                    "spec:\n  manifests:\n    dirs:\n      - /ok\n      - manifests\n",
                    "spec.manifests.dirs[1] (line 5): \"manifests\" is not an absolute path"},
        InvalidCase{"PauseImageInvalid", "spec:\n  images:\n    pause: 'Pause Image'\n",
                    "spec.images.pause (line 3): invalid image reference \"Pause Image\""},
        InvalidCase{"ExtraArgsDashedKey", "spec:\n  kubelet:\n    extraArgs:\n      --v: 2\n",
                    "spec.kubelet.extraArgs.--v (line 4): flag name \"--v\" must not start with "
                    "'-'; write \"v\""},
        InvalidCase{"ExtraArgsNotAMap", "spec:\n  scheduler:\n    extraArgs: [v=2]\n",
                    "spec.scheduler.extraArgs (line 3): expected a map of flag names to values, "
                    "got a list"},
        InvalidCase{"ExtraArgsValueNotScalar",
                    "spec:\n  proxy:\n    extraArgs:\n      v: {level: 2}\n",
                    "spec.proxy.extraArgs.v (line 4): expected a string, number or boolean, got "
                    "a map"},
        InvalidCase{"ExtraArgsValueMissing",
                    "spec:\n  controllerManager:\n    extraArgs:\n      profiling:\n",
                    "spec.controllerManager.extraArgs.profiling (line 4): value is missing"},
        InvalidCase{"GitItemNotAMap", "spec:\n  manifests:\n    git:\n      - apps\n",
                    "spec.manifests.git[0] (line 4): expected a map with fields name, url"},
        InvalidCase{"GitNameMissing",
                    "spec:\n  manifests:\n    git:\n      - url: https://h/r.git\n",
                    "spec.manifests.git[0].name (line 4): a name (DNS label) is required"},
        InvalidCase{"GitNameNotDnsLabel",
                    "spec:\n  manifests:\n    git:\n      - name: My_Apps\n"
                    "        url: https://h/r.git\n",
                    "spec.manifests.git[0].name (line 4): \"My_Apps\" is not a DNS label"},
        InvalidCase{"GitNameDuplicate",
                    "spec:\n  manifests:\n    git:\n"
                    "      - {name: apps, url: 'https://h/a.git'}\n"
                    "      - {name: apps, url: 'https://h/b.git'}\n",
                    "spec.manifests.git[1].name (line 5): duplicate name \"apps\""},
        InvalidCase{"GitUrlEmpty", "spec:\n  manifests:\n    git:\n      - {name: apps, url: ''}\n",
                    "spec.manifests.git[0].url (line 4): a url is required"},
        InvalidCase{"GitUrlBadScheme",
                    "spec:\n  manifests:\n    git:\n      - {name: apps, url: 'ftp://h/r'}\n",
                    "spec.manifests.git[0].url (line 4): invalid URL \"ftp://h/r\""},
        InvalidCase{"GitIntervalZero",
                    "spec:\n  manifests:\n    git:\n      - name: apps\n"
                    "        url: https://h/r.git\n        interval: 0s\n",
                    "spec.manifests.git[0].interval (line 6): must be at least 1s"},
        InvalidCase{"GitIntervalMalformed",
                    "spec:\n  manifests:\n    git:\n      - name: apps\n"
                    "        url: https://h/r.git\n        interval: 5x\n",
                    "spec.manifests.git[0].interval (line 6): invalid duration \"5x\""},
        InvalidCase{"GitIntervalWithoutUnit",
                    "spec:\n  manifests:\n    git:\n      - name: apps\n"
                    "        url: https://h/r.git\n        interval: 30\n",
                    "spec.manifests.git[0].interval (line 6): invalid duration \"30\": missing "
                    "unit; did you mean \"30s\"?"},
        InvalidCase{"GitPathEscapesRepository",
                    "spec:\n  manifests:\n    git:\n      - name: apps\n"
                    "        url: https://h/r.git\n        path: ../etc\n",
                    "spec.manifests.git[0].path (line 6): \"../etc\" must be a relative path"},
        InvalidCase{"GitRefLooksLikeOption",
                    "spec:\n  manifests:\n    git:\n      - name: apps\n"
                    "        url: https://h/r.git\n        ref: --upload-pack=x\n",
                    "spec.manifests.git[0].ref (line 6): \"--upload-pack=x\" is not a branch"}),
    [](const ::testing::TestParamInfo<InvalidCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wisp::config
