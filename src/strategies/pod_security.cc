// File: src/strategies/pod_security.cc
//
// Pod Security Standards: namespace labels to policy, check selection by
// level and version, aggregate messages, update significance, pod template
// extraction and the existing-pod warnings of a namespace update (see
// pod_security.h). The checks themselves live in pod_security_checks.cc.
#include "wisp/strategies/pod_security.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "strategies/json_util.h"
#include "strategies/pod_security_checks.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies::podsecurity {
namespace {

using base::StrCat;

constexpr std::string_view kLevelError = "must be one of privileged, baseline, restricted";
constexpr std::string_view kVersionError = "must be \"latest\" or \"v1.x\"";

const Json& EmptyObject() {
  static const Json kEmpty = Json::object();
  return kEmpty;
}

const Json& ObjectOrEmpty(const Json* obj) {
  return obj != nullptr && obj->is_object() ? *obj : EmptyObject();
}

// The label's value when present as a string (labels are map[string]string
// upstream; anything else counts as absent).
std::optional<std::string> Label(const Json& labels, std::string_view key) {
  const Json* v = Find(labels, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

void AddLabelError(Causes& errors, std::string_view label, const std::string& value,
                   std::string_view detail) {
  errors.push_back(apimachinery::FieldInvalid(Key("metadata.labels", label), value, detail));
}

// Parses a level label into `level`; false when the label is absent.
// `on_error` is the level a bad value falls back to.
bool ParseLevelLabel(const Json& labels, std::string_view key, Level on_error, Level& level,
                     bool& ok, Causes& errors) {
  std::optional<std::string> value = Label(labels, key);
  if (!value) return false;
  std::optional<Level> parsed = ParseLevel(*value);
  ok = parsed.has_value();
  level = parsed.value_or(on_error);
  if (!ok) AddLabelError(errors, key, *value, kLevelError);
  return true;
}

// Parses a version label into `version`; false when the label is absent.
bool ParseVersionLabel(const Json& labels, std::string_view key, Version& version, Causes& errors) {
  std::optional<std::string> value = Label(labels, key);
  if (!value) return false;
  std::optional<Version> parsed = ParseVersion(*value);
  version = parsed.value_or(Version::Latest());
  if (!parsed) AddLabelError(errors, key, *value, kVersionError);
  return true;
}

bool SameCause(const apimachinery::Cause& a, const apimachinery::Cause& b) {
  return a.reason == b.reason && a.field == b.field && a.message == b.message;
}

// The controlling owner's uid (first ownerReference with controller=true).
std::optional<std::string> ControllerUid(const Json& pod) {
  const Json* refs = FindPath(pod, {"metadata", "ownerReferences"});
  for (size_t i = 0; refs != nullptr && refs->is_array() && i < refs->size(); ++i) {
    if (Bool((*refs)[i], "controller") == true) return Str((*refs)[i], "uid");
  }
  return std::nullopt;
}

// Upstream's prioritizePods: pods of exempt runtime classes dropped, then
// one pod per controller first, the further replicas after everything else.
std::vector<const Json*> PrioritizePods(std::span<const Json> pods,
                                        const std::vector<std::string>& exempt_runtime_classes) {
  std::vector<const Json*> first, replicas;
  std::set<std::string> controllers;
  for (const Json& pod : pods) {
    const std::string runtime_class = Str(ObjectOrEmpty(Find(pod, "spec")), "runtimeClassName");
    if (!runtime_class.empty() &&
        std::find(exempt_runtime_classes.begin(), exempt_runtime_classes.end(), runtime_class) !=
            exempt_runtime_classes.end()) {
      continue;
    }
    std::optional<std::string> uid = ControllerUid(pod);
    if (uid && !controllers.insert(*uid).second) {
      replicas.push_back(&pod);
    } else {
      first.push_back(&pod);
    }
  }
  first.insert(first.end(), replicas.begin(), replicas.end());
  return first;
}

// Whether a container update changes what the policy sees: its image or
// its (deprecated) seccomp annotation.
bool SignificantContainerUpdate(const Json& c, const Json& old_c, const Json& annotations,
                                const Json& old_annotations) {
  if (Str(c, "image") != Str(old_c, "image")) return true;
  const std::string key = StrCat("container.seccomp.security.alpha.kubernetes.io/", Str(c, "name"));
  return Str(annotations, key) != Str(old_annotations, key);
}

}  // namespace

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kPrivileged:
      return "privileged";
    case Level::kBaseline:
      return "baseline";
    case Level::kRestricted:
      return "restricted";
  }
  return "";
}

