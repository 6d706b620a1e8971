// File: wisp/strategies/pod_security.h
//
// The Pod Security Standards as upstream's PodSecurity admission evaluates
// them (k8s.io/pod-security-admission, Kubernetes v1.32): namespace labels
// to a policy, a pod (or pod template) against a level and version, the
// aggregate messages clients see, which pod updates are re-evaluated, the pod
// template of a workload object, and the warnings for existing pods when a
// namespace's enforce level is tightened.
//
// The library decides nothing about requests: the API server's admission
// calls it and wraps the strings (see each function). Every function is pure
// and tolerates malformed JSON (wrong types count as unset). Stateless;
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wisp/apimachinery/status.h"

namespace wisp::strategies {

// The aliases of strategies/json_util.h (redeclaring is allowed), so this
// header needs only the forward declarations and could serve as a public
// contract as it is.
using Json = nlohmann::json;
using Causes = std::vector<apimachinery::Cause>;

}  // namespace wisp::strategies

namespace wisp::strategies::podsecurity {

// The namespace labels (upstream api.EnforceLevelLabel ...).
inline constexpr std::string_view kEnforceLevelLabel = "pod-security.kubernetes.io/enforce";
inline constexpr std::string_view kEnforceVersionLabel =
    "pod-security.kubernetes.io/enforce-version";
inline constexpr std::string_view kAuditLevelLabel = "pod-security.kubernetes.io/audit";
inline constexpr std::string_view kAuditVersionLabel = "pod-security.kubernetes.io/audit-version";
inline constexpr std::string_view kWarnLevelLabel = "pod-security.kubernetes.io/warn";
inline constexpr std::string_view kWarnVersionLabel = "pod-security.kubernetes.io/warn-version";

enum class Level { kPrivileged, kBaseline, kRestricted };

// "privileged", "baseline", "restricted".
std::string_view LevelName(Level level);
// nullopt for anything but the three names (case-sensitive).
std::optional<Level> ParseLevel(std::string_view text);
// -1, 0 or +1 as `a` is less strict than, as strict as, or stricter than `b`.
int CompareLevels(Level a, Level b);

// A policy version: "latest" or v1.<minor>. Only major version 1 exists.
class Version {
 public:
  static Version Latest() { return Version(true, 0); }
  static Version V1(int64_t minor) { return Version(false, minor); }

  bool latest() const { return latest_; }
  int64_t minor() const { return minor_; }  // 0 for latest
  // "latest" or "v1.30".
  std::string String() const;
  bool operator==(const Version&) const = default;

 private:
  Version(bool latest, int64_t minor) : latest_(latest), minor_(minor) {}
  bool latest_;
  int64_t minor_;
};

// "latest" or "v1.<n>" (no leading zeros, n fits in int64); nullopt otherwise.
std::optional<Version> ParseVersion(std::string_view text);

struct LevelVersion {
  Level level = Level::kPrivileged;
  Version version = Version::Latest();

  // As upstream prints it: "restricted:latest", "baseline:v1.30".
  std::string String() const;
  bool operator==(const LevelVersion&) const = default;
};

struct Policy {
  LevelVersion enforce, audit, warn;

