#include "wisp/tls/sans.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace wisp::tls {
namespace {

TEST(SansTest, CanonicalIp) {
  EXPECT_EQ(*CanonicalIp("10.0.0.1"), "10.0.0.1");
  EXPECT_EQ(*CanonicalIp("::0:1"), "::1");
  EXPECT_EQ(*CanonicalIp("2001:DB8:0:0::1"), "2001:db8::1");
  EXPECT_EQ(CanonicalIp("10.0.0").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(CanonicalIp("example.com").ok());
}

TEST(SansTest, DnsNameSyntax) {
  EXPECT_TRUE(IsValidDnsName("kubernetes.default.svc.cluster.local"));
  EXPECT_TRUE(IsValidDnsName("*.apps.example.com"));
  EXPECT_TRUE(IsValidDnsName("node_1"));
  EXPECT_FALSE(IsValidDnsName(""));
  EXPECT_FALSE(IsValidDnsName("a..b"));
  EXPECT_FALSE(IsValidDnsName("trailing."));
  EXPECT_FALSE(IsValidDnsName("-lead.example"));
  EXPECT_FALSE(IsValidDnsName("has space"));
  EXPECT_FALSE(IsValidDnsName("a,DNS:b"));
  EXPECT_FALSE(IsValidDnsName(std::string(64, 'a')));
  EXPECT_FALSE(IsValidDnsName("a.*.example"));
}

TEST(SansTest, ClassifySplitsCanonicalizesAndDeduplicates) {
  absl::StatusOr<SubjectAltNames> sans =
      ClassifySans({"API.Example.com", "10.0.0.1", "::0:1", "api.example.com", "::1", "node"});
  ASSERT_TRUE(sans.ok()) << sans.status();
  EXPECT_EQ(sans->dns_names, (std::vector<std::string>{"api.example.com", "node"}));
  EXPECT_EQ(sans->ip_addresses, (std::vector<std::string>{"10.0.0.1", "::1"}));
  absl::Status st = ClassifySans({"ok", "bad name"}).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("\"bad name\""), absl::string_view::npos) << st;
}

TEST(SansTest, FirstServiceIp) {
  EXPECT_EQ(*FirstServiceIp("10.96.0.0/12"), "10.96.0.1");
  EXPECT_EQ(*FirstServiceIp("10.43.0.0/16"), "10.43.0.1");
  EXPECT_EQ(*FirstServiceIp("10.96.7.9/12"), "10.96.0.1");  // Host bits ignored.
  EXPECT_EQ(*FirstServiceIp("fd00:10:96::/108"), "fd00:10:96::1");
  EXPECT_EQ(*FirstServiceIp("192.168.0.0/30"), "192.168.0.1");
  for (const char* bad : {"10.96.0.0", "10.96.0.0/33", "10.0.0.0/32", "10.0.0.0/31", "x/12",
                          "10.0.0.0/", "10.0.0.0/1a", "::/129"}) {
    EXPECT_EQ(FirstServiceIp(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(SansTest, HostIdentity) {
  absl::StatusOr<std::string> name = HostName();
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_FALSE(name->empty());
  absl::StatusOr<std::vector<std::string>> addrs = HostAddresses();
  ASSERT_TRUE(addrs.ok()) << addrs.status();
  for (const std::string& a : *addrs) {
    EXPECT_NE(a, "127.0.0.1");
    EXPECT_NE(a, "::1");
    EXPECT_NE(a.rfind("fe80:", 0), 0u) << a;
    EXPECT_EQ(*CanonicalIp(a), a);
    EXPECT_EQ(std::count(addrs->begin(), addrs->end(), a), 1);
  }
}

}  // namespace
}  // namespace wisp::tls