std::optional<Level> ParseLevel(std::string_view text) {
  for (Level level : {Level::kPrivileged, Level::kBaseline, Level::kRestricted}) {
    if (text == LevelName(level)) return level;
  }
  return std::nullopt;
}

int CompareLevels(Level a, Level b) {
  const int ia = static_cast<int>(a);
  const int ib = static_cast<int>(b);
  return ia == ib ? 0 : ia < ib ? -1 : 1;
}

std::string Version::String() const { return latest_ ? "latest" : StrCat("v1.", minor_); }

std::optional<Version> ParseVersion(std::string_view text) {
  if (text == "latest") return Version::Latest();
  if (!text.starts_with("v1.")) return std::nullopt;
  std::string_view digits = text.substr(3);
  // v1.0, v1.7, v1.30: digits without a leading zero, fitting an int64 as
  // Go's strconv.Atoi requires.
  const bool digits_only =
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits.empty() || !digits_only || (digits.size() > 1 && digits[0] == '0')) {
    return std::nullopt;
  }
  int64_t minor = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), minor);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return Version::V1(minor);
}

std::string LevelVersion::String() const { return StrCat(LevelName(level), ":", version.String()); }

bool Policy::FullyPrivileged() const {
  return enforce.level == Level::kPrivileged && audit.level == Level::kPrivileged &&
         warn.level == Level::kPrivileged;
}

PolicyResult PolicyFromLabels(const Json& labels, const Policy& defaults) {
  PolicyResult out{defaults, {}};
  if (!labels.is_object() || labels.empty()) return out;
  Policy& p = out.policy;
  Causes& errors = out.errors;
  bool enforce_ok = false;
  bool ignored = false;
  // A bad enforce level fails closed, bad audit and warn levels fail open.
  const bool has_enforce = ParseLevelLabel(labels, kEnforceLevelLabel, Level::kRestricted,
                                           p.enforce.level, enforce_ok, errors);
  ParseVersionLabel(labels, kEnforceVersionLabel, p.enforce.version, errors);
  ParseLevelLabel(labels, kAuditLevelLabel, Level::kPrivileged, p.audit.level, ignored, errors);
  ParseVersionLabel(labels, kAuditVersionLabel, p.audit.version, errors);
  const bool has_warn =
      ParseLevelLabel(labels, kWarnLevelLabel, Level::kPrivileged, p.warn.level, ignored, errors);
  const bool has_warn_version =
      ParseVersionLabel(labels, kWarnVersionLabel, p.warn.version, errors);
  // Warn follows a valid enforce label that is stricter than it.
  if (has_enforce && enforce_ok && !has_warn && CompareLevels(p.enforce.level, p.warn.level) > 0) {
    p.warn.level = p.enforce.level;
    if (!has_warn_version) p.warn.version = p.enforce.version;
  }
  return out;
}

bool LabelErrorsRejectUpdate(const Causes& new_errors, const Causes& old_errors) {
  if (new_errors.empty()) return false;
  return !std::equal(new_errors.begin(), new_errors.end(), old_errors.begin(), old_errors.end(),
                     SameCause);
}