  // All three modes privileged: nothing to evaluate.
  bool FullyPrivileged() const;
  bool operator==(const Policy&) const = default;
};

// A namespace's policy and the label errors met on the way.
struct PolicyResult {
  Policy policy;
  // One FieldValueInvalid cause per bad label, field
  // "metadata.labels[pod-security.kubernetes.io/enforce]", in the order
  // enforce, enforce-version, audit, audit-version, warn, warn-version.
  Causes errors;
};

// Upstream's api.PolicyToEvaluate. `labels` is metadata.labels (null or
// absent: `defaults` unchanged). A missing label keeps the default (upstream's
// default configuration is privileged:latest for all three modes, the
// default of `Policy`). A bad level makes enforce restricted and audit/warn
// privileged; a bad version is latest. When the enforce level label is set
// (and valid) but the warn level label is not, warn takes the enforce level
// if that is stricter, and its version too unless warn-version is set.
// A policy is returned even with errors.
PolicyResult PolicyFromLabels(const Json& labels, const Policy& defaults = {});

// Upstream's ValidateNamespace on update: label errors reject the update
// (422, Invalid) only when the old labels had none or different ones, so an
// already-broken namespace can still be edited otherwise. On create any
// error rejects. The lead builds the 422 with kind "Namespace" and the causes.
bool LabelErrorsRejectUpdate(const Causes& new_errors, const Causes& old_errors);

// Whether a namespace update must dry-run the existing pods (see
// ExistingPodWarnings): enforce changed, is not privileged, and was not merely
// relaxed (or kept) at the same version. Upstream also skips exempt
// namespaces, which is the caller's business.
bool EnforceTightened(const Policy& new_policy, const Policy& old_policy);

// One failed check: upstream's ForbiddenReason and ForbiddenDetail.
struct Violation {
  std::string reason;  // "allowPrivilegeEscalation != false"
  std::string detail;  // `container "c" must set ...`; may be empty
  bool operator==(const Violation&) const = default;
};

// The checks in force for `level_version` that `pod_spec` (with its
// `pod_metadata`) fails, in upstream's order: baseline checks, then
// restricted ones, each group by check ID. Privileged: none. Versions newer
// than v1.32, and latest, evaluate as v1.32; older versions apply the checks
// and rules as they were at that version.
std::vector<Violation> Evaluate(const LevelVersion& level_version, const Json& pod_metadata,
                                const Json& pod_spec);

// Upstream's AggregateCheckResult.ForbiddenDetail():
// "reason (detail), reason, reason (detail)". The admission wraps it as
// `violates PodSecurity "<enforce>": <detail>` (403 Forbidden) or, for audit
// annotations and warnings, `would violate PodSecurity "<lv>": <detail>`,
// with <lv> = LevelVersion::String().
std::string ForbiddenDetail(const std::vector<Violation>& violations);
// Upstream's ForbiddenReason(): the reasons joined with ", ".
std::string ForbiddenReason(const std::vector<Violation>& violations);

// Upstream's isSignificantPodUpdate: whether a pod update (full pod JSON,
// new and old) must be evaluated at all: a changed number of containers or
// init containers, a changed image or per-container seccomp annotation
// (container.seccomp.security.alpha.kubernetes.io/<name>) of any container
// (ephemeral ones matched by name), or an added ephemeral container.
// Anything else is let through unchecked.
bool IsSignificantPodUpdate(const Json& pod, const Json& old_pod);

// The pod metadata and spec to evaluate for a workload object. Never null;
// they point into the object or, for absent parts, at an empty object.
struct PodTemplate {
  const Json* metadata;
  const Json* spec;
};

// Whether objects of `resource` (plural) in API `group` ("" for core) carry a
// pod spec (upstream's DefaultPodSpecExtractor.HasPodSpec): pods,
// podtemplates, replicationcontrollers, apps replicasets, deployments,
// statefulsets, daemonsets, batch jobs, cronjobs.
bool HasPodTemplate(std::string_view group, std::string_view resource);

// Upstream's DefaultPodSpecExtractor.ExtractPodSpec for those resources: a
// pod's own metadata and spec, or the pod template's (template,
// spec.template, spec.jobTemplate.spec.template). nullopt for other
// resources and for a ReplicationController without a template (upstream
// skips evaluation then). Pod controllers are only audited and warned about,
// never enforced.
std::optional<PodTemplate> ExtractPodTemplate(std::string_view group, std::string_view resource,
                                              const Json& object);

// Limits of ExistingPodWarnings; upstream's defaults.
struct ExistingPodsOptions {
  // At most this many pods are evaluated (upstream's namespaceMaxPodsToCheck).
  size_t max_pods = 3000;
  // Pods with one of these spec.runtimeClassName values are skipped entirely.
  std::vector<std::string> exempt_runtime_classes;
  // Polled after each pod; true stops the evaluation. Upstream's budget is
  // one second, or half the request's remaining time if that is less. Null:
  // no time limit.
  std::function<bool()> out_of_time;
};

// The warnings of upstream's EvaluatePodsInNamespace for namespace `ns` whose
// enforce level becomes `enforce`, over its existing `pods` (full pod JSON):
// first "new PodSecurity enforce level only checked against the first N of M
// existing pods" when the count or time limit cut the run short, then
// `existing pods in namespace "ns" violate the new PodSecurity enforce level
// "restricted:latest"` if any pod fails, then one line per distinct
// ForbiddenReason, "<first pod name> (and N other pods): <reasons>", sorted.
// One pod per controller (ownerReferences controller=true, by uid) is
// evaluated before the other replicas. Empty when nothing fails.
std::vector<std::string> ExistingPodWarnings(std::string_view ns, const LevelVersion& enforce,
                                             std::span<const Json> pods,
                                             const ExistingPodsOptions& options = {});

// Upstream's warning when the pods cannot be listed.
inline constexpr std::string_view kListPodsFailedWarning =
    "failed to list pods while checking new PodSecurity enforce level";

}  // namespace wisp::strategies::podsecurity
