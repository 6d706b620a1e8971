// Data keys, base64 sizes and `immutable`.
#include "strategies/data_keys.h"

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(DataKeys, KeysMustBeConfigMapKeys) {
  Causes causes;
  ValidateDataKeys(J(R"({"data":{"ok.key_1":"x","bad key":"y"}})"), "data", causes);
  ASSERT_EQ(causes.size(), 1u) << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "data[bad key]", "FieldValueInvalid"));
}

TEST(DataKeys, Base64) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("hello world"), "aGVsbG8gd29ybGQ=");
  EXPECT_EQ(Base64DecodedSize("Zg=="), 1u);
  EXPECT_EQ(Base64DecodedSize("Zm8="), 2u);
  EXPECT_EQ(Base64DecodedSize("Zm9v"), 3u);
}

TEST(DataKeys, ImmutableFreezesDataAndFlag) {
  Json old = J(R"({"immutable":true,"data":{"a":"1"}})");
  Causes ok;
  ValidateImmutableData(J(R"({"immutable":true,"data":{"a":"1"}})"), old, {"data"}, ok);
  EXPECT_TRUE(ok.empty());
  Causes causes;
  ValidateImmutableData(J(R"({"immutable":false,"data":{"a":"2"}})"), old, {"data"}, causes);
  EXPECT_TRUE(HasCause(causes, "immutable", "FieldValueForbidden",
                       "field is immutable when `immutable` is set"));
  EXPECT_TRUE(HasCause(causes, "data", "FieldValueForbidden"));
  Causes mutable_old;
  ValidateImmutableData(J(R"({"data":{"a":"2"}})"), J(R"({"data":{"a":"1"}})"), {"data"},
                        mutable_old);
  EXPECT_TRUE(mutable_old.empty());
}

}  // namespace
}  // namespace wisp::strategies
