// batch/v1 Jobs: defaults, the generated selector and pod labels
// (batch.kubernetes.io/controller-uid, job-name) and the update rules; the
// spec checks are job_validation.cc's.
#include <cctype>
#include <cstdint>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "strategies/job_validation.h"
#include "strategies/kinds.h"
#include "strategies/pod_validation.h"
#include "strategies/selector.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {

namespace {

using apimachinery::FieldInvalid;
using apimachinery::FieldInvalidGo;
using apimachinery::FieldNotSupported;
using apimachinery::FieldRequired;
using base::StrCat;

constexpr const char* kControllerUid = "batch.kubernetes.io/controller-uid";
constexpr const char* kJobName = "batch.kubernetes.io/job-name";
constexpr const char* kLegacyControllerUid = "controller-uid";
constexpr const char* kLegacyJobName = "job-name";

// "must be '<want>'" unless the template carries label `key` = `want`.
void ValidateHasLabel(const Json* labels, std::string_view key, const std::string& want,
                      Causes& causes) {
  std::string path = Key("spec.template.metadata.labels", key);
  std::string detail = StrCat("must be '", want, "'");
  const Json* have = labels != nullptr ? Find(*labels, key) : nullptr;
  if (have == nullptr) {
    causes.push_back(FieldRequired(path, detail));
  } else if (*have != Json(want)) {
    causes.push_back(FieldInvalid(path, *labels, detail));
  }
}

// Upstream's validateGeneratedSelector (with the batch.kubernetes.io labels
// required, as for every job wisp creates).
void ValidateGeneratedSelector(const Json& obj, const Json& spec, Causes& causes) {
  const Json* selector = Find(spec, "selector");
  if (Bool(spec, "manualSelector").value_or(false) || selector == nullptr) return;
  const Json meta = ValueOr(obj, "metadata", Json::object());
  std::string uid = Str(meta, "uid");
  std::string name = Str(meta, "name");
  if (uid.empty()) causes.push_back(FieldRequired("metadata.uid", ""));
  const Json* labels = FindPath(spec, {"template", "metadata", "labels"});
  ValidateHasLabel(labels, kLegacyControllerUid, uid, causes);
  ValidateHasLabel(labels, kLegacyJobName, name, causes);
  ValidateHasLabel(labels, kControllerUid, uid, causes);
  ValidateHasLabel(labels, kJobName, name, causes);
  Json expected = {
      {kControllerUid, uid}, {kJobName, name}, {kLegacyControllerUid, uid}, {kLegacyJobName, name}};
  if (!SelectorMatches(*selector, expected)) {
    causes.push_back(FieldInvalidGo("spec.selector", apimachinery::GoLabelSelector(*selector),
                                    "`selector` not auto-generated"));
  }
}

// The selector is required and must select the template's labels; a
// missing one selects nothing, so upstream reports both.
void ValidateJobSelector(const Json& spec, Causes& causes) {
  static const Json kEmpty = Json::object();
  const Json* tmpl = ObjectAt(spec, "template");
  const Json* selector = Find(spec, "selector");
  if (selector != nullptr) {
    ValidateLabelSelector(*selector, "spec.selector", causes);
    ValidateTemplateLabels(*selector, tmpl != nullptr ? *tmpl : kEmpty, causes);
    return;
  }
  causes.push_back(FieldRequired("spec.selector", ""));
  constexpr const char* kPath = "spec.template.metadata.labels";
  constexpr const char* kMismatch = "`selector` does not match template `labels`";
  const Json* labels = tmpl != nullptr ? FindPath(*tmpl, {"metadata", "labels"}) : nullptr;
  causes.push_back(labels == nullptr || labels->empty()
                       ? FieldInvalidGo(kPath, "map[string]string(nil)", kMismatch)
                       : FieldInvalid(kPath, *labels, kMismatch));
}

// Indexed pods are named <job>-<index>, which must stay a DNS label.
void ValidateIndexedHostnames(const Json& obj, const Json& spec, Causes& causes) {
  std::optional<int64_t> completions = Int(spec, "completions");
  if (Str(spec, "completionMode") != "Indexed" || completions.value_or(0) <= 0) return;
  std::string name = Str(ValueOr(obj, "metadata", Json::object()), "name");
  std::string hostname = StrCat(name, "-", *completions - 1);
  if (!apimachinery::IsDns1123Label(hostname).empty()) {
    causes.push_back(
        FieldInvalid("metadata.name", Json(name),
                     StrCat("will not able to create pod with invalid DNS label: ", hostname)));
  }
}

// Copies obj[key] (or its absence) from `from` to `to`.
void CopyMember(const Json& from, Json& to, const std::string& key) {
  if (from.contains(key)) {
    to[key] = from[key];
  } else {
    to.erase(key);
  }
}

Json WithoutNulls(const Json& v) {
  if (!v.is_object() && !v.is_array()) return v;
  Json out = v.is_object() ? Json::object() : Json::array();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (v.is_array()) {
      out.push_back(WithoutNulls(*it));
    } else if (!it->is_null()) {
      out[it.key()] = WithoutNulls(*it);
    }
  }
  return out;
}

