// The generic strategy: status/spec separation, generation tracking and
// metadata validation, driven by the traits.
#include "wisp/strategies/strategy.h"

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

const Strategy kWithStatus({.namespaced = true, .has_status = true, .has_generation = true});
const Strategy kPlain({.namespaced = true, .has_status = false, .has_generation = false});

Json Widget() {
  return J(R"({"apiVersion":"example.com/v1","kind":"Widget",
      "metadata":{"name":"w","namespace":"default","labels":{"a":"b"}},
      "spec":{"size":1},"status":{"ready":true}})");
}

TEST(GenericStrategy, CreateDropsStatusAndStartsGenerationAtOne) {
  Json obj = Widget();
  kWithStatus.PrepareForCreate(obj);
  EXPECT_FALSE(obj.contains("status"));
  EXPECT_EQ(obj["metadata"]["generation"], 1);
}

TEST(GenericStrategy, WithoutStatusSubresourceStatusIsPlainData) {
  Json obj = Widget();
  kPlain.PrepareForCreate(obj);
  EXPECT_EQ(obj["status"], J(R"({"ready":true})"));
  EXPECT_FALSE(obj["metadata"].contains("generation"));
}

TEST(GenericStrategy, GenerationBumpsOnSpecChangeOnly) {
  Json old = Widget();
  kWithStatus.PrepareForCreate(old);
  old["status"] = J(R"({"ready":false})");

  Json labels_only = old;
  labels_only["metadata"]["labels"]["c"] = "d";
  kWithStatus.PrepareForUpdate(labels_only, old);
  EXPECT_EQ(labels_only["metadata"]["generation"], 1);

  Json status_only = old;
  status_only["status"] = J(R"({"ready":true})");
  kWithStatus.PrepareForUpdate(status_only, old);
  EXPECT_EQ(status_only["metadata"]["generation"], 1);
  EXPECT_EQ(status_only["status"], J(R"({"ready":false})")) << "status comes from old";

  Json spec_change = old;
  spec_change["spec"]["size"] = 2;
  kWithStatus.PrepareForUpdate(spec_change, old);
  EXPECT_EQ(spec_change["metadata"]["generation"], 2);
}

TEST(GenericStrategy, StatusUpdateTakesEverythingElseFromOld) {
  Json old = Widget();
  old["metadata"]["resourceVersion"] = "7";
  Json obj = old;
  obj["metadata"]["resourceVersion"] = "8";
  obj["metadata"]["labels"] = J(R"({"x":"y"})");
  obj["spec"]["size"] = 99;
  obj["status"] = J(R"({"ready":false,"replicas":3})");
  kWithStatus.PrepareForStatusUpdate(obj, old);
  EXPECT_EQ(obj["spec"]["size"], 1);
  EXPECT_EQ(obj["metadata"]["labels"], J(R"({"a":"b"})"));
  EXPECT_EQ(obj["metadata"]["resourceVersion"], "8");
  EXPECT_EQ(obj["status"], J(R"({"ready":false,"replicas":3})"));
}

TEST(GenericStrategy, ValidatesNameAsDnsSubdomainByDefault) {
  Json obj = Widget();
  obj["metadata"]["name"] = "Not_Valid";
  EXPECT_TRUE(HasCause(kPlain.ValidateCreate(obj), "metadata.name", "FieldValueInvalid"));
  obj["metadata"]["name"] = "a.b-c";
  Causes causes = kPlain.ValidateCreate(obj);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(GenericStrategy, LabelRulesPickTheValidator) {
  const Strategy label({.namespaced = false, .name_rule = NameRule::kDns1123Label});
  Json obj = J(R"({"metadata":{"name":"a.b"}})");
  EXPECT_TRUE(HasCause(label.ValidateCreate(obj), "metadata.name", "FieldValueInvalid"));
  const Strategy dns1035({.namespaced = false, .name_rule = NameRule::kDns1035Label});
  obj = J(R"({"metadata":{"name":"1abc"}})");
  EXPECT_TRUE(HasCause(dns1035.ValidateCreate(obj), "metadata.name", "FieldValueInvalid"));
}

TEST(GenericStrategy, UpdateChecksImmutableMetadata) {
  Json old = Widget();
  old["metadata"]["uid"] = "u1";
  Json obj = old;
  obj["metadata"]["uid"] = "u2";
  EXPECT_TRUE(HasCause(kPlain.ValidateUpdate(obj, old), "metadata.uid", "FieldValueInvalid"));
}

TEST(GenericStrategy, DeletesAtOnceAndToleratesGarbage) {
  EXPECT_EQ(kPlain.GracePeriodSeconds(Widget()), 0);
  EXPECT_EQ(kPlain.GracePeriodSeconds(Widget(), 30), 0) << "no graceful deletion: asking is moot";
  Json garbage = J("[1,2,3]");
  EXPECT_NO_THROW(kWithStatus.Default(garbage));
  EXPECT_NO_THROW(kWithStatus.PrepareForCreate(garbage));
  EXPECT_NO_THROW(kWithStatus.PrepareForUpdate(garbage, J("\"x\"")));
  EXPECT_NO_THROW(kWithStatus.PrepareForStatusUpdate(garbage, J("null")));
  EXPECT_NO_THROW(kWithStatus.ValidateCreate(garbage));
  EXPECT_NO_THROW(kWithStatus.ValidateUpdate(garbage, J("{}")));
}

}  // namespace
}  // namespace wisp::strategies
