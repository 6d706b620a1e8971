// Pods: defaulting, status on create (Pending + QoS class), the pod spec's
// update rules and graceful deletion (upstream pkg/registry/core/pod).
#include <memory>
#include <set>
#include <string>

#include "strategies/container_validation.h"
#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/pod_defaults.h"
#include "strategies/pod_qos.h"
#include "strategies/pod_validation.h"
#include "strategies/pod_warnings.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"
#include "wisp/strategies/pod_admission.h"
#include "wisp/strategies/pod_ephemeral.h"

namespace wisp::strategies {
namespace {

constexpr std::string_view kPodUpdateMessage =
    "pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
    "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set "
    "to 1 if it was previously negative)";

// Copies the images of `old`'s containers into `spec` (same count required).
bool MungeImages(Json& spec, const Json& old_spec, const char* list, Causes& causes) {
  Json* containers = ArrayAt(spec, list);
  const Json* old_containers = ArrayAt(old_spec, list);
  size_t n = containers != nullptr ? containers->size() : 0;
  size_t old_n = old_containers != nullptr ? old_containers->size() : 0;
  if (n != old_n) {
    causes.push_back(apimachinery::FieldForbidden(base::StrCat("spec.", list),
                                                  "pod updates may not add or remove containers"));
    return false;
  }
  // ValidateContainerUpdates: an image is still required and unpadded.
  for (size_t i = 0; i < n; ++i) {
    const std::string at = Index(base::StrCat("spec.", list), i);
    if (Str((*containers)[i], "image").empty()) {
      causes.push_back(apimachinery::FieldRequired(Child(at, "image"), ""));
    }
    ValidateContainerForPod((*containers)[i], at, causes);
  }
  for (size_t i = 0; i < n; ++i) {
    if ((*containers)[i].is_object())
      (*containers)[i]["image"] = ValueOr((*old_containers)[i], "image");
  }
  return true;
}

void ValidateDeadlineUpdate(const Json& spec, const Json& old_spec, Causes& causes) {
  std::optional<int64_t> now = Int(spec, "activeDeadlineSeconds");
  std::optional<int64_t> before = Int(old_spec, "activeDeadlineSeconds");
  if (now.has_value() && before.has_value() && *now > *before) {
    causes.push_back(apimachinery::FieldInvalid("spec.activeDeadlineSeconds", Json(*now),
                                                "must be less than or equal to previous value"));
  } else if (!now.has_value() && before.has_value()) {
    causes.push_back(apimachinery::FieldInvalid("spec.activeDeadlineSeconds", Json(nullptr),
                                                "must not update from a positive integer to nil "
                                                "value"));
  }
}

// Every old toleration must still be there (tolerationSeconds may change).
void OnlyAddedTolerations(const Json& spec, const Json& old_spec, Causes& causes) {
  const Json* now = ArrayAt(spec, "tolerations");
  const Json* before = ArrayAt(old_spec, "tolerations");
  if (before == nullptr) return;
  for (const Json& old_toleration : *before) {
    bool found = false;
    for (const Json& t : now != nullptr ? *now : Json::array()) {
      Json a = old_toleration, b = t;
      if (a.is_object()) a.erase("tolerationSeconds");
      if (b.is_object()) b.erase("tolerationSeconds");
      if (a == b) {
        found = true;
        break;
      }
    }
    if (!found) {
      causes.push_back(apimachinery::FieldForbidden(
          "spec.tolerations",
          "existing toleration can not be modified except its tolerationSeconds"));
      return;
    }
  }
}

// Upstream validateOnlyDeletedSchedulingGates: gates may go, none may come.
void OnlyDeletedSchedulingGates(const Json& spec, const Json& old_spec, Causes& causes) {
  const Json* now = ArrayAt(spec, "schedulingGates");
  if (now == nullptr) return;
  std::set<std::string> before;
  if (const Json* old_gates = ArrayAt(old_spec, "schedulingGates")) {
    for (const Json& g : *old_gates) before.insert(Str(g, "name"));
  }
  for (size_t i = 0; i < now->size(); ++i) {
    const std::string name = Str((*now)[i], "name");
    if (before.count(name) != 0) continue;
    causes.push_back(apimachinery::FieldForbidden(
        base::StrCat("spec.schedulingGates[", i, "].name"),
        base::StrCat("only deletion is allowed, but found new scheduling gate '", name, "'")));
  }
}

// Whether `now` keeps `before` as its first elements (only additions).
bool OnlyAppended(const Json* now, const Json* before) {
  const size_t n = before != nullptr ? before->size() : 0;
  if (n == 0) return true;
  if (now == nullptr || now->size() < n) return false;
  for (size_t i = 0; i < n; ++i) {
    if ((*now)[i] != (*before)[i]) return false;
  }
  return true;
}

// What a gated pod may still change (upstream's mutable scheduling
// directives): additions to its node selector, anything in a node affinity
// that had no required terms, additions to the expressions of existing
// required terms. Both are then taken from `old_spec` for the comparison of
// the rest.
void GatedPodUpdate(Json& spec, const Json& old_spec, Causes& causes) {
  const Json selector = ValueOr(spec, "nodeSelector", Json::object());
  const Json old_selector = ValueOr(old_spec, "nodeSelector", Json::object());
  if (selector != old_selector) {
    for (auto it = old_selector.begin(); old_selector.is_object() && it != old_selector.end();
         ++it) {
      const Json* v = Find(selector, it.key());
      if (v != nullptr && *v == it.value()) continue;
      constexpr std::string_view kWhy =
          "only additions to spec.nodeSelector are allowed (no mutations or deletions)";
      causes.push_back(
          selector.empty()
              ? apimachinery::FieldInvalidGo("spec.nodeSelector", "map[string]string(nil)", kWhy)
              : apimachinery::FieldInvalid("spec.nodeSelector", selector, kWhy));
      break;
    }
    spec.erase("nodeSelector");
    if (const Json* v = Find(old_spec, "nodeSelector")) spec["nodeSelector"] = *v;
  }
  const Json* old_affinity = FindPath(old_spec, {"affinity", "nodeAffinity"});
  const Json* affinity = FindPath(spec, {"affinity", "nodeAffinity"});
  if (ValueOr(spec, "affinity").is_null() && old_affinity == nullptr) return;
  if ((affinity != nullptr ? *affinity : Json()) ==
      (old_affinity != nullptr ? *old_affinity : Json())) {
    return;
  }
  const Json* old_terms =
      old_affinity != nullptr
          ? FindPath(*old_affinity,
                     {"requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"})
          : nullptr;
  const std::string terms_path =
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
  if (old_terms != nullptr && old_terms->is_array() && !old_terms->empty()) {
    const Json* terms = affinity != nullptr
                            ? FindPath(*affinity, {"requiredDuringSchedulingIgnoredDuringExecution",
                                                   "nodeSelectorTerms"})
                            : nullptr;
    const Json new_terms = terms != nullptr && terms->is_array() ? *terms : Json::array();
    if (new_terms.size() != old_terms->size()) {
      causes.push_back(apimachinery::FieldInvalid(
          terms_path, new_terms,
          "no additions/deletions to non-empty NodeSelectorTerms list are allowed"));
    } else {
      for (size_t i = 0; i < new_terms.size(); ++i) {
        bool ok = true;
        for (const char* list : {"matchExpressions", "matchFields"}) {
          ok = ok && OnlyAppended(ArrayAt(new_terms[i], list), ArrayAt((*old_terms)[i], list));
        }
        if (!ok) {
          causes.push_back(
              apimachinery::FieldInvalid(Index(terms_path, i), new_terms[i],
                                         "only additions are allowed (no mutations or deletions)"));
        }
      }
    }
  }
  Json* spec_affinity = ObjectAt(spec, "affinity");
  if (spec_affinity == nullptr) {
    spec["affinity"] = {{"nodeAffinity", old_affinity != nullptr ? *old_affinity : Json()}};
  } else if (old_affinity == nullptr) {
    spec_affinity->erase("nodeAffinity");
    if (spec_affinity->empty() && Find(old_spec, "affinity") == nullptr) spec.erase("affinity");
  } else {
    (*spec_affinity)["nodeAffinity"] = *old_affinity;
  }
}

std::string ChangedFields(const Json& spec, const Json& old_spec) {
  std::string out;
  auto note = [&](const std::string& key) {
    if (ValueOr(spec, key) != ValueOr(old_spec, key)) out += base::StrCat("  spec.", key, "\n");
  };
  if (spec.is_object()) {
    for (auto it = spec.begin(); it != spec.end(); ++it) note(it.key());
  }
  if (old_spec.is_object()) {
    for (auto it = old_spec.begin(); it != old_spec.end(); ++it) {
      if (Find(spec, it.key()) == nullptr) note(it.key());
    }
  }
  return out;
}

// Upstream's applyMatchLabelKeysAndMismatchLabelKeys (MatchLabelKeysInPod-
// Affinity, on in v1.32): a pod (anti-)affinity term with a label selector
// gets an expression per matchLabelKeys (In) and mismatchLabelKeys (NotIn)
// key whose label the new pod has, holding the pod's value.
void ApplyAffinityLabelKeys(Json& obj) {
  Json* spec = ObjectAt(obj, "spec");
  Json* affinity = spec != nullptr ? ObjectAt(*spec, "affinity") : nullptr;
  if (affinity == nullptr) return;
  const Json labels = ValueOr(ValueOr(obj, "metadata", Json::object()), "labels", Json::object());
  auto apply = [&labels](Json& term) {
    Json* selector = ObjectAt(term, "labelSelector");
    if (selector == nullptr) return;
    for (const auto& [list, op] :
         {std::pair{"matchLabelKeys", "In"}, std::pair{"mismatchLabelKeys", "NotIn"}}) {
      for (const std::string& key : StringList(term, list)) {
        const Json* value = Find(labels, key);
        if (value == nullptr) continue;
        Json& exprs = (*selector)["matchExpressions"];
        if (!exprs.is_array()) exprs = Json::array();
        exprs.push_back({{"key", key}, {"operator", op}, {"values", Json::array({*value})}});
      }
    }
  };
  for (const char* kind : {"podAffinity", "podAntiAffinity"}) {
    Json* pod_affinity = ObjectAt(*affinity, kind);
    if (pod_affinity == nullptr) continue;
    if (Json* terms = ArrayAt(*pod_affinity, "requiredDuringSchedulingIgnoredDuringExecution")) {
      for (Json& term : *terms) apply(term);
    }
    if (Json* terms = ArrayAt(*pod_affinity, "preferredDuringSchedulingIgnoredDuringExecution")) {
      for (Json& weighted : *terms) {
        if (Json* term = ObjectAt(weighted, "podAffinityTerm")) apply(*term);
      }
    }
  }
}

class PodStrategy : public Strategy {
 public:
  PodStrategy() : Strategy({.namespaced = true, .has_status = true, .has_generation = false}) {}

