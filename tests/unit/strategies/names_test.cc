// Name rules: port names, path segments and the rule dispatch.
#include "strategies/names.h"

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Names, PortNames) {
  EXPECT_THAT(IsValidPortName("http"), IsEmpty());
  EXPECT_THAT(IsValidPortName("web-8080"), IsEmpty());
  EXPECT_THAT(IsValidPortName("8080"), ElementsAre("must contain at least one letter (a-z)"));
  EXPECT_THAT(IsValidPortName("a--b"), ElementsAre("must not contain consecutive hyphens"));
  EXPECT_THAT(IsValidPortName("-ab"), ElementsAre("must not begin or end with a hyphen"));
  EXPECT_THAT(IsValidPortName("abcdefghijklmnop"),
              ElementsAre("must be no more than 15 characters"));
  EXPECT_THAT(IsValidPortName("HTTP"),
              ElementsAre("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                          "must contain at least one letter (a-z)"));
}

TEST(Names, PathSegments) {
  EXPECT_THAT(IsValidPathSegmentName("system:controller:x"), IsEmpty());
  EXPECT_THAT(IsValidPathSegmentName(".."), ElementsAre("may not be '..'"));
  EXPECT_THAT(IsValidPathSegmentName("a/b%c"),
              ElementsAre("may not contain '/'", "may not contain '%'"));
}

TEST(Names, RuleDispatch) {
  EXPECT_THAT(ValidateName(NameRule::kPathSegment, "Upper:Case"), IsEmpty());
  EXPECT_THAT(ValidateName(NameRule::kDns1123Subdomain, "a.b"), IsEmpty());
  EXPECT_THAT(ValidateName(NameRule::kDns1123Label, "a.b"), ::testing::Not(IsEmpty()));
  EXPECT_THAT(ValidateName(NameRule::kDns1035Label, "9a"), ::testing::Not(IsEmpty()));
}

}  // namespace
}  // namespace wisp::strategies
