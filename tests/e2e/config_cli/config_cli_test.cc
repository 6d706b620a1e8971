// Drives the built `wisp config create|validate` commands end to end: real
// binary (WISP_BINARY), real files in a temp dir, real exit codes and output.

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace wisp {
namespace {

struct RunResult {
  int exit_code = -1;  // -1 if the process did not exit normally.
  std::string out;
  std::string err;
};

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void WriteWhole(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  ASSERT_TRUE(out.good()) << path;
}

class ConfigCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* binary = std::getenv("WISP_BINARY");
    ASSERT_NE(binary, nullptr) << "WISP_BINARY must point at the built wisp binary";
    binary_ = binary;
    ASSERT_TRUE(std::filesystem::exists(binary_)) << binary_;
    std::string tmpl = (std::filesystem::temp_directory_path() / "wisp-config-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }

  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  std::string WriteConfig(const std::string& name, const std::string& yaml) {
    std::string path = Path(name);
    WriteWhole(path, yaml);
    return path;
  }

  // Runs wisp with `args`, feeding `input` on stdin; stdout and stderr go to
  // files so no pipe can fill up and block the child.
  RunResult Run(const std::vector<std::string>& args, const std::string& input = "") {
    std::string in_path = Path(".stdin");
    std::string out_path = Path(".stdout");
    std::string err_path = Path(".stderr");
    WriteWhole(in_path, input);
    std::vector<char*> argv;
    argv.push_back(binary_.data());
    std::vector<std::string> owned = args;
    for (std::string& a : owned) argv.push_back(a.data());
    argv.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid == 0) {
      int in = ::open(in_path.c_str(), O_RDONLY);
      int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (in < 0 || out < 0 || err < 0) ::_exit(127);
      ::dup2(in, STDIN_FILENO);
      ::dup2(out, STDOUT_FILENO);
      ::dup2(err, STDERR_FILENO);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    RunResult result;
    EXPECT_GT(pid, 0) << "fork failed";
    if (pid <= 0) return result;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    result.out = ReadWhole(out_path);
    result.err = ReadWhole(err_path);
    return result;
  }

  std::string binary_;
  std::string dir_;
};

TEST_F(ConfigCliTest, CreatedConfigValidatesFromStdin) {
  RunResult create = Run({"config", "create"});
  ASSERT_EQ(create.exit_code, 0) << create.err;
  EXPECT_NE(create.out.find("apiVersion: wisp.dev/v1beta1"), std::string::npos) << create.out;
  EXPECT_NE(create.out.find("podCIDR: \"10.244.0.0/16\""), std::string::npos) << create.out;

  RunResult validate = Run({"config", "validate", "-c", "-"}, create.out);
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
  EXPECT_NE(validate.out.find("<stdin>: configuration is valid"), std::string::npos)
      << validate.out;
  EXPECT_EQ(validate.err, "");
}

TEST_F(ConfigCliTest, CreatedConfigValidatesAsFile) {
  RunResult create = Run({"config", "create"});
  ASSERT_EQ(create.exit_code, 0) << create.err;
  std::string path = WriteConfig("wisp.yaml", create.out);
  RunResult validate = Run({"config", "validate", "--config", path});
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
  EXPECT_NE(validate.out.find(path + ": configuration is valid"), std::string::npos);
}

TEST_F(ConfigCliTest, ValidPartialFileExitsZero) {
  std::string path = WriteConfig("partial.yaml",
                                 "apiVersion: wisp.dev/v1beta1\n"
                                 "kind: ClusterConfig\n"
                                 "spec:\n"
                                 "  api:\n"
                                 "    sans: [api.example.com, 192.0.2.10]\n"
                                 "  network:\n"
                                 "    podCIDR: 10.200.0.0/16\n"
                                 "  manifests:\n"
                                 "    git:\n"
                                 "      - name: apps\n"
                                 "        url: https://git.example.com/apps.git\n"
                                 "        interval: 5m\n");
  RunResult validate = Run({"config", "validate", "-c", path});
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
  EXPECT_EQ(validate.err, "");
}

TEST_F(ConfigCliTest, EmptyFileIsTheDefaults) {
  std::string path = WriteConfig("empty.yaml", "");
  RunResult validate = Run({"config", "validate", "-c", path});
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
}

TEST_F(ConfigCliTest, MissingFileIsAClearError) {
  std::string path = Path("does-not-exist.yaml");
  RunResult validate = Run({"config", "validate", "-c", path});
  EXPECT_NE(validate.exit_code, 0);
  EXPECT_NE(validate.err.find(path), std::string::npos) << validate.err;
  EXPECT_NE(validate.err.find("No such file"), std::string::npos) << validate.err;
  EXPECT_EQ(validate.out, "");
}

TEST_F(ConfigCliTest, ValidateRequiresAConfigOption) {
  RunResult validate = Run({"config", "validate"});
  EXPECT_NE(validate.exit_code, 0);
  EXPECT_NE(validate.err.find("--config"), std::string::npos) << validate.err;
}

struct BadFile {
  const char* name;
  const char* yaml;
  const char* want;  // Must appear on stderr: the field path and line.
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const BadFile& bad, std::ostream* os) { *os << bad.name; }

class InvalidConfigFileTest : public ConfigCliTest,
                              public ::testing::WithParamInterface<BadFile> {};

TEST_P(InvalidConfigFileTest, ExitsNonZeroNamingTheField) {
  const BadFile& bad = GetParam();
  std::string path = WriteConfig(std::string(bad.name) + ".yaml", bad.yaml);
  RunResult validate = Run({"config", "validate", "-c", path});
  EXPECT_EQ(validate.exit_code, 1) << validate.err;
  EXPECT_NE(validate.err.find(path + " is not valid"), std::string::npos) << validate.err;
  EXPECT_NE(validate.err.find(bad.want), std::string::npos) << validate.err;
  EXPECT_EQ(validate.out, "");
}

INSTANTIATE_TEST_SUITE_P(
    Files, InvalidConfigFileTest,
    ::testing::Values(
        BadFile{"UnknownField", "spec:\n  api:\n    prot: 6443\n", "spec.api.prot (line 3)"},
        BadFile{"UnknownTopLevel", "kind: ClusterConfig\nextra: 1\n", "extra (line 2)"},
        BadFile{"PortAsString", "spec:\n  api:\n    port: \"6443\"\n", "spec.api.port (line 3)"},
        BadFile{"PortOutOfRange", "spec:\n  api:\n    port: 65536\n", "spec.api.port (line 3)"},
        BadFile{"NetworkAsList", "spec:\n  network: []\n", "spec.network (line 2)"},
        BadFile{"BadPodCidr", "spec:\n  network:\n    podCIDR: 10.0.0.0/33\n",
                "spec.network.podCIDR (line 3): invalid CIDR \"10.0.0.0/33\""},
        BadFile{"OverlappingCidrs",
                "spec:\n  network:\n    podCIDR: 10.96.0.0/16\n    serviceCIDR: 10.96.0.0/12\n",
                "spec.network.serviceCIDR (line 4)"},
        BadFile{"ReversedNodePorts", "spec:\n  network:\n    nodePortRange: 32767-30000\n",
                "spec.network.nodePortRange (line 3)"},
        BadFile{"BadClusterDomain", "spec:\n  network:\n    clusterDomain: -bad-\n",
                "spec.network.clusterDomain (line 3)"},
        BadFile{"UnknownStorage", "spec:\n  storage:\n    type: postgres\n",
                "spec.storage.type (line 3)"},
        BadFile{"ExternalEtcdNoEndpoints",
                "spec:\n  storage:\n    type: etcd\n    etcd:\n      external: {endpoints: []}\n",
                "spec.storage.etcd.external.endpoints (line 5)"},
        BadFile{"EtcdCertWithoutKey",
                "spec:\n  storage:\n    type: etcd\n    etcd:\n      external:\n"
                "        endpoints: [https://10.0.0.1:2379]\n        certFile: /etc/c.crt\n",
                "spec.storage.etcd.external.certFile (line 7)"},
        BadFile{"ApiAddressNotIp", "spec:\n  api:\n    address: controller-1\n",
                "spec.api.address (line 3)"},
        BadFile{"BadSan", "spec:\n  api:\n    sans: [ok.example.com, 'not valid']\n",
                "spec.api.sans[1] (line 3)"},
        BadFile{"WrongApiVersion", "apiVersion: k0s.k0sproject.io/v1beta1\n",
                "apiVersion (line 1)"},
        BadFile{"BadName", "metadata:\n  name: Prod_1\n", "metadata.name (line 2)"},
        BadFile{"RelativeSqlitePath", "spec:\n  storage:\n    sqlite: {path: db.sqlite}\n",
                "spec.storage.sqlite.path (line 3)"},
        BadFile{"BadPauseImage", "spec:\n  images:\n    pause: 'Pause:3.10'\n",
                "spec.images.pause (line 3)"},
        BadFile{"DashedExtraArg", "spec:\n  kubelet:\n    extraArgs: {--max-pods: 10}\n",
                "spec.kubelet.extraArgs.--max-pods (line 3)"},
        BadFile{"GitWithoutName", "spec:\n  manifests:\n    git:\n      - url: https://h/r.git\n",
                "spec.manifests.git[0].name (line 4)"},
        BadFile{"GitBadInterval",
                "spec:\n  manifests:\n    git:\n      - name: a\n        url: https://h/r.git\n"
                "        interval: 500ms\n",
                "spec.manifests.git[0].interval (line 6)"},
        BadFile{"MalformedYaml", "spec:\n  api: {port: 1\n", "line 2: malformed YAML"},
        BadFile{"NotAMap", "- just\n- a list\n", "line 1: the document must be a map"}),
    [](const ::testing::TestParamInfo<BadFile>& info) { return std::string(info.param.name); });

TEST_F(ConfigCliTest, ReportsEveryProblemOneLineEach) {
  std::string path = WriteConfig("many.yaml",
                                 "spec:\n"
                                 "  api: {port: 0}\n"
                                 "  network: {podCIDR: nonsense}\n"
                                 "  storage: {type: mysql}\n");
  RunResult validate = Run({"config", "validate", "-c", path});
  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_NE(validate.err.find("\nspec.api.port (line 2): "), std::string::npos) << validate.err;
  EXPECT_NE(validate.err.find("\nspec.network.podCIDR (line 3): "), std::string::npos)
      << validate.err;
  EXPECT_NE(validate.err.find("\nspec.storage.type (line 4): "), std::string::npos) << validate.err;
}

}  // namespace
}  // namespace wisp