bool EnforceTightened(const Policy& new_policy, const Policy& old_policy) {
  const LevelVersion& now = new_policy.enforce;
  const LevelVersion& before = old_policy.enforce;
  if (now == before || now.level == Level::kPrivileged) return false;
  return now.version != before.version || CompareLevels(now.level, before.level) > 0;
}

std::vector<Violation> Evaluate(const LevelVersion& level_version, const Json& pod_metadata,
                                const Json& pod_spec) {
  std::vector<Violation> out;
  const Level level = level_version.level;
  if (level == Level::kPrivileged) return out;
  const Version& version = level_version.version;
  const int64_t minor =
      version.latest() ? internal::kNewestMinor : std::min(version.minor(), internal::kNewestMinor);
  auto in_force = [&](const internal::CheckDef& check) { return minor >= check.first_minor; };
  std::set<std::string_view> overridden;
  if (level == Level::kRestricted) {
    for (const internal::CheckDef& check : internal::AllChecks()) {
      if (in_force(check) && !check.overrides.empty()) overridden.insert(check.overrides);
    }
  }
  const Json& meta = ObjectOrEmpty(&pod_metadata);
  const Json& spec = ObjectOrEmpty(&pod_spec);
  for (const internal::CheckDef& check : internal::AllChecks()) {
    if (!in_force(check) || overridden.contains(check.id)) continue;
    if (check.level == Level::kRestricted && level != Level::kRestricted) continue;
    if (std::optional<Violation> v = check.run(meta, spec, minor)) out.push_back(std::move(*v));
  }
  return out;
}

std::string ForbiddenDetail(const std::vector<Violation>& violations) {
  std::string out;
  for (size_t i = 0; i < violations.size(); ++i) {
    if (i > 0) out += ", ";
    out += violations[i].reason;
    if (!violations[i].detail.empty()) out += StrCat(" (", violations[i].detail, ")");
  }
  return out;
}

std::string ForbiddenReason(const std::vector<Violation>& violations) {
  std::string out;
  for (size_t i = 0; i < violations.size(); ++i) out += StrCat(i ? ", " : "", violations[i].reason);
  return out;
}

bool IsSignificantPodUpdate(const Json& pod, const Json& old_pod) {
  const Json& spec = ObjectOrEmpty(Find(pod, "spec"));
  const Json& old_spec = ObjectOrEmpty(Find(old_pod, "spec"));
  const Json& annotations = ObjectOrEmpty(FindPath(pod, {"metadata", "annotations"}));
  const Json& old_annotations = ObjectOrEmpty(FindPath(old_pod, {"metadata", "annotations"}));
  for (const char* list : {"containers", "initContainers"}) {
    const Json* now = ArrayAt(spec, list);
    const Json* before = ArrayAt(old_spec, list);
    const size_t n = now != nullptr ? now->size() : 0;
    if (n != (before != nullptr ? before->size() : 0)) return true;
    for (size_t i = 0; i < n; ++i) {
      if (SignificantContainerUpdate((*now)[i], (*before)[i], annotations, old_annotations)) {
        return true;
      }
    }
  }
  const Json* ephemeral = ArrayAt(spec, "ephemeralContainers");
  const Json* old_ephemeral = ArrayAt(old_spec, "ephemeralContainers");
  for (size_t i = 0; ephemeral != nullptr && i < ephemeral->size(); ++i) {
    const Json& c = (*ephemeral)[i];
    const Json* old_c = nullptr;
    for (size_t j = 0; old_ephemeral != nullptr && j < old_ephemeral->size(); ++j) {
      if (Str((*old_ephemeral)[j], "name") == Str(c, "name")) {
        old_c = &(*old_ephemeral)[j];
        break;
      }
    }
    if (old_c == nullptr) return true;  // added
    if (SignificantContainerUpdate(c, *old_c, annotations, old_annotations)) return true;
  }
  return false;
}

