// RBAC: policy rules, bindings and path-segment names.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(RbacStrategy, RulesNeedVerbsGroupsAndResources) {
  auto s = NewRoleStrategy();
  Json role = J(R"({"metadata":{"name":"system:reader","namespace":"d"},"rules":[
      {"apiGroups":[""],"resources":["pods"],"verbs":["get"]},
      {"resources":["pods"]},
      {"nonResourceURLs":["/healthz"],"verbs":["get"]}]})");
  Causes causes = testing::Create(*s, role);
  EXPECT_TRUE(HasCause(causes, "rules[1].verbs", "FieldValueRequired",
                       "verbs must contain at least one value"));
  EXPECT_TRUE(HasCause(causes, "rules[1].apiGroups", "FieldValueRequired",
                       "resource rules must supply at least one api group"));
  EXPECT_TRUE(HasCause(causes, "rules[2].nonResourceURLs", "FieldValueInvalid",
                       "namespaced rules cannot apply to non-resource URLs"));
  EXPECT_FALSE(HasCause(causes, "metadata.name", "FieldValueInvalid"));
  auto cluster = NewClusterRoleStrategy();
  Json cr =
      J(R"({"metadata":{"name":"x"},"rules":[{"nonResourceURLs":["/healthz"],"verbs":["get"]}]})");
  EXPECT_TRUE(testing::Create(*cluster, cr).empty());
}

TEST(RbacStrategy, BindingsDefaultSubjectGroupAndKeepRoleRef) {
  auto s = NewClusterRoleBindingStrategy();
  Json crb = J(R"({"metadata":{"name":"admins"},
      "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"},
      "subjects":[{"kind":"User","name":"alice"},{"kind":"ServiceAccount","name":"sa"}]})");
  Causes causes = testing::Create(*s, crb);
  EXPECT_EQ(crb["subjects"][0]["apiGroup"], "rbac.authorization.k8s.io");
  EXPECT_TRUE(HasCause(causes, "subjects[1].namespace", "FieldValueRequired"));
  Json changed = crb;
  changed["roleRef"]["name"] = "view";
  EXPECT_TRUE(HasCause(testing::Update(*s, changed, crb), "roleRef", "FieldValueInvalid",
                       "Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", "
                       "Kind:\"ClusterRole\", Name:\"view\"}: cannot change roleRef"));
  Json role_ref = crb;
  role_ref["roleRef"]["kind"] = "Role";
  EXPECT_TRUE(HasCause(testing::Create(*s, role_ref), "roleRef.kind", "FieldValueNotSupported"));
}

}  // namespace
}  // namespace wisp::strategies
