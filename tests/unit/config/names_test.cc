#include "config/names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wisp/base/strings.h"

namespace wisp::config::internal {
namespace {

std::string MessageOf(const absl::Status& status) {
  return std::string(base::ToStd(status.message()));
}

TEST(DnsLabelTest, AcceptsRfc1123Labels) {
  for (const std::string& good :
       std::vector<std::string>{"wisp", "a", "prod-1", "0abc", std::string(63, 'a')}) {
    EXPECT_TRUE(CheckDnsLabel(good).ok()) << good;
  }
}

TEST(DnsLabelTest, RejectsOtherNames) {
  for (const std::string& bad :
       std::vector<std::string>{"", "Wisp", "-a", "a-", "a.b", "a_b", std::string(64, 'a')}) {
    EXPECT_FALSE(CheckDnsLabel(bad).ok()) << bad;
  }
  EXPECT_NE(MessageOf(CheckDnsLabel("My_Cluster")).find("\"My_Cluster\" is not a DNS label"),
            std::string::npos);
}

TEST(DnsSubdomainTest, AcceptsDottedLabels) {
  for (const char* good : {"cluster.local", "a.b.c", "local"}) {
    EXPECT_TRUE(CheckDnsSubdomain(good).ok()) << good;
  }
}

TEST(DnsSubdomainTest, RejectsOtherNames) {
  std::string too_long;
  for (int i = 0; i < 64; ++i) too_long += "abc.";
  too_long += "x";
  for (const std::string& bad :
       std::vector<std::string>{"", ".local", "cluster.", "cluster..local", "Cluster.local",
                                "cluster_local", too_long}) {
    EXPECT_FALSE(CheckDnsSubdomain(bad).ok()) << bad;
  }
}

TEST(DnsNameTest, IsCaseInsensitiveAndAllowsLeadingWildcardOnRequest) {
  EXPECT_TRUE(IsDnsName("API.Example.com", false));
  EXPECT_TRUE(IsDnsName("*.example.com", true));
  EXPECT_FALSE(IsDnsName("*.example.com", false));
  EXPECT_FALSE(IsDnsName("*", true));
  EXPECT_FALSE(IsDnsName("a.*.com", true));
  EXPECT_FALSE(IsDnsName("under_score.com", false));
  EXPECT_FALSE(IsDnsName("", false));
}

TEST(ImageReferenceTest, AcceptsTheReferenceGrammar) {
  for (const char* good :
       {"wisp.local/pause:3.10", "busybox", "library/busybox:1.36", "registry.k8s.io/pause:3.9",
        "localhost:5000/team/app:v1", "10.0.0.1:5000/app", "[fd00::1]:5000/app",
        "ghcr.io/org/some_repo__x/app-name.v2:Tag_1.0",
        "docker.io/library/busybox@sha256:"
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "app:1@sha256:0123456789abcdef0123456789abcdef"}) {
    EXPECT_TRUE(CheckImageReference(good).ok())
        << good << ": " << MessageOf(CheckImageReference(good));
  }
}

TEST(ImageReferenceTest, RejectsMalformedReferences) {
  for (const char* bad :
       {"", "Busybox", "busybox:", "busybox:-tag", "busybox@sha256:abc", "a//b", "/app", "app/",
        "app:tag with space", "registry:99999/app", "bad_host.io:x/app",
        "app--@sha256:0123456789abcdef0123456789abcdef", "a..b"}) {
    EXPECT_FALSE(CheckImageReference(bad).ok()) << bad;
  }
  EXPECT_NE(
      MessageOf(CheckImageReference("Pause:3.10")).find("invalid image reference \"Pause:3.10\""),
      std::string::npos);
}

TEST(FlagNameTest, AcceptsBareFlagNames) {
  for (const char* good : {"v", "feature-gates", "max_pods", "log.level", "a1"}) {
    EXPECT_TRUE(CheckFlagName(good).ok()) << good;
  }
}

TEST(FlagNameTest, RejectsDashesAndOddCharacters) {
  EXPECT_EQ(MessageOf(CheckFlagName("--v")),
            "flag name \"--v\" must not start with '-'; write \"v\"");
  for (const char* bad : {"", "-", "a=b", "a b", "_x"}) {
    EXPECT_FALSE(CheckFlagName(bad).ok()) << bad;
  }
}

TEST(AbsolutePathTest, RequiresLeadingSlash) {
  EXPECT_TRUE(CheckAbsolutePath("/var/lib/wisp/db").ok());
  EXPECT_EQ(MessageOf(CheckAbsolutePath("db/state.db")), "\"db/state.db\" is not an absolute path");
  EXPECT_FALSE(CheckAbsolutePath("").ok());
  EXPECT_FALSE(CheckAbsolutePath("/a\nb").ok());
}

}  // namespace
}  // namespace wisp::config::internal
