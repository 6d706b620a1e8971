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
    const Json* scopes = ArrayAt(*spec, "scopes");
    if (scopes == nullptr) return;
    std::set<std::string> seen;
    for (const Json& scope : *scopes) {
      const std::string s = scope.is_string() ? scope.get<std::string>() : scope.dump();
      if (kScopes.count(s) == 0) {
        causes.push_back(apimachinery::FieldInvalid("spec.scopes", *scopes, "unsupported scope"));
      }
      for (const std::string& r : limited) {
        if (!IsStandard(r)) continue;
        const bool fits = s == "BestEffort" ? r == "pods" : kPodScoped.count(r) != 0;
        if (kScopes.count(s) != 0 && !fits) {
          causes.push_back(apimachinery::FieldInvalid("spec.scopes", *scopes,
                                                      "unsupported scope applied to resource"));
        }
      }
      seen.insert(s);
    }
    for (const auto& [a, b] :
         {std::pair{"BestEffort", "NotBestEffort"}, std::pair{"Terminating", "NotTerminating"}}) {
      if (seen.count(a) != 0 && seen.count(b) != 0) {
        causes.push_back(apimachinery::FieldInvalid("spec.scopes", *scopes, "conflicting scopes"));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewResourceQuotaStrategy() {
  return std::make_unique<ResourceQuotaStrategy>();
}

}  // namespace wisp::strategies
