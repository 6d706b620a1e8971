// networking.k8s.io/v1 NetworkPolicies: policyTypes from the rules present,
// port protocol TCP, selector and policy type validation.
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/selector.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

void DefaultRulePorts(Json& spec, const char* rules_key) {
  Json* rules = ArrayAt(spec, rules_key);
  if (rules == nullptr) return;
  for (Json& rule : *rules) {
    if (Json* ports = ArrayAt(rule, "ports")) {
      for (Json& port : *ports) SetDefault(port, "protocol", "TCP");
    }
  }
}

class NetworkPolicyStrategy : public Strategy {
 public:
  NetworkPolicyStrategy() : Strategy({.namespaced = true, .has_generation = true}) {}

  void Default(Json& obj) const override {
    Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr) return;
    DefaultRulePorts(*spec, "ingress");
    DefaultRulePorts(*spec, "egress");
    if (Size(*spec, "policyTypes") == 0) {
      Json types = Json::array({"Ingress"});
      if (Size(*spec, "egress") > 0) types.push_back("Egress");
      (*spec)["policyTypes"] = std::move(types);
    }
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    if (const Json* selector = ObjectAt(spec, "podSelector")) {
      ValidateLabelSelector(*selector, "spec.podSelector", causes);
    }
    const Json* types = ArrayAt(spec, "policyTypes");
    if (types == nullptr) return;
    if (types->size() > 2) {
      causes.push_back(apimachinery::FieldInvalid("spec.policyTypes", *types,
                                                  "may not specify more than two policyTypes"));
    }
    for (size_t i = 0; i < types->size(); ++i) {
      const Json& t = (*types)[i];
      if (t != "Ingress" && t != "Egress") {
        causes.push_back(apimachinery::FieldNotSupported(Index("spec.policyTypes", i), t,
                                                         {"Ingress", "Egress"}));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewNetworkPolicyStrategy() {
  return std::make_unique<NetworkPolicyStrategy>();
}

}  // namespace wisp::strategies
