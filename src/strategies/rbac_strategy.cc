// rbac.authorization.k8s.io/v1: Roles and ClusterRoles (policy rules) and
// their bindings (roleRef, subjects). Names are path segments.
#include <algorithm>
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

constexpr const char* kRbacGroup = "rbac.authorization.k8s.io";

void ValidatePolicyRule(const Json& rule, const std::string& path, bool namespaced,
                        Causes& causes) {
  if (Size(rule, "verbs") == 0) {
    causes.push_back(
        apimachinery::FieldRequired(Child(path, "verbs"), "verbs must contain at least one value"));
  }
  if (Size(rule, "nonResourceURLs") > 0) {
    const Json urls = ValueOr(rule, "nonResourceURLs");
    if (namespaced) {
      causes.push_back(
          apimachinery::FieldInvalid(Child(path, "nonResourceURLs"), urls,
                                     "namespaced rules cannot apply to non-resource URLs"));
    }
    if (Size(rule, "apiGroups") > 0 || Size(rule, "resources") > 0 ||
        Size(rule, "resourceNames") > 0) {
      causes.push_back(apimachinery::FieldInvalid(
          Child(path, "nonResourceURLs"), urls,
          "rules cannot apply to both regular resources and non-resource URLs"));
    }
    return;
  }
  if (Size(rule, "apiGroups") == 0) {
    causes.push_back(apimachinery::FieldRequired(
        Child(path, "apiGroups"), "resource rules must supply at least one api group"));
  }
  if (Size(rule, "resources") == 0) {
    causes.push_back(apimachinery::FieldRequired(
        Child(path, "resources"), "resource rules must supply at least one resource"));
  }
}

class RuleStrategy : public Strategy {
 public:
  explicit RuleStrategy(bool namespaced)
      : Strategy({.namespaced = namespaced, .name_rule = NameRule::kPathSegment}) {}

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json* rules = ArrayAt(obj, "rules");
    if (rules == nullptr) return;
    for (size_t i = 0; i < rules->size(); ++i) {
      ValidatePolicyRule((*rules)[i], Index("rules", i), traits().namespaced, causes);
    }
  }
};

class BindingStrategy : public Strategy {
 public:
  explicit BindingStrategy(bool namespaced)
      : Strategy({.namespaced = namespaced, .name_rule = NameRule::kPathSegment}) {}

  void Default(Json& obj) const override {
    Json* subjects = ArrayAt(obj, "subjects");
    if (subjects == nullptr) return;
    for (Json& s : *subjects) {
      std::string kind = Str(s, "kind");
      if (kind == "User" || kind == "Group") SetDefault(s, "apiGroup", kRbacGroup);
    }
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json ref = ValueOr(obj, "roleRef", Json::object());
    std::string group = Str(ref, "apiGroup");
    if (group != kRbacGroup) {
      causes.push_back(
          apimachinery::FieldNotSupported("roleRef.apiGroup", Json(group), {kRbacGroup}));
    }
    std::string kind = Str(ref, "kind");
    std::vector<std::string> kinds = traits().namespaced
                                         ? std::vector<std::string>{"Role", "ClusterRole"}
                                         : std::vector<std::string>{"ClusterRole"};
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      causes.push_back(apimachinery::FieldNotSupported("roleRef.kind", Json(kind), kinds));
    }
    if (Str(ref, "name").empty()) {
      causes.push_back(apimachinery::FieldRequired("roleRef.name", ""));
    }
    const Json* subjects = ArrayAt(obj, "subjects");
    if (subjects == nullptr) return;
    for (size_t i = 0; i < subjects->size(); ++i) {
      ValidateSubject((*subjects)[i], Index("subjects", i), causes);
    }
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    Json ref = ValueOr(obj, "roleRef");
    if (ref != ValueOr(old, "roleRef")) {
      // Upstream prints the new reference with %#v.
      const Json shown = ref.is_object() ? ref : Json::object();
      const std::string printed =
          base::StrCat("rbac.RoleRef{APIGroup:", Json(Str(shown, "apiGroup")).dump(),
                       ", Kind:", Json(Str(shown, "kind")).dump(),
                       ", Name:", Json(Str(shown, "name")).dump(), "}");
      causes.push_back(apimachinery::FieldInvalidGo("roleRef", printed, "cannot change roleRef"));
    }
  }

 private:
  void ValidateSubject(const Json& s, const std::string& path, Causes& causes) const {
    if (Str(s, "name").empty())
      causes.push_back(apimachinery::FieldRequired(Child(path, "name"), ""));
    std::string kind = Str(s, "kind");
    std::string group = Str(s, "apiGroup");
    if (kind == "ServiceAccount") {
      if (!group.empty()) {
        causes.push_back(
            apimachinery::FieldNotSupported(Child(path, "apiGroup"), Json(group), {""}));
      }
      if (!traits().namespaced && Str(s, "namespace").empty()) {
        causes.push_back(apimachinery::FieldRequired(Child(path, "namespace"), ""));
      }
    } else if (kind == "User" || kind == "Group") {
      if (group != kRbacGroup) {
        causes.push_back(
            apimachinery::FieldNotSupported(Child(path, "apiGroup"), Json(group), {kRbacGroup}));
      }
    } else {
      causes.push_back(apimachinery::FieldNotSupported(Child(path, "kind"), Json(kind),
                                                       {"ServiceAccount", "User", "Group"}));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewRoleStrategy() { return std::make_unique<RuleStrategy>(true); }
std::unique_ptr<Strategy> NewClusterRoleStrategy() { return std::make_unique<RuleStrategy>(false); }
std::unique_ptr<Strategy> NewRoleBindingStrategy() {
  return std::make_unique<BindingStrategy>(true);
}
std::unique_ptr<Strategy> NewClusterRoleBindingStrategy() {
  return std::make_unique<BindingStrategy>(false);
}

}  // namespace wisp::strategies