// What a suspended job that never started may change in its template
// (upstream's AllowMutableSchedulingDirectives): copies those fields of
// `tmpl` onto `old_tmpl` so that only the others are compared.
void AllowSchedulingDirectives(const Json& tmpl, Json& old_tmpl) {
  const Json* meta = ObjectAt(tmpl, "metadata");
  Json* old_meta = ObjectAt(old_tmpl, "metadata");
  if (meta != nullptr && old_meta != nullptr) {
    CopyMember(*meta, *old_meta, "labels");
    CopyMember(*meta, *old_meta, "annotations");
  }
  const Json* pod = ObjectAt(tmpl, "spec");
  Json* old_pod = ObjectAt(old_tmpl, "spec");
  if (pod == nullptr || old_pod == nullptr) return;
  for (const char* key : {"nodeSelector", "tolerations", "schedulingGates"}) {
    CopyMember(*pod, *old_pod, key);
  }
  const Json* affinity = ObjectAt(*pod, "affinity");
  Json* old_affinity = ObjectAt(*old_pod, "affinity");
  if (affinity == nullptr && old_affinity != nullptr) {
    old_affinity->erase("nodeAffinity");
    if (WithoutNulls(*old_affinity).empty()) old_pod->erase("affinity");
  } else if (affinity != nullptr && old_affinity == nullptr) {
    Json node_only = Json::object();
    CopyMember(*affinity, node_only, "nodeAffinity");
    (*old_pod)["affinity"] = node_only;
  } else if (affinity != nullptr) {
    CopyMember(*affinity, *old_affinity, "nodeAffinity");
  }
}

class JobStrategy : public WorkloadStrategy {
 public:
  JobStrategy() : WorkloadStrategy("job", {"OnFailure", "Never"}, "{}") {}

  void Default(Json& obj) const override {
    // Upstream's spec and spec.template are structs: present, and
    // defaulted, even when the body leaves them out.
    if (obj.is_object()) SetDefault(obj, "spec", Json::object());
    if (Json* spec = ObjectAt(obj, "spec")) {
      SetDefault(*spec, "template", Json::object());
      if (Json* tmpl = ObjectAt(*spec, "template")) SetDefault(*tmpl, "spec", Json::object());
    }
    WorkloadStrategy::Default(obj);
    // A job without labels takes its template's (SetDefaults_Job).
    const Json* tmpl_labels = FindPath(obj, {"spec", "template", "metadata", "labels"});
    Json* meta = ObjectAt(obj, "metadata");
    if (tmpl_labels != nullptr && meta != nullptr && Size(*meta, "labels") == 0) {
      (*meta)["labels"] = *tmpl_labels;
    }
  }

