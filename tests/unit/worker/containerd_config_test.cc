#include "wisp/worker/containerd_config.h"

#include <gtest/gtest.h>

namespace wisp::worker {
namespace {

ContainerdConfig Sample() {
  ContainerdConfig c;
  c.root = "/data/containerd";
  c.state = "/run/wisp/containerd";
  c.address = "/run/wisp/containerd/containerd.sock";
  c.sandbox_image = "localhost/wisp/pause:abc";
  c.snapshotter = "native";
  c.cni_bin_dir = "/usr/lib/cni";
  c.cni_conf_dir = "/data/cni/net.d";
  c.registry_config_path = "/data/containerd/certs.d";
  return c;
}

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(ContainerdConfigTest, PutsEverythingUnderWispDirs) {
  std::string toml = RenderContainerdConfig(Sample());
  EXPECT_TRUE(Has(toml, "version = 2\n"));
  EXPECT_TRUE(Has(toml, "root = \"/data/containerd\"\n"));
  EXPECT_TRUE(Has(toml, "state = \"/run/wisp/containerd\"\n"));
  EXPECT_TRUE(Has(toml, "[grpc]\n  address = \"/run/wisp/containerd/containerd.sock\"\n"));
  EXPECT_FALSE(Has(toml, "/var/lib/containerd"));
  EXPECT_FALSE(Has(toml, "\"/run/containerd"));
}

TEST(ContainerdConfigTest, ConfiguresTheCriPlugin) {
  std::string toml = RenderContainerdConfig(Sample());
  EXPECT_TRUE(Has(toml, "sandbox_image = \"localhost/wisp/pause:abc\""));
  EXPECT_TRUE(Has(toml, "snapshotter = \"native\""));
  EXPECT_TRUE(Has(toml, "netns_mounts_under_state_dir = true"));
  EXPECT_TRUE(Has(toml, "restrict_oom_score_adj = false"));
  EXPECT_TRUE(Has(toml, "Root = \"/run/wisp/containerd/runc\""));
  EXPECT_TRUE(Has(toml, "bin_dir = \"/usr/lib/cni\""));
  EXPECT_TRUE(Has(toml, "conf_dir = \"/data/cni/net.d\""));
  EXPECT_TRUE(Has(toml, ".registry]\n  config_path = \"/data/containerd/certs.d\""));
  EXPECT_TRUE(Has(toml, "runtime_type = \"io.containerd.runc.v2\""));
  EXPECT_TRUE(Has(toml, "SystemdCgroup = false"));
  ContainerdConfig c = Sample();
  c.systemd_cgroup = true;
  EXPECT_TRUE(Has(RenderContainerdConfig(c), "SystemdCgroup = true"));
}

TEST(ContainerdConfigTest, EscapesStrings) {
  EXPECT_EQ(TomlString("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
  EXPECT_EQ(TomlString(std::string("\x01", 1)), "\"\\u0001\"");
  ContainerdConfig c = Sample();
  c.root = "/data/we\"ird";
  EXPECT_TRUE(Has(RenderContainerdConfig(c), "root = \"/data/we\\\"ird\""));
}

}  // namespace
}  // namespace wisp::worker
