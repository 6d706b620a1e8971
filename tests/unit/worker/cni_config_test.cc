#include "wisp/worker/cni_config.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace wisp::worker {
namespace {

TEST(CniConfigTest, StandaloneSubnetIsTheFirstSlash24) {
  EXPECT_EQ(*StandaloneNodeSubnet("10.244.0.0/16"), "10.244.0.0/24");
  EXPECT_EQ(*StandaloneNodeSubnet("10.244.7.9/16"), "10.244.0.0/24");
  EXPECT_EQ(*StandaloneNodeSubnet("172.16.5.0/24"), "172.16.5.0/24");
  EXPECT_EQ(*StandaloneNodeSubnet("192.168.1.130/26"), "192.168.1.128/26");
  EXPECT_EQ(*StandaloneNodeSubnet("10.0.0.0/8"), "10.0.0.0/24");
}

TEST(CniConfigTest, BadCidrsNameTheValue) {
  for (const char* bad :
       {"10.244.0.0", "10.244.0.0/33", "10.244.0.0/x", "fd00::/48", "10.244.0/16", "/16"}) {
    auto st = StandaloneNodeSubnet(bad).status();
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(st.message().find(bad), absl::string_view::npos) << st;
  }
}

TEST(CniConfigTest, ConflistChainsBridgeWithHostLocalAndPortmap) {
  CniNetwork n;
  n.subnet = "10.244.0.0/24";
  n.ipam_dir = "/data/cni/networks";
  auto conf = nlohmann::json::parse(RenderCniConflist(n));
  EXPECT_EQ(conf["cniVersion"], "1.0.0");
  EXPECT_EQ(conf["name"], "wisp");
  ASSERT_EQ(conf["plugins"].size(), 2u);
  const auto& bridge = conf["plugins"][0];
  EXPECT_EQ(bridge["type"], "bridge");
  EXPECT_EQ(bridge["bridge"], "wisp0");
  EXPECT_EQ(bridge["isGateway"], true);
  EXPECT_EQ(bridge["ipMasq"], false);  // the worker masquerades once per node
  EXPECT_EQ(bridge["ipam"]["type"], "host-local");
  EXPECT_EQ(bridge["ipam"]["ranges"][0][0]["subnet"], "10.244.0.0/24");
  EXPECT_EQ(bridge["ipam"]["dataDir"], "/data/cni/networks");
  EXPECT_EQ(conf["plugins"][1]["type"], "portmap");
  EXPECT_EQ(conf["plugins"][1]["capabilities"]["portMappings"], true);
}

}  // namespace
}  // namespace wisp::worker
