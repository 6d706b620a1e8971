// File: src/strategies/workload.h
//
// The shared behaviour of kinds that stamp out pods from spec.template
// (deployments, replicasets, statefulsets, daemonsets, jobs): template
// defaulting, selector/template validation, replicas, selector immutability,
// and the IntOrString checks of the apps rollout strategies.
// Subclasses add their own defaults and checks. Immutable; thread-safe.
#pragma once

#include <string>
#include <string_view>
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
  // The name (it becomes pod names) and the pod template's warnings, on
  // create and when the template changes.
  std::vector<std::string> Warnings(const Json& obj, const Json* old) const override;

 protected:
  // Kind-specific defaults of spec (after the template's).
  virtual void DefaultSpec(Json& spec) const {}
  // Kind-specific checks of spec that upstream makes before the selector's.
  // Default: replicas, then minReadySeconds (ValidateReplicaSetSpec's order).
  virtual void ValidateSpecBeforeSelector(const Json& spec, Causes& causes) const;
  // Kind-specific checks of spec at "spec", after the selector's and the
  // template's.
  virtual void ValidateSpec(const Json& spec, Causes& causes) const {}
  // Whether spec.template.spec is validated as a pod's (else only the
  // template's labels and annotations).
  virtual bool ValidatesPodSpec() const { return true; }
  // Whether a missing spec.selector is reported as required. Upstream's
  // DaemonSet validation has no such check; for every kind a missing
  // selector selects nothing, so the template's labels never match it.
  virtual bool RequiresSelector() const { return true; }

  void ValidateKind(const Json& obj, Causes& causes) const override;
  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override;

 private:
  std::string kind_;
  std::vector<std::string> restart_policies_;
};

// SetDefault for string fields that upstream defaults when empty
// (`len(x) == 0`): also replaces "".
void SetDefaultIfEmpty(Json& obj, std::string_view key, std::string_view value);

// spec.template's labels must match `selector` (a LabelSelector); an empty
// selector is not checked here.
void ValidateTemplateLabels(const Json& selector, const Json& tmpl, Causes& causes);
// The cause upstream reports when `tmpl`'s labels do not match the selector.
apimachinery::Cause TemplateLabelsMismatch(const Json& tmpl);

// spec.<key> must be >= 0 when set ("must be greater than or equal to 0").
void ValidateNonNegativeField(const Json& spec, std::string_view key, Causes& causes);

// Go's strconv.Quote of `s`, as %#v prints a string field.
std::string GoQuoted(std::string_view s);
// A NotSupported cause whose bad value is already printed as Go prints it
// (e.g. the %#v of a strategy struct).
apimachinery::Cause FieldNotSupportedGo(std::string_view field, std::string_view printed,
                                        const std::vector<std::string>& supported);

// Go's %#v of a pointer field of type *`go_type`: (*T)(nil) when unset;
// when set upstream prints an address, which no client can rely on, so a
// fixed one stands in.
std::string GoPointer(std::string_view go_type, bool set);
// Go's %#v of an apps update strategy struct {Type; RollingUpdate *R} found
// as JSON in `strategy`, e.g. apps.DeploymentStrategy{Type:"X",
// RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}.
std::string GoUpdateStrategy(std::string_view go_type, std::string_view rolling_go_type,
                             const Json& strategy);

// IntOrString fields (maxUnavailable, maxSurge) as upstream's apps
// validation sees them: a JSON integer or string; absent or null is the zero
// value (integer 0).
//
// The value as Go's %#v prints it:
// intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}.
std::string GoIntOrString(const Json& v);
// getIntOrPercentValue(v) == 0: the number of a percent string, else the
// integer (a string that is not a number counts as 0).
bool IntOrPercentIsZero(const Json& v);
// ValidatePositiveIntOrPercent: a string must be a percent ("[0-9]+%"), an
// integer must be >= 0.
void ValidatePositiveIntOrPercent(const Json& v, std::string_view path, Causes& causes);
// IsNotMoreThan100Percent: a percent string may not exceed 100%.
void ValidateNotMoreThan100Percent(const Json& v, std::string_view path, Causes& causes);

}  // namespace wisp::strategies