  void Default(Json& obj) const override {
    if (Json* spec = ObjectAt(obj, "spec")) {
      DefaultPodSpec(*spec);
      DefaultPodOnly(*spec);
    }
  }

  void PrepareForCreate(Json& obj) const override {
    Strategy::PrepareForCreate(obj);
    if (!obj.is_object()) return;
    if (Json* s = ObjectAt(obj, "spec")) AddDefaultTolerations(*s);
    ApplyAffinityLabelKeys(obj);
    ApplyAppArmorVersionSkew(obj);
    const Json* spec = ObjectAt(obj, "spec");
    obj["status"] = {{"phase", "Pending"},
                     {"qosClass", PodQosClass(spec != nullptr ? *spec : Json::object())}};
    // A gated pod says why it is not scheduled (upstream's
    // applySchedulingGatedCondition); kubectl shows SchedulingGated.
    if (spec != nullptr && Size(*spec, "schedulingGates") > 0) {
      obj["status"]["conditions"] =
          Json::array({{{"type", "PodScheduled"},
                        {"status", "False"},
                        {"lastProbeTime", nullptr},
                        {"lastTransitionTime", nullptr},
                        {"reason", "SchedulingGated"},
                        {"message", "Scheduling is blocked due to non-empty scheduling gates"}}});
    }
  }