bool HasPodTemplate(std::string_view group, std::string_view resource) {
  if (group.empty()) {
    return resource == "pods" || resource == "podtemplates" || resource == "replicationcontrollers";
  }
  if (group == "apps") {
    return resource == "replicasets" || resource == "deployments" || resource == "statefulsets" ||
           resource == "daemonsets";
  }
  return group == "batch" && (resource == "jobs" || resource == "cronjobs");
}

std::optional<PodTemplate> ExtractPodTemplate(std::string_view group, std::string_view resource,
                                              const Json& object) {
  if (!HasPodTemplate(group, resource)) return std::nullopt;
  const Json* owner = &object;  // the object holding metadata and spec
  if (resource == "podtemplates") {
    owner = Find(object, "template");
  } else if (resource == "cronjobs") {
    owner = FindPath(object, {"spec", "jobTemplate", "spec", "template"});
  } else if (resource != "pods") {
    owner = FindPath(object, {"spec", "template"});
    // Only a ReplicationController's template is optional upstream; the
    // other kinds embed it by value, so an absent one is an empty template.
    if (owner == nullptr && resource == "replicationcontrollers") return std::nullopt;
  }
  const Json& holder = ObjectOrEmpty(owner);
  return PodTemplate{&ObjectOrEmpty(Find(holder, "metadata")),
                     &ObjectOrEmpty(Find(holder, "spec"))};
}

std::vector<std::string> ExistingPodWarnings(std::string_view ns, const LevelVersion& enforce,
                                             std::span<const Json> pods,
                                             const ExistingPodsOptions& options) {
  std::vector<const Json*> ordered = PrioritizePods(pods, options.exempt_runtime_classes);
  const size_t total = ordered.size();
  if (ordered.size() > options.max_pods) ordered.resize(options.max_pods);

  // Identical reasons are reported once, under the lexically first pod name.
  struct Group {
    std::string first_pod;
    size_t count = 0;
  };
  std::vector<std::string> reasons;  // first-seen order
  std::map<std::string, Group> groups;
  size_t checked = ordered.size();
  for (size_t i = 0; i < ordered.size(); ++i) {
    const Json& pod = *ordered[i];
    const Json& meta = ObjectOrEmpty(Find(pod, "metadata"));
    std::vector<Violation> violations = Evaluate(enforce, meta, ObjectOrEmpty(Find(pod, "spec")));
    if (!violations.empty()) {
      const std::string reason = ForbiddenReason(violations);
      const std::string name = Str(meta, "name");
      auto [it, inserted] = groups.try_emplace(reason, Group{name, 0});
      if (inserted) {
        reasons.push_back(reason);
      } else if (name < it->second.first_pod) {
        it->second.first_pod = name;
      }
      ++it->second.count;
    }
    if (options.out_of_time && options.out_of_time()) {
      checked = i + 1;
      break;
    }
  }

  std::vector<std::string> warnings;
  if (checked < total) {
    warnings.push_back(StrCat("new PodSecurity enforce level only checked against the first ",
                              checked, " of ", total, " existing pods"));
  }
  if (reasons.empty()) return warnings;
  warnings.push_back(StrCat("existing pods in namespace ", internal::GoQuote(ns),
                            " violate the new PodSecurity enforce level ",
                            internal::GoQuote(enforce.String())));
  std::vector<std::string> lines;
  for (const std::string& reason : reasons) {
    const Group& g = groups[reason];
    if (g.count == 1) {
      lines.push_back(StrCat(g.first_pod, ": ", reason));
    } else if (g.count == 2) {
      lines.push_back(StrCat(g.first_pod, " (and 1 other pod): ", reason));
    } else {
      lines.push_back(StrCat(g.first_pod, " (and ", g.count - 1, " other pods): ", reason));
    }
  }
  std::sort(lines.begin(), lines.end());
  warnings.insert(warnings.end(), lines.begin(), lines.end());
  return warnings;
}

}  // namespace wisp::strategies::podsecurity
