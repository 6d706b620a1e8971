// File: src/strategies/workload.h
//
// The shared behaviour of kinds that stamp out pods from spec.template
// (deployments, replicasets, statefulsets, daemonsets, jobs): template
// defaulting, selector/template validation, replicas, selector immutability.
// Subclasses add their own defaults and checks. Immutable; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "strategies/json_util.h"
#include "wisp/strategies/strategy.h"

namespace wisp::strategies {

class WorkloadStrategy : public Strategy {
 public:
  // `restart_policies`: what spec.template.spec.restartPolicy may be.
  // `kind`: as upstream names it in "empty selector is invalid for <kind>".
  // `initial_status`: StrategyTraits::initial_status.
  WorkloadStrategy(std::string kind, std::vector<std::string> restart_policies,
                   const char* initial_status)
      : Strategy({.namespaced = true,
                  .has_status = true,
                  .has_generation = true,
                  .initial_status = initial_status}),
        kind_(std::move(kind)),
        restart_policies_(std::move(restart_policies)) {}

  void Default(Json& obj) const override;

 protected:
  // Kind-specific defaults of spec (after the template's).
  virtual void DefaultSpec(Json& spec) const {}
  // Kind-specific checks of spec at "spec".
  virtual void ValidateSpec(const Json& spec, Causes& causes) const {}
  // Whether spec.template.spec is validated as a pod's (else only the
  // template's labels).
  virtual bool ValidatesPodSpec() const { return true; }

  void ValidateKind(const Json& obj, Causes& causes) const override;
  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override;

 private:
  std::string kind_;
  std::vector<std::string> restart_policies_;
};

// spec.template's labels must match `selector` (a LabelSelector); an empty
// selector is not checked here.
void ValidateTemplateLabels(const Json& selector, const Json& tmpl, Causes& causes);

// spec.<key> must be >= 0 when set ("must be greater than or equal to 0").
void ValidateNonNegativeField(const Json& spec, std::string_view key, Causes& causes);

}  // namespace wisp::strategies