  // DefaultTolerationSeconds also runs on updates: a PUT of the user's own
  // manifest (without the defaults) keeps them instead of "removing" them.
  void PrepareForUpdate(Json& obj, const Json& old) const override {
    Strategy::PrepareForUpdate(obj, old);
    if (Json* s = ObjectAt(obj, "spec")) AddDefaultTolerations(*s);
  }

  void PrepareForStatusUpdate(Json& obj, const Json& old) const override {
    if (!obj.is_object() || !old.is_object()) return;
    obj["spec"] = ValueOr(old, "spec");
    if (Json* meta = ObjectAt(obj, "metadata")) {
      const Json* old_meta = ObjectAt(old, "metadata");
      for (const char* key :
           {"ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds"}) {
        const Json* v = old_meta != nullptr ? Find(*old_meta, key) : nullptr;
        if (v != nullptr) {
          (*meta)[key] = *v;
        } else {
          meta->erase(key);
        }
      }
    }
    const Json* old_qos = FindPath(old, {"status", "qosClass"});
    if (Json* status = ObjectAt(obj, "status"); status != nullptr && old_qos != nullptr) {
      (*status)["qosClass"] = *old_qos;
    }
  }

  // Unscheduled and terminated pods go at once, whatever was asked.
  int64_t GracePeriodSeconds(const Json& obj, std::optional<int64_t> requested) const override {
    const Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr || Str(*spec, "nodeName").empty()) return 0;
    const Json* phase = FindPath(obj, {"status", "phase"});
    if (phase != nullptr && (*phase == "Failed" || *phase == "Succeeded")) return 0;
    int64_t seconds = requested.value_or(Int(*spec, "terminationGracePeriodSeconds").value_or(30));
    return seconds < 0 ? 1 : seconds;  // upstream: a negative period means 1
  }

