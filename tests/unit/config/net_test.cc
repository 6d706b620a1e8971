#include "config/net.h"

#include <gtest/gtest.h>

#include <string>

#include "wisp/base/strings.h"

namespace wisp::config::internal {
namespace {

std::string MessageOf(const absl::Status& status) {
  return std::string(base::ToStd(status.message()));
}

Cidr MustParseCidr(std::string_view text) {
  absl::StatusOr<Cidr> cidr = ParseCidr(text);
  EXPECT_TRUE(cidr.ok()) << text << ": " << MessageOf(cidr.status());
  return cidr.ok() ? *cidr : Cidr{};
}

TEST(ParseIpTest, AcceptsIpv4AndIpv6) {
  std::optional<IpAddress> v4 = ParseIp("10.1.2.3");
  ASSERT_TRUE(v4.has_value());
  EXPECT_EQ(v4->family, 4);
  EXPECT_EQ(v4->ToString(), "10.1.2.3");
  std::optional<IpAddress> v6 = ParseIp("fd00::1");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->family, 6);
  EXPECT_EQ(v6->ToString(), "fd00::1");
  EXPECT_TRUE(ParseIp("::ffff:10.0.0.1").has_value());
}

TEST(ParseIpTest, RejectsMalformedAddresses) {
  for (const char* bad : {"", "10.0.0", "10.0.0.256", "010.0.0.1", "10.0.0.1 ", "fe80::1%eth0",
                          "fd00:::1", "host.example", "1.2.3.4/32"}) {
    EXPECT_FALSE(ParseIp(bad).has_value()) << bad;
  }
}

TEST(ParseIpTest, KnowsUnspecifiedAddresses) {
  EXPECT_TRUE(ParseIp("0.0.0.0")->IsUnspecified());
  EXPECT_TRUE(ParseIp("::")->IsUnspecified());
  EXPECT_FALSE(ParseIp("10.0.0.1")->IsUnspecified());
}

TEST(ParseCidrTest, AcceptsBothFamilies) {
  Cidr v4 = MustParseCidr("10.244.0.0/16");
  EXPECT_EQ(v4.base.family, 4);
  EXPECT_EQ(v4.prefix, 16);
  EXPECT_EQ(v4.ToString(), "10.244.0.0/16");
  Cidr v6 = MustParseCidr("fd00:10:96::/112");
  EXPECT_EQ(v6.base.family, 6);
  EXPECT_EQ(v6.prefix, 112);
  MustParseCidr("0.0.0.0/0");
  MustParseCidr("10.0.0.1/32");
  MustParseCidr("::/0");
}

TEST(ParseCidrTest, PrefixLengthOutOfRangeNamesTheLimit) {
  absl::StatusOr<Cidr> cidr = ParseCidr("10.0.0.0/33");
  ASSERT_FALSE(cidr.ok());
  EXPECT_EQ(MessageOf(cidr.status()), "invalid CIDR \"10.0.0.0/33\": prefix length must be 0..32");
  EXPECT_EQ(MessageOf(ParseCidr("fd00::/129").status()),
            "invalid CIDR \"fd00::/129\": prefix length must be 0..128");
}

TEST(ParseCidrTest, RejectsMalformedText) {
  EXPECT_NE(MessageOf(ParseCidr("10.0.0.0").status()).find("missing \"/<prefix length>\""),
            std::string::npos);
  EXPECT_NE(MessageOf(ParseCidr("10.0.0/8").status()).find("is not an IPv4 or IPv6 address"),
            std::string::npos);
  for (const char* bad : {"10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/8/8",
                          "/8", "10.0.0.0/ 8"}) {
    EXPECT_FALSE(ParseCidr(bad).ok()) << bad;
  }
}

TEST(ParseCidrTest, HostBitsSetSuggestsTheNetwork) {
  absl::StatusOr<Cidr> cidr = ParseCidr("10.244.1.0/16");
  ASSERT_FALSE(cidr.ok());
  EXPECT_EQ(MessageOf(cidr.status()),
            "invalid CIDR \"10.244.1.0/16\": host bits are set; did you mean \"10.244.0.0/16\"?");
  EXPECT_FALSE(ParseCidr("fd00::1/64").ok());
}

TEST(OverlapsTest, DetectsContainmentAndDisjointRanges) {
  EXPECT_TRUE(Overlaps(MustParseCidr("10.0.0.0/8"), MustParseCidr("10.96.0.0/12")));
  EXPECT_TRUE(Overlaps(MustParseCidr("10.96.0.0/12"), MustParseCidr("10.0.0.0/8")));
  EXPECT_TRUE(Overlaps(MustParseCidr("10.1.0.0/16"), MustParseCidr("10.1.0.0/16")));
  EXPECT_FALSE(Overlaps(MustParseCidr("10.244.0.0/16"), MustParseCidr("10.96.0.0/12")));
  EXPECT_FALSE(Overlaps(MustParseCidr("10.0.0.0/24"), MustParseCidr("10.0.1.0/24")));
  EXPECT_TRUE(Overlaps(MustParseCidr("fd00::/48"), MustParseCidr("fd00:0:0:1::/64")));
  EXPECT_FALSE(Overlaps(MustParseCidr("fd00::/64"), MustParseCidr("fd01::/64")));
}

TEST(OverlapsTest, DifferentFamiliesNeverOverlap) {
  EXPECT_FALSE(Overlaps(MustParseCidr("0.0.0.0/0"), MustParseCidr("::/0")));
}

TEST(ParsePortTest, AcceptsOneTo65535Only) {
  EXPECT_EQ(ParsePort("1"), 1);
  EXPECT_EQ(ParsePort("65535"), 65535);
  for (const char* bad : {"0", "65536", "", "-1", "+80", "80a", "999999999999"}) {
    EXPECT_FALSE(ParsePort(bad).has_value()) << bad;
  }
}

TEST(CheckEndpointUrlTest, AcceptsHttpAndHttpsHostPort) {
  for (const char* good : {"https://10.0.0.1:2379", "http://127.0.0.1:2379",
                           "https://etcd-0.example.com:2379", "https://[fd00::1]:2379"}) {
    EXPECT_TRUE(CheckEndpointUrl(good).ok()) << good << ": " << MessageOf(CheckEndpointUrl(good));
  }
}

TEST(CheckEndpointUrlTest, RejectsOtherShapes) {
  EXPECT_EQ(MessageOf(CheckEndpointUrl("10.0.0.1:2379")),
            "invalid URL \"10.0.0.1:2379\": must start with http:// or https://");
  EXPECT_NE(MessageOf(CheckEndpointUrl("https://10.0.0.1")).find("missing :port"),
            std::string::npos);
  EXPECT_NE(MessageOf(CheckEndpointUrl("https://fd00::1:2379")).find("in brackets"),
            std::string::npos);
  for (const char* bad : {"https://", "https://10.0.0.1:0", "https://10.0.0.1:2379/v3",
                          "https://user:pw@10.0.0.1:2379", "https://bad_host:2379",
                          "unix:///run/etcd.sock", "https://[10.0.0.1]:2379", "https://[fd00::1"}) {
    EXPECT_FALSE(CheckEndpointUrl(bad).ok()) << bad;
  }
}

TEST(CheckGitUrlTest, AcceptsUrlsAndScpLikeRemotes) {
  for (const char* good :
       {"https://github.com/org/repo.git", "ssh://git@host/repo", "git://host/repo",
        "file:///srv/git/repo", "git@github.com:org/repo.git", "host.example:repo"}) {
    EXPECT_TRUE(CheckGitUrl(good).ok()) << good << ": " << MessageOf(CheckGitUrl(good));
  }
}

TEST(CheckGitUrlTest, RejectsOtherShapes) {
  for (const char* bad : {"", "repo", "ftp://host/repo", "https://",
                          "git@github.com:", "-uoption:x", "https://host/with space"}) {
    EXPECT_FALSE(CheckGitUrl(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace wisp::config::internal
