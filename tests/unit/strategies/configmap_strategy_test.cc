// ConfigMaps: keys, overlap, size and immutability.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(ConfigMapStrategy, ValidConfigMap) {
  auto s = NewConfigMapStrategy();
  Json cm = J(R"({"metadata":{"name":"c","namespace":"d"},"data":{"a.conf":"x"},
      "binaryData":{"b.bin":"AAEC"}})");
  Causes causes = testing::Create(*s, cm);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(ConfigMapStrategy, KeyRulesAndOverlap) {
  auto s = NewConfigMapStrategy();
  Json cm = J(R"({"metadata":{"name":"c","namespace":"d"},"data":{"x":"1","bad/key":"2"},
      "binaryData":{"x":"AA=="}})");
  Causes causes = testing::Create(*s, cm);
  EXPECT_TRUE(HasCause(causes, "data[bad/key]", "FieldValueInvalid"));
  EXPECT_TRUE(
      HasCause(causes, "data[x]", "FieldValueInvalid", "duplicate of key present in binaryData"));
}

TEST(ConfigMapStrategy, OverOneMebibyteIsTooLong) {
  auto s = NewConfigMapStrategy();
  Json cm = J(R"({"metadata":{"name":"c","namespace":"d"}})");
  cm["data"]["big"] = std::string(1024 * 1024 + 1, 'x');
  EXPECT_TRUE(HasCause(testing::Create(*s, cm), "[]", "FieldValueTooLong"));
  cm["data"]["big"] = std::string(1024 * 1024, 'x');
  EXPECT_TRUE(testing::Create(*s, cm).empty());
}

TEST(ConfigMapStrategy, ImmutableConfigMapsKeepTheirData) {
  auto s = NewConfigMapStrategy();
  Json old = J(R"({"metadata":{"name":"c","namespace":"d"},"immutable":true,"data":{"a":"1"}})");
  Json changed = old;
  changed["data"]["a"] = "2";
  EXPECT_TRUE(HasCause(testing::Update(*s, changed, old), "data", "FieldValueForbidden"));
  Json relabeled = old;
  relabeled["metadata"]["labels"] = J(R"({"x":"y"})");
  EXPECT_TRUE(testing::Update(*s, relabeled, old).empty());
}

}  // namespace
}  // namespace wisp::strategies