  // Upstream's pod WarningsOnCreate (an update changes little of a pod).
  std::vector<std::string> Warnings(const Json& obj, const Json* old) const override {
    if (old != nullptr) return {};
    std::vector<std::string> out = PodSpecWarnings(ValueOr(obj, "spec", Json::object()),
                                                   ValueOr(obj, "metadata", Json::object()), "");
    for (std::string& w :
         PodNameWarnings(Str(ValueOr(obj, "metadata", Json::object()), "name"), true)) {
      out.push_back(std::move(w));
    }
    return out;
  }

  // Ephemeral containers come only through their subresource, and a pod
  // waiting on scheduling gates cannot be bound yet (ValidatePodCreate).
  std::vector<apimachinery::Cause> ValidateCreate(const Json& obj) const override {
    Causes causes = Strategy::ValidateCreate(obj);
    const Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr) return causes;
    if (Size(*spec, "ephemeralContainers") > 0) {
      causes.push_back(
          apimachinery::FieldForbidden("spec.ephemeralContainers", "cannot be set on create"));
    }
    if (!Str(*spec, "nodeName").empty() && Size(*spec, "schedulingGates") > 0) {
      causes.push_back(apimachinery::FieldForbidden(
          "spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
    }
    const Json* annotations = FindPath(obj, {"metadata", "annotations"});
    ValidateSecurityAnnotationsMatchFields(annotations != nullptr ? *annotations : Json::object(),
                                           *spec, "spec", causes);
    return causes;
  }

 protected:
  // validatePodMetadataAndSpec after the metadata: the security
  // annotations, the spec, then what pods check and templates do not.
  void ValidateKind(const Json& obj, Causes& causes) const override {
    static const Json kEmpty = Json::object();
    const Json* found = ObjectAt(obj, "spec");
    const Json& spec = found != nullptr ? *found : kEmpty;
    const Json* annotations = FindPath(obj, {"metadata", "annotations"});
    ValidatePodSecurityAnnotations(annotations != nullptr ? *annotations : kEmpty, spec,
                                   "metadata.annotations", causes);
    ValidatePodSpec(spec, "spec", causes);
    for (const char* list : {"containers", "initContainers"}) {
      const Json* containers = ArrayAt(spec, list);
      for (size_t i = 0; containers != nullptr && i < containers->size(); ++i) {
        ValidateContainerForPod((*containers)[i], Index(base::StrCat("spec.", list), i), causes);
      }
    }
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    // ValidatePodSpecificAnnotationUpdates, which checks the annotations
    // again (upstream repeats those causes).
    static const Json kEmpty = Json::object();
    const Json* annotations = FindPath(obj, {"metadata", "annotations"});
    const Json* old_annotations = FindPath(old, {"metadata", "annotations"});
    ValidateAppArmorAnnotationUpdates(annotations != nullptr ? *annotations : kEmpty,
                                      old_annotations != nullptr ? *old_annotations : kEmpty,
                                      causes);
    ValidatePodSecurityAnnotations(annotations != nullptr ? *annotations : kEmpty,
                                   ValueOr(obj, "spec", kEmpty), "metadata.annotations", causes);
    Json spec = ValueOr(obj, "spec", Json::object());
    Json old_spec = ValueOr(old, "spec", Json::object());
    if (!spec.is_object() || !old_spec.is_object()) return;
    if (!MungeImages(spec, old_spec, "containers", causes) ||
        !MungeImages(spec, old_spec, "initContainers", causes)) {
      return;
    }
    ValidateDeadlineUpdate(spec, old_spec, causes);
    spec.erase("activeDeadlineSeconds");
    if (const Json* v = Find(old_spec, "activeDeadlineSeconds")) spec["activeDeadlineSeconds"] = *v;
    OnlyAddedTolerations(spec, old_spec, causes);
    OnlyDeletedSchedulingGates(spec, old_spec, causes);
    for (const char* key : {"tolerations", "schedulingGates"}) {
      spec.erase(key);
      if (const Json* v = Find(old_spec, key)) spec[key] = *v;
    }
    std::optional<int64_t> old_grace = Int(old_spec, "terminationGracePeriodSeconds");
    if (old_grace.value_or(0) < 0 && Int(spec, "terminationGracePeriodSeconds") == 1) {
      spec["terminationGracePeriodSeconds"] = *old_grace;
    }
    if (Size(old_spec, "schedulingGates") > 0) GatedPodUpdate(spec, old_spec, causes);
    if (spec != old_spec) {
      causes.push_back(apimachinery::FieldForbidden(
          "spec", base::StrCat(kPodUpdateMessage, "\n", ChangedFields(spec, old_spec))));
    }
  }
};

}  // namespace

// Upstream's DefaultTolerationSeconds admission: a new pod tolerates its node
// being not-ready or unreachable for 300 s (then it is evicted), unless its
// own tolerations already cover those NoExecute taints.
void AddDefaultTolerations(Json& spec) {
  bool not_ready = false;
  bool unreachable = false;
  if (const Json* list = ArrayAt(spec, "tolerations")) {
    for (const Json& t : *list) {
      if (!t.is_object()) continue;
      std::string key = Str(t, "key");
      std::string effect = Str(t, "effect");
      if (!effect.empty() && effect != "NoExecute") continue;
      not_ready = not_ready || key.empty() || key == "node.kubernetes.io/not-ready";
      unreachable = unreachable || key.empty() || key == "node.kubernetes.io/unreachable";
    }
  }
  auto add = [&spec](const char* key) {
    if (!spec.contains("tolerations") || !spec["tolerations"].is_array()) {
      spec["tolerations"] = Json::array();
    }
    spec["tolerations"].push_back({{"key", key},
                                   {"operator", "Exists"},
                                   {"effect", "NoExecute"},
                                   {"tolerationSeconds", 300}});
  };
  if (!not_ready) add("node.kubernetes.io/not-ready");
  if (!unreachable) add("node.kubernetes.io/unreachable");
}

void PrepareEphemeralContainersUpdate(Json& obj, const Json& old) {
  if (!obj.is_object() || !old.is_object()) return;
  Json next = old;
  const Json* rv = FindPath(obj, {"metadata", "resourceVersion"});
  if (Json* meta = ObjectAt(next, "metadata")) {
    meta->erase("resourceVersion");
    if (rv != nullptr) (*meta)["resourceVersion"] = *rv;
  }
  const Json* containers = FindPath(obj, {"spec", "ephemeralContainers"});
  if (Json* spec = ObjectAt(next, "spec")) {
    spec->erase("ephemeralContainers");
    if (containers != nullptr) (*spec)["ephemeralContainers"] = *containers;
  }
  obj = std::move(next);
}

std::vector<apimachinery::Cause> ValidateEphemeralContainersUpdate(const Json& obj,
                                                                   const Json& old) {
  Causes causes;
  static const Json kEmpty = Json::object();
  const Json* spec = ObjectAt(obj, "spec");
  ValidatePodSpec(spec != nullptr ? *spec : kEmpty, "spec", causes);
  if (FindPath(old, {"metadata", "annotations", "kubernetes.io/config.mirror"}) != nullptr) {
    return {apimachinery::FieldForbidden("", "static pods do not support ephemeral containers")};
  }
  const Json* now = spec != nullptr ? ArrayAt(*spec, "ephemeralContainers") : nullptr;
  const Json* before = FindPath(old, {"spec", "ephemeralContainers"});
  if (before == nullptr || !before->is_array()) return causes;
  for (const Json& old_container : *before) {
    const std::string name = Str(old_container, "name");
    const Json* found = nullptr;
    for (size_t i = 0; now != nullptr && i < now->size(); ++i) {
      if (Str((*now)[i], "name") == name) found = &(*now)[i];
    }
    if (found == nullptr) {
      causes.push_back(apimachinery::FieldForbidden(
          "spec.ephemeralContainers",
          base::StrCat("existing ephemeral containers \"", name, "\" may not be removed\n")));
    } else if (*found != old_container) {
      causes.push_back(apimachinery::FieldForbidden(
          Child("spec.ephemeralContainers", name),
          base::StrCat("existing ephemeral containers \"", name, "\" may not be changed\n")));
    }
  }
  return causes;
}

std::unique_ptr<Strategy> NewPodStrategy() { return std::make_unique<PodStrategy>(); }

}  // namespace wisp::strategies
