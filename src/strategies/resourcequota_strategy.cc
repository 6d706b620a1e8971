// v1 ResourceQuotas: upstream's ValidateResourceQuotaSpec (resource names,
// non-negative and whole-number hard values, scopes that exist, fit the
// limited resources and do not conflict). Enforcement is the API server's
// (apiserver/resource_quota.h).
#include <memory>
#include <set>
#include <string>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/quantity.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

// Upstream's standard quota resources: these compute ones and the counted
// ones below.
const std::set<std::string, std::less<>> kCompute = {"cpu",
                                                     "memory",
                                                     "ephemeral-storage",
                                                     "requests.cpu",
                                                     "requests.memory",
                                                     "requests.storage",
                                                     "requests.ephemeral-storage",
                                                     "limits.cpu",
                                                     "limits.memory",
                                                     "limits.ephemeral-storage"};
const std::set<std::string, std::less<>> kIntegers = {"pods",
                                                      "services",
                                                      "replicationcontrollers",
                                                      "resourcequotas",
                                                      "secrets",
                                                      "configmaps",
                                                      "persistentvolumeclaims",
                                                      "services.nodeports",
                                                      "services.loadbalancers"};
const std::set<std::string, std::less<>> kScopes = {"Terminating",   "NotTerminating",
                                                    "BestEffort",    "NotBestEffort",
                                                    "PriorityClass", "CrossNamespacePodAffinity"};
// What a pod scope can limit (upstream's podObjectCountQuotaResources and
// podComputeQuotaResources); BestEffort pods have no compute to limit.
const std::set<std::string, std::less<>> kPodScoped = {
    "pods", "cpu", "memory", "limits.cpu", "limits.memory", "requests.cpu", "requests.memory"};

bool IsStandard(const std::string& name) {
  return kCompute.count(name) != 0 || kIntegers.count(name) != 0 ||
         name.rfind("hugepages-", 0) == 0 || name.rfind("requests.hugepages-", 0) == 0;
}

// Whether `scope` may apply to the standard resource `r`.
bool ScopeFits(const std::string& scope, const std::string& r) {
  return scope == "BestEffort" ? r == "pods" : kPodScoped.count(r) != 0;
}

void AddConflicts(const std::set<std::string>& seen, const std::string& path, const Json& shown,
                  Causes& causes) {
  for (const auto& [a, b] :
       {std::pair{"BestEffort", "NotBestEffort"}, std::pair{"Terminating", "NotTerminating"}}) {
    if (seen.count(a) != 0 && seen.count(b) != 0) {
      causes.push_back(apimachinery::FieldInvalid(path, shown, "conflicting scopes"));
    }
  }
}

// Upstream's validateScopedResourceSelectorRequirement.
void ValidateScopeSelector(const Json& selector, const std::set<std::string>& limited,
                           Causes& causes) {
  const std::string path = "spec.scopeSelector.matchExpressions";
  const Json* expressions = ArrayAt(selector, "matchExpressions");
  if (expressions == nullptr) return;
  std::set<std::string> seen;
  for (const Json& e : *expressions) {
    const std::string scope = Str(e, "scopeName");
    const std::string op = Str(e, "operator");
    if (kScopes.count(scope) == 0) {
      causes.push_back(
          apimachinery::FieldInvalid(path + ".scopeName", Json(scope), "unsupported scope"));
    }
    for (const std::string& r : limited) {
      if (IsStandard(r) && kScopes.count(scope) != 0 && !ScopeFits(scope, r)) {
        causes.push_back(
            apimachinery::FieldInvalid(path, selector, "unsupported scope applied to resource"));
      }
    }
    if (scope != "PriorityClass" && kScopes.count(scope) != 0 && op != "Exists") {
      causes.push_back(apimachinery::FieldInvalid(
          path + ".operator", Json(op),
          "must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, "
          "ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, "
          "ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity"));
    }
    const size_t values = Size(e, "values");
    if (op == "In" || op == "NotIn") {
      if (values == 0) {
        causes.push_back(apimachinery::FieldRequired(
            path + ".values",
            "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
      }
    } else if (op == "Exists" || op == "DoesNotExist") {
      if (values != 0) {
        causes.push_back(apimachinery::FieldInvalid(
            path + ".values", e["values"],
            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
      }
    } else {
      causes.push_back(apimachinery::FieldInvalid(path + ".operator", Json(op),
                                                  "not a valid selector operator"));
    }
    seen.insert(scope);
  }
  AddConflicts(seen, path, nullptr, causes);
}

class ResourceQuotaStrategy : public Strategy {
 public:
  ResourceQuotaStrategy() : Strategy({.namespaced = true, .has_status = true}) {}

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr) return;
    std::set<std::string> limited;
    if (const Json* hard = ObjectAt(*spec, "hard")) {
      for (const auto& [name, value] : hard->items()) {
        const std::string path = "spec.hard[" + name + "]";
        limited.insert(name);
        if (name.find('/') == std::string::npos && !IsStandard(name)) {
          causes.push_back(apimachinery::FieldInvalid(path, Json(name),
                                                      "must be a standard resource for quota"));
        }
        const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        absl::StatusOr<int64_t> milli = apimachinery::ParseMilliQuantity(text);
        if (!milli.ok() && text.rfind('-', 0) == 0) {
          causes.push_back(
              apimachinery::FieldInvalid(path, Json(text), "must be greater than or equal to 0"));
        } else if (milli.ok() && kIntegers.count(name) != 0 && *milli % 1000 != 0) {
          causes.push_back(apimachinery::FieldInvalid(path, Json(text), "must be an integer"));
        }
      }
    }
    if (const Json* selector = ObjectAt(*spec, "scopeSelector")) {
      ValidateScopeSelector(*selector, limited, causes);
    }
    const Json* scopes = ArrayAt(*spec, "scopes");
    if (scopes == nullptr) return;
    std::set<std::string> seen;
    for (const Json& scope : *scopes) {
      const std::string s = scope.is_string() ? scope.get<std::string>() : scope.dump();
      if (kScopes.count(s) == 0) {
        causes.push_back(apimachinery::FieldInvalid("spec.scopes", *scopes, "unsupported scope"));
      }
      for (const std::string& r : limited) {
        if (IsStandard(r) && kScopes.count(s) != 0 && !ScopeFits(s, r)) {
          causes.push_back(apimachinery::FieldInvalid("spec.scopes", *scopes,
                                                      "unsupported scope applied to resource"));
        }
      }
      seen.insert(s);
    }
    AddConflicts(seen, "spec.scopes", *scopes, causes);
  }
};

}  // namespace

std::unique_ptr<Strategy> NewResourceQuotaStrategy() {
  return std::make_unique<ResourceQuotaStrategy>();
}

}  // namespace wisp::strategies