  void PrepareForCreate(Json& obj) const override {
    WorkloadStrategy::PrepareForCreate(obj);
    Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr || Bool(*spec, "manualSelector").value_or(false)) return;
    GenerateSelector(obj, *spec);
    // Upstream defaults every object it reads back from storage, so a job
    // created without labels shows its template's, generated ones included.
    Default(obj);
  }

 protected:
  void DefaultSpec(Json& spec) const override {
    if (Find(spec, "completions") == nullptr && Find(spec, "parallelism") == nullptr) {
      spec["completions"] = 1;
    }
    SetDefault(spec, "parallelism", 1);
    SetDefault(spec, "backoffLimit",
               Find(spec, "backoffLimitPerIndex") != nullptr ? 2147483647 : 6);
    SetDefault(spec, "completionMode", "NonIndexed");
    SetDefault(spec, "suspend", false);
    SetDefault(spec, "manualSelector", false);
    SetDefault(spec, "podReplacementPolicy",
               Find(spec, "podFailurePolicy") != nullptr ? "Failed" : "TerminatingOrFailed");
    DefaultPodFailurePolicy(spec);
  }

  // Upstream's ValidateJob, in its order.
  void ValidateKind(const Json& obj, Causes& causes) const override {
    static const Json kEmpty = Json::object();
    const Json* spec_ptr = ObjectAt(obj, "spec");
    const Json& spec = spec_ptr != nullptr ? *spec_ptr : kEmpty;
    ValidateGeneratedSelector(obj, spec, causes);
    ValidateJobSpec(spec, "spec", causes);
    ValidateJobSelector(spec, causes);
    ValidateIndexedHostnames(obj, spec, causes);
  }

  // Upstream's ValidateJobSpecUpdate after the spec checks.
  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    const Json old_spec = ValueOr(old, "spec", Json::object());
    ValidateCompletionsUpdate(spec, old_spec, causes);
    Json selector = ValueOr(spec, "selector");
    if (selector != ValueOr(old_spec, "selector")) {
      causes.push_back(selector.is_null()
                           ? FieldInvalid("spec.selector", selector, "field is immutable")
                           : FieldInvalidGo("spec.selector",
                                            apimachinery::GoLabelSelector(selector),
                                            "field is immutable"));
    }
    Json tmpl = ValueOr(spec, "template");
    Json old_tmpl = ValueOr(old_spec, "template");
    bool never_started = FindPath(old, {"status", "startTime"}) == nullptr;
    if (Bool(old_spec, "suspend").value_or(false) && never_started) {
      AllowSchedulingDirectives(tmpl, old_tmpl);
    }
    if (WithoutNulls(tmpl) != WithoutNulls(old_tmpl)) {
      causes.push_back(FieldInvalid("spec.template", tmpl, "field is immutable"));
    }
    for (const char* key : {"completionMode", "podFailurePolicy", "backoffLimitPerIndex",
                            "managedBy", "successPolicy"}) {
      Json value = ValueOr(spec, key);
      if (value != ValueOr(old_spec, key)) {
        causes.push_back(FieldInvalid(Child("spec", key), value, "field is immutable"));
      }
    }
  }

 private:
  // Completions are immutable except for Indexed jobs, which may scale
  // them together with parallelism (ElasticIndexedJob, GA in 1.31).
  static void ValidateCompletionsUpdate(const Json& spec, const Json& old_spec, Causes& causes) {
    Json completions = ValueOr(spec, "completions");
    if (completions == ValueOr(old_spec, "completions")) return;
    if (Str(spec, "completionMode") != "Indexed") {
      causes.push_back(FieldInvalid("spec.completions", completions, "field is immutable"));
    } else if (!completions.is_null() && completions != ValueOr(spec, "parallelism")) {
      causes.push_back(FieldInvalid("spec.completions", completions,
                                    "can only be modified in tandem with spec.parallelism"));
    }
  }

  static void GenerateSelector(Json& obj, Json& spec) {
    const Json meta = ValueOr(obj, "metadata", Json::object());
    std::string uid = Str(meta, "uid");
    std::string name = Str(meta, "name");
    SetDefault(spec, "template", Json::object());
    Json* tmpl = ObjectAt(spec, "template");
    if (tmpl == nullptr) return;
    SetDefault(*tmpl, "metadata", Json::object());
    Json* tmpl_meta = ObjectAt(*tmpl, "metadata");
    if (tmpl_meta == nullptr) return;
    SetDefault(*tmpl_meta, "labels", Json::object());
    if (Json* labels = ObjectAt(*tmpl_meta, "labels")) {
      // Labels the user set win; validation reports a conflict.
      SetDefault(*labels, kLegacyJobName, name);
      SetDefault(*labels, kJobName, name);
      SetDefault(*labels, kLegacyControllerUid, uid);
      SetDefault(*labels, kControllerUid, uid);
    }
    SetDefault(spec, "selector", Json::object());
    if (Json* selector = ObjectAt(spec, "selector")) {
      SetDefault(*selector, "matchLabels", Json::object());
      if (Json* match = ObjectAt(*selector, "matchLabels")) SetDefault(*match, kControllerUid, uid);
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewJobStrategy() { return std::make_unique<JobStrategy>(); }

}  // namespace wisp::strategies
