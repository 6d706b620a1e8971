#include "apiserver/authn.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace wisp::apiserver {
namespace {

std::string TempFile(const std::string& text) {
  char tmpl[] = "/tmp/wisp-authn-XXXXXX";
  int fd = mkstemp(tmpl);
  close(fd);
  std::ofstream(tmpl) << text;
  return tmpl;
}

net::HttpRequest WithBearer(const std::string& token) {
  net::HttpRequest r;
  r.headers.Set("Authorization", "Bearer " + token);
  return r;
}

TEST(AuthenticatorTest, StaticTokensMapToUsersAndGroups) {
  std::string f = TempFile("# comment\nsecret1,alice,1,\"dev,ops\"\nsecret2,bob,2\n");
  auto a = Authenticator::Load(f);
  unlink(f.c_str());
  ASSERT_TRUE(a.ok()) << a.status();
  auto alice = a->Authenticate(WithBearer("secret1"));
  ASSERT_TRUE(alice.has_value());
  EXPECT_EQ(alice->name, "alice");
  EXPECT_EQ(alice->groups, (std::vector<std::string>{"dev", "ops", "system:authenticated"}));
  auto bob = a->Authenticate(WithBearer("secret2"));
  ASSERT_TRUE(bob.has_value());
  EXPECT_EQ(bob->name, "bob");
  EXPECT_FALSE(a->Authenticate(WithBearer("secret3")).has_value());
  EXPECT_FALSE(a->Authenticate(WithBearer("secret")).has_value());
}

TEST(AuthenticatorTest, MalformedTokenFileNamesTheLine) {
  std::string f = TempFile("ok,user,1\nbroken\n");
  auto a = Authenticator::Load(f);
  unlink(f.c_str());
  ASSERT_FALSE(a.ok());
  EXPECT_NE(std::string(a.status().message()).find(":2:"), std::string::npos) << a.status();
}

TEST(AuthenticatorTest, ClientCertificateIdentity) {
  auto a = Authenticator::Load("");
  ASSERT_TRUE(a.ok());
  net::HttpRequest r;
  r.peer_identity = net::PeerIdentity{"admin", {"system:masters"}};
  auto u = a->Authenticate(r);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->name, "admin");
  EXPECT_TRUE(MayWrite(*u));
  net::HttpRequest anon;
  EXPECT_FALSE(a->Authenticate(anon).has_value());
}

TEST(AuthenticatorTest, BadBearerIsNotDowngradedToTheCertificate) {
  auto a = Authenticator::Load("");
  ASSERT_TRUE(a.ok());
  net::HttpRequest r = WithBearer("nope");
  r.peer_identity = net::PeerIdentity{"admin", {"system:masters"}};
  EXPECT_FALSE(a->Authenticate(r).has_value());
}

TEST(AuthenticatorTest, PublicPathsAndWriteRule) {
  EXPECT_TRUE(IsPublicPath("/healthz"));
  EXPECT_TRUE(IsPublicPath("/readyz/etcd"));
  EXPECT_TRUE(IsPublicPath("/version"));
  EXPECT_FALSE(IsPublicPath("/versionx"));
  EXPECT_FALSE(IsPublicPath("/api/v1/pods"));
  EXPECT_FALSE(MayWrite(UserInfo{"bob", {"system:authenticated"}}));
  EXPECT_TRUE(IsWriteVerb("patch"));
  EXPECT_FALSE(IsWriteVerb("watch"));
}

}  // namespace
}  // namespace wisp::apiserver

namespace wisp::apiserver {
namespace {

TEST(ImpersonationTest, MastersMayActAsOthersAndOthersMayNot) {
  const UserInfo admin{"admin", {"system:masters", "system:authenticated"}};
  const UserInfo alice{"alice", {"devs", "system:authenticated"}};
  net::HttpRequest plain;
  apimachinery::ApiError error;
  auto same = Impersonate(plain, alice, &error);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->name, "alice");

  net::HttpRequest as_bob;
  as_bob.headers.Add("Impersonate-User", "bob");
  as_bob.headers.Add("Impersonate-Group", "ops");
  as_bob.headers.Add("impersonate-group", "qa");
  auto bob = Impersonate(as_bob, admin, &error);
  ASSERT_TRUE(bob.ok());
  EXPECT_EQ(bob->name, "bob");
  EXPECT_EQ(bob->groups, (std::vector<std::string>{"ops", "qa", "system:authenticated"}));

  EXPECT_FALSE(Impersonate(as_bob, alice, &error).ok());
  EXPECT_EQ(error.code, 403);
  EXPECT_EQ(
      error.message,
      "users \"bob\" is forbidden: User \"alice\" cannot impersonate resource \"users\" in API "
      "group \"\" at the cluster scope");

  net::HttpRequest as_sa;
  as_sa.headers.Add("Impersonate-User", "system:serviceaccount:kube-system:default");
  auto sa = Impersonate(as_sa, admin, &error);
  ASSERT_TRUE(sa.ok());
  EXPECT_EQ(sa->groups, (std::vector<std::string>{"system:serviceaccounts",
                                                  "system:serviceaccounts:kube-system",
                                                  "system:authenticated"}));

  net::HttpRequest groups_only;
  groups_only.headers.Add("Impersonate-Group", "system:masters");
  EXPECT_FALSE(Impersonate(groups_only, alice, &error).ok());
  EXPECT_EQ(error.code, 400);
}

}  // namespace
}  // namespace wisp::apiserver
