// policy/v1 PodDisruptionBudgets: minAvailable xor maxUnavailable, and the
// selector.
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/selector.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

void ValidateIntOrPercent(const Json& spec, const char* key, Causes& causes) {
  const Json* v = Find(spec, key);
  if (v == nullptr) return;
  std::string path = Child("spec", key);
  if (v->is_number_integer() && *v < 0) {
    causes.push_back(apimachinery::FieldInvalid(path, *v, "must be greater than or equal to 0"));
  } else if (v->is_string()) {
    std::string s = v->get<std::string>();
    bool ok = s.size() > 1 && s.back() == '%';
    int percent = 0;
    for (size_t i = 0; ok && i + 1 < s.size(); ++i) {
      ok = s[i] >= '0' && s[i] <= '9';
      percent = percent * 10 + (s[i] - '0');
      ok = ok && percent <= 100;
    }
    if (!ok) {
      causes.push_back(apimachinery::FieldInvalid(
          path, *v, "must be an integer or percentage (e.g '5%') between 0 and 100"));
    }
  }
}

class PodDisruptionBudgetStrategy : public Strategy {
 public:
  PodDisruptionBudgetStrategy()
      : Strategy(
            {.namespaced = true,
             .has_status = true,
             .has_generation = true,
             .initial_status =
                 R"({"currentHealthy":0,"desiredHealthy":0,"disruptionsAllowed":0,"expectedPods":0})"}) {
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    if (Find(spec, "minAvailable") != nullptr && Find(spec, "maxUnavailable") != nullptr) {
      causes.push_back(apimachinery::FieldInvalid(
          "spec", spec, "minAvailable and maxUnavailable cannot be both set"));
    }
    ValidateIntOrPercent(spec, "minAvailable", causes);
    ValidateIntOrPercent(spec, "maxUnavailable", causes);
    if (const Json* selector = ObjectAt(spec, "selector")) {
      ValidateLabelSelector(*selector, "spec.selector", causes);
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewPodDisruptionBudgetStrategy() {
  return std::make_unique<PodDisruptionBudgetStrategy>();
}

}  // namespace wisp::strategies
