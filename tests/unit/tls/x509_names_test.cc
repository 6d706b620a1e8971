#include "tls/x509_names.h"

#include <gtest/gtest.h>

namespace wisp::tls::internal {
namespace {

TEST(X509NamesTest, SubjectPutsOrganizationsBeforeCommonName) {
  absl::StatusOr<X509NamePtr> name = MakeSubjectName("alice", {"dev", "ops"});
  ASSERT_TRUE(name.ok()) << name.status();
  char buf[128];
  X509_NAME_oneline(name->get(), buf, sizeof buf);
  EXPECT_STREQ(buf, "/O=dev/O=ops/CN=alice");
  EXPECT_EQ(NameEntries(name->get(), NID_organizationName),
            (std::vector<std::string>{"dev", "ops"}));
  EXPECT_EQ(NameEntries(name->get(), NID_commonName), std::vector<std::string>{"alice"});
  EXPECT_TRUE(NameEntries(name->get(), NID_countryName).empty());
}

TEST(X509NamesTest, Utf8NamesSurvive) {
  absl::StatusOr<X509NamePtr> name = MakeSubjectName("Zoë", {});
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(NameEntries(name->get(), NID_commonName), std::vector<std::string>{"Zoë"});
}

TEST(X509NamesTest, GeneralNamesRoundTrip) {
  absl::StatusOr<GeneralNamesPtr> names =
      MakeGeneralNames({"a.example", "b"}, {"192.0.2.1", "2001:db8::2"});
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_EQ(sk_GENERAL_NAME_num(names->get()), 4);
  std::vector<std::string> dns, ips;
  ASSERT_TRUE(ReadGeneralNames(names->get(), true, dns, ips).ok());
  EXPECT_EQ(dns, (std::vector<std::string>{"a.example", "b"}));
  EXPECT_EQ(ips, (std::vector<std::string>{"192.0.2.1", "2001:db8::2"}));
}

TEST(X509NamesTest, RejectsBadIpAndStrictlyRejectsOtherTypes) {
  absl::Status st = MakeGeneralNames({}, {"300.1.1.1"}).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("300.1.1.1"), absl::string_view::npos);

  GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  GENERAL_NAME* uri = GENERAL_NAME_new();
  ASN1_IA5STRING* s = ASN1_IA5STRING_new();
  ASN1_STRING_set(s, "spiffe://x", -1);
  GENERAL_NAME_set0_value(uri, GEN_URI, s);
  sk_GENERAL_NAME_push(names.get(), uri);
  std::vector<std::string> dns, ips;
  EXPECT_TRUE(ReadGeneralNames(names.get(), false, dns, ips).ok());
  EXPECT_TRUE(dns.empty() && ips.empty());
  EXPECT_EQ(ReadGeneralNames(names.get(), true, dns, ips).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wisp::tls::internal
