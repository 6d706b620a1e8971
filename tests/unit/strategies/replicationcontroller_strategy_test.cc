// ReplicationControllers: selector and labels default from the template,
// replicas default to 1, map-selector validation, Always restarts only, a
// mutable selector and upstream's zero status.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

Json Rc() {
  return J(R"({"apiVersion":"v1","kind":"ReplicationController",
      "metadata":{"name":"rc","namespace":"d"},
      "spec":{"template":{"metadata":{"labels":{"app":"web"}},
        "spec":{"containers":[{"name":"c","image":"nginx"}]}}}})");
}

TEST(ReplicationControllerStrategy, DefaultsSelectorLabelsAndReplicasFromTheTemplate) {
  auto s = NewReplicationControllerStrategy();
  Json rc = Rc();
  rc["status"] = J(R"({"replicas":3})");
  Causes causes = testing::Create(*s, rc);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(rc["spec"]["selector"], J(R"({"app":"web"})"));
  EXPECT_EQ(rc["metadata"]["labels"], J(R"({"app":"web"})"));
  EXPECT_EQ(rc["spec"]["replicas"], 1);
  EXPECT_EQ(rc["metadata"]["generation"], 1);
  EXPECT_EQ(rc["status"], J(R"({"replicas":0})"));
  EXPECT_EQ(rc["spec"]["template"]["spec"]["restartPolicy"], "Always");

  Json own = Rc();
  own["metadata"]["labels"] = J(R"({"tier":"x"})");
  own["spec"]["selector"] = J(R"({"app":"web"})");
  own["spec"]["replicas"] = 0;
  s->Default(own);
  EXPECT_EQ(own["metadata"]["labels"], J(R"({"tier":"x"})"));
  EXPECT_EQ(own["spec"]["replicas"], 0);
}

TEST(ReplicationControllerStrategy, ValidatesSelectorTemplateAndRestartPolicy) {
  auto s = NewReplicationControllerStrategy();
  Json mismatch = Rc();
  mismatch["spec"]["selector"] = J(R"({"app":"db"})");
  EXPECT_TRUE(HasCause(testing::Create(*s, mismatch), "spec.template.metadata.labels",
                       "FieldValueInvalid", "`selector` does not match template `labels`"));

  Json unlabeled = Rc();
  unlabeled["spec"]["template"]["metadata"].erase("labels");
  Causes causes = testing::Create(*s, unlabeled);
  EXPECT_TRUE(HasCause(causes, "spec.selector", "FieldValueRequired"));

  Json no_template = J(R"({"metadata":{"name":"rc","namespace":"d"},
      "spec":{"selector":{"a":"b"}}})");
  EXPECT_TRUE(HasCause(testing::Create(*s, no_template), "spec.template", "FieldValueRequired"));

  Json never = Rc();
  never["spec"]["template"]["spec"]["restartPolicy"] = "Never";
  EXPECT_TRUE(HasCause(testing::Create(*s, never), "spec.template.spec.restartPolicy",
                       "FieldValueNotSupported", "supported values: \"Always\""));

  Json deadline = Rc();
  deadline["spec"]["template"]["spec"]["activeDeadlineSeconds"] = 5;
  EXPECT_TRUE(HasCause(testing::Create(*s, deadline), "spec.template.spec.activeDeadlineSeconds",
                       "FieldValueForbidden", "not Supported"));

  Json negative = Rc();
  negative["spec"]["replicas"] = -1;
  EXPECT_TRUE(HasCause(testing::Create(*s, negative), "spec.replicas", "FieldValueInvalid",
                       "must be greater than or equal to 0"));
}

TEST(ReplicationControllerStrategy, SelectorMayChange) {
  auto s = NewReplicationControllerStrategy();
  Json old = Rc();
  ASSERT_TRUE(testing::Create(*s, old).empty());
  Json updated = old;
  updated["spec"]["selector"] = J(R"({"app":"web","x":"y"})");
  updated["spec"]["template"]["metadata"]["labels"]["x"] = "y";
  Causes causes = testing::Update(*s, updated, old);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

}  // namespace
}  // namespace wisp::strategies
