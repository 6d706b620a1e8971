// Scheduling constraints of a pod spec as upstream's validateAffinity,
// validateTopologySpreadConstraints and ValidateTolerations.
#include "strategies/scheduling_validation.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "strategies/selector.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using apimachinery::FieldDuplicate;
using apimachinery::FieldForbidden;
using apimachinery::FieldInvalid;
using apimachinery::FieldNotSupported;
using apimachinery::FieldRequired;

constexpr std::string_view kRequired = "requiredDuringSchedulingIgnoredDuringExecution";
constexpr std::string_view kPreferred = "preferredDuringSchedulingIgnoredDuringExecution";
constexpr std::string_view kBadOperator = "not a valid selector operator";
constexpr std::string_view kWeightRange = "must be in the range 1-100";

// unversionedvalidation.ValidateLabelName.
void ValidateLabelName(const std::string& name, const std::string& path, Causes& causes) {
  AddInvalid(causes, path, Json(name), apimachinery::IsQualifiedName(name));
}

// ValidateNodeSelectorRequirement (v1.32 checks no values' syntax).
void ValidateNodeSelectorRequirement(const Json& req, const std::string& path, Causes& causes) {
  const std::string op = Str(req, "operator");
  const size_t values = Size(req, "values");
  const std::string values_path = Child(path, "values");
  if (op == "In" || op == "NotIn") {
    if (values == 0) {
      causes.push_back(
          FieldRequired(values_path, "must be specified when `operator` is 'In' or 'NotIn'"));
    }
  } else if (op == "Exists" || op == "DoesNotExist") {
    if (values > 0) {
      causes.push_back(FieldForbidden(
          values_path, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    }
  } else if (op == "Gt" || op == "Lt") {
    if (values != 1) {
      causes.push_back(FieldRequired(
          values_path, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
    }
  } else {
    causes.push_back(FieldInvalid(Child(path, "operator"), Json(op), kBadOperator));
  }
  ValidateLabelName(Str(req, "key"), Child(path, "key"), causes);
}

// ValidateNodeFieldSelectorRequirement: only metadata.name, In or NotIn with
// one node name.
void ValidateNodeFieldRequirement(const Json& req, const std::string& path, Causes& causes) {
  const std::string op = Str(req, "operator");
  if (op == "In" || op == "NotIn") {
    if (Size(req, "values") != 1) {
      causes.push_back(FieldRequired(
          Child(path, "values"),
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else {
    causes.push_back(FieldInvalid(Child(path, "operator"), Json(op), kBadOperator));
  }
  const std::string key = Str(req, "key");
  if (key != "metadata.name") {
    causes.push_back(FieldInvalid(Child(path, "key"), Json(key), "not a valid field selector key"));
    return;
  }
  const std::vector<std::string> values = StringList(req, "values");
  for (size_t i = 0; i < values.size(); ++i) {
    AddInvalid(causes, Index(Child(path, "values"), i), Json(values[i]),
               apimachinery::IsDns1123Subdomain(values[i]));
  }
}

void ValidateNodeSelectorTerm(const Json& term, const std::string& path, Causes& causes) {
  if (const Json* exprs = ArrayAt(term, "matchExpressions")) {
    for (size_t j = 0; j < exprs->size(); ++j) {
      ValidateNodeSelectorRequirement((*exprs)[j], Index(Child(path, "matchExpressions"), j),
                                      causes);
    }
  }
  if (const Json* fields = ArrayAt(term, "matchFields")) {
    for (size_t j = 0; j < fields->size(); ++j) {
      ValidateNodeFieldRequirement((*fields)[j], Index(Child(path, "matchFields"), j), causes);
    }
  }
}

void ValidateNodeAffinity(const Json& affinity, const std::string& path, Causes& causes) {
  if (const Json* required = ObjectAt(affinity, kRequired)) {
    ValidateNodeSelector(*required, Child(path, kRequired), causes);
  }
  const Json* preferred = ArrayAt(affinity, kPreferred);
  if (preferred == nullptr) return;
  for (size_t i = 0; i < preferred->size(); ++i) {
    const Json& term = (*preferred)[i];
    const std::string at = Index(Child(path, kPreferred), i);
    const int64_t weight = Int(term, "weight").value_or(0);
    if (weight <= 0 || weight > 100) {
      causes.push_back(FieldInvalid(Child(at, "weight"), Json(weight), kWeightRange));
    }
    static const Json kEmpty = Json::object();
    const Json* preference = ObjectAt(term, "preference");
    ValidateNodeSelectorTerm(preference != nullptr ? *preference : kEmpty, Child(at, "preference"),
                             causes);
  }
}

// validateMatchLabelKeysAndMismatchLabelKeys of a pod affinity term at
// `path`. The keys need a label selector; a matchLabelKeys key may not also
// be one the selector already names more than once (the pod strategy adds
// one expression per matchLabelKeys key before validation), nor a
// mismatchLabelKeys key.
void ValidateAffinityLabelKeys(const Json& term, const std::string& path, Causes& causes) {
  const Json* selector = ObjectAt(term, "labelSelector");
  const std::vector<std::string> match = StringList(term, "matchLabelKeys");
  const std::vector<std::string> mismatch = StringList(term, "mismatchLabelKeys");
  for (const auto& [key, keys] :
       {std::pair{"matchLabelKeys", &match}, std::pair{"mismatchLabelKeys", &mismatch}}) {
    if (keys->empty()) continue;
    const std::string at = Child(path, key);
    if (selector == nullptr) {
      causes.push_back(FieldForbidden(at, "must not be specified when labelSelector is not set"));
      continue;
    }
    for (size_t i = 0; i < keys->size(); ++i) ValidateLabelName((*keys)[i], Index(at, i), causes);
  }
  if (selector != nullptr) {
    std::map<std::string, size_t> match_index;  // the last index of each key
    for (size_t i = 0; i < match.size(); ++i) match_index[match[i]] = i;
    std::set<std::string> seen;
    if (const Json* labels = ObjectAt(*selector, "matchLabels")) {
      for (auto it = labels->begin(); it != labels->end(); ++it) seen.insert(it.key());
    }
    if (const Json* exprs = ArrayAt(*selector, "matchExpressions")) {
      for (const Json& expr : *exprs) {
        const std::string key = Str(expr, "key");
        auto found = match_index.find(key);
        if (found != match_index.end() && seen.count(key) != 0) {
          // Upstream indexes the term's path itself here (sic).
          causes.push_back(FieldInvalid(Index(path, found->second), Json(key),
                                        "exists in both matchLabelKeys and labelSelector"));
        }
        seen.insert(key);
      }
    }
  }
  const std::set<std::string> mismatch_set(mismatch.begin(), mismatch.end());
  for (size_t i = 0; i < match.size(); ++i) {
    if (mismatch_set.count(match[i]) != 0) {
      causes.push_back(FieldInvalid(Index(Child(path, "matchLabelKeys"), i), Json(match[i]),
                                    "exists in both matchLabelKeys and mismatchLabelKeys"));
    }
  }
}

void ValidatePodAffinityTerm(const Json& term, const std::string& path, Causes& causes) {
  for (const char* key : {"labelSelector", "namespaceSelector"}) {
    if (const Json* selector = ObjectAt(term, key)) {
      ValidateLabelSelector(*selector, Child(path, key), causes);
    }
  }
  for (const std::string& name : StringList(term, "namespaces")) {
    // Upstream reports these on "namespace" (sic).
    AddInvalid(causes, Child(path, "namespace"), Json(name), apimachinery::IsDns1123Label(name));
  }
  ValidateAffinityLabelKeys(term, path, causes);
  const std::string topology_key = Str(term, "topologyKey");
  if (topology_key.empty()) {
    causes.push_back(FieldRequired(Child(path, "topologyKey"), "can not be empty"));
  }
  ValidateLabelName(topology_key, Child(path, "topologyKey"), causes);
}

// validatePodAffinity and validatePodAntiAffinity (the same rules).
void ValidatePodAffinity(const Json& affinity, const std::string& path, Causes& causes) {
  if (const Json* required = ArrayAt(affinity, kRequired)) {
    for (size_t i = 0; i < required->size(); ++i) {
      ValidatePodAffinityTerm((*required)[i], Index(Child(path, kRequired), i), causes);
    }
  }
  const Json* preferred = ArrayAt(affinity, kPreferred);
  if (preferred == nullptr) return;
  for (size_t i = 0; i < preferred->size(); ++i) {
    const Json& weighted = (*preferred)[i];
    const std::string at = Index(Child(path, kPreferred), i);
    const int64_t weight = Int(weighted, "weight").value_or(0);
    if (weight <= 0 || weight > 100) {
      causes.push_back(FieldInvalid(Child(at, "weight"), Json(weight), kWeightRange));
    }
    static const Json kEmpty = Json::object();
    const Json* term = ObjectAt(weighted, "podAffinityTerm");
    ValidatePodAffinityTerm(term != nullptr ? *term : kEmpty, Child(at, "podAffinityTerm"), causes);
  }
}

// validateMatchLabelKeysInTopologySpread: label names, a selector to add
// them to, and none the selector already names.
void ValidateSpreadLabelKeys(const Json& constraint, const std::string& path, Causes& causes) {
  const std::vector<std::string> keys = StringList(constraint, "matchLabelKeys");
  if (keys.empty()) return;
  std::set<std::string> selector_keys;
  if (const Json* selector = ObjectAt(constraint, "labelSelector")) {
    if (const Json* labels = ObjectAt(*selector, "matchLabels")) {
      for (auto it = labels->begin(); it != labels->end(); ++it) selector_keys.insert(it.key());
    }
    if (const Json* exprs = ArrayAt(*selector, "matchExpressions")) {
      for (const Json& expr : *exprs) selector_keys.insert(Str(expr, "key"));
    }
  } else {
    causes.push_back(FieldForbidden(path, "must not be specified when labelSelector is not set"));
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    ValidateLabelName(keys[i], Index(path, i), causes);
    if (selector_keys.count(keys[i]) != 0) {
      causes.push_back(FieldInvalid(Index(path, i), Json(keys[i]),
                                    "exists in both matchLabelKeys and labelSelector"));
    }
  }
}

void ValidateSpreadConstraint(const Json& list, size_t i, const std::string& at, Causes& causes) {
  const Json& constraint = list[i];
  const int64_t max_skew = Int(constraint, "maxSkew").value_or(0);
  if (max_skew <= 0) {
    causes.push_back(
        FieldInvalid(Child(at, "maxSkew"), Json(max_skew), "must be greater than zero"));
  }
  const std::string topology_key = Str(constraint, "topologyKey");
  if (topology_key.empty()) {
    causes.push_back(FieldRequired(Child(at, "topologyKey"), "can not be empty"));
  }
  const std::string action = Str(constraint, "whenUnsatisfiable");
  if (action != "DoNotSchedule" && action != "ScheduleAnyway") {
    causes.push_back(FieldNotSupported(Child(at, "whenUnsatisfiable"), Json(action),
                                       {"DoNotSchedule", "ScheduleAnyway"}));
  }
  // {topologyKey, whenUnsatisfiable} names one kind of constraint: the first
  // of two alike is the one reported.
  for (size_t j = i + 1; j < list.size(); ++j) {
    if (Str(list[j], "topologyKey") == topology_key &&
        Str(list[j], "whenUnsatisfiable") == action) {
      causes.push_back(FieldDuplicate(Child(at, "{topologyKey, whenUnsatisfiable}"),
                                      Json(base::StrCat("{", topology_key, ", ", action, "}"))));
      break;
    }
  }
  if (Find(constraint, "minDomains") != nullptr) {
    const int64_t min_domains = Int(constraint, "minDomains").value_or(0);
    const std::string min_path = Child(at, "minDomains");
    if (min_domains <= 0) {
      causes.push_back(FieldInvalid(min_path, Json(min_domains), "must be greater than zero"));
    }
    if (action != "DoNotSchedule") {
      causes.push_back(FieldInvalid(
          min_path, Json(min_domains),
          base::StrCat("can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ",
                       action)));
    }
  }
  for (const char* policy : {"nodeAffinityPolicy", "nodeTaintsPolicy"}) {
    const Json* value = Find(constraint, policy);
    if (value != nullptr && *value != "Honor" && *value != "Ignore") {
      causes.push_back(FieldNotSupported(Child(at, policy), *value, {"Honor", "Ignore"}));
    }
  }
  ValidateSpreadLabelKeys(constraint, Child(at, "matchLabelKeys"), causes);
  if (const Json* selector = ObjectAt(constraint, "labelSelector")) {
    ValidateLabelSelector(*selector, Child(at, "labelSelector"), causes);
  }
}

}  // namespace

void ValidateNodeSelector(const Json& selector, std::string_view path, Causes& causes) {
  const std::string terms_path = Child(path, "nodeSelectorTerms");
  const Json* terms = ArrayAt(selector, "nodeSelectorTerms");
  if (terms == nullptr || terms->empty()) {
    causes.push_back(FieldRequired(terms_path, "must have at least one node selector term"));
    return;
  }
  for (size_t i = 0; i < terms->size(); ++i) {
    ValidateNodeSelectorTerm((*terms)[i], Index(terms_path, i), causes);
  }
}

void ValidateAffinity(const Json& spec, std::string_view path, Causes& causes) {
  const Json* affinity = ObjectAt(spec, "affinity");
  if (affinity == nullptr) return;
  const std::string at = Child(path, "affinity");
  if (const Json* node = ObjectAt(*affinity, "nodeAffinity")) {
    ValidateNodeAffinity(*node, Child(at, "nodeAffinity"), causes);
  }
  for (const char* kind : {"podAffinity", "podAntiAffinity"}) {
    if (const Json* pod = ObjectAt(*affinity, kind))
      ValidatePodAffinity(*pod, Child(at, kind), causes);
  }
}

void ValidateTopologySpreadConstraints(const Json& spec, std::string_view path, Causes& causes) {
  const Json* list = ArrayAt(spec, "topologySpreadConstraints");
  if (list == nullptr) return;
  const std::string list_path = Child(path, "topologySpreadConstraints");
  for (size_t i = 0; i < list->size(); ++i) {
    ValidateSpreadConstraint(*list, i, Index(list_path, i), causes);
  }
}

void ValidateTolerations(const Json& spec, std::string_view path, Causes& causes) {
  const Json* tolerations = ArrayAt(spec, "tolerations");
  if (tolerations == nullptr) return;
  for (size_t i = 0; i < tolerations->size(); ++i) {
    const Json& t = (*tolerations)[i];
    const std::string at = Index(Child(path, "tolerations"), i);
    const std::string key = Str(t, "key"), op = Str(t, "operator"), effect = Str(t, "effect");
    if (!key.empty()) {
      ValidateLabelName(key, Child(at, "key"), causes);
    } else if (op != "Exists") {
      causes.push_back(FieldInvalid(
          Child(at, "operator"), Json(op),
          "operator must be Exists when `key` is empty, which means \"match all values and all "
          "keys\""));
    }
    if (Find(t, "tolerationSeconds") != nullptr && effect != "NoExecute") {
      causes.push_back(FieldInvalid(Child(at, "effect"), Json(effect),
                                    "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    const std::string value = Str(t, "value");
    if (op.empty() || op == "Equal") {
      std::vector<std::string> problems = apimachinery::IsValidLabelValue(value);
      if (!problems.empty()) {
        std::string joined;
        for (const std::string& p : problems) joined += (joined.empty() ? "" : ";") + p;
        causes.push_back(FieldInvalid(Child(at, "operator"), Json(value), joined));
      }
    } else if (op == "Exists") {
      if (!value.empty()) {
        causes.push_back(FieldInvalid(Child(at, "operator"), Json(value),
                                      "value must be empty when `operator` is 'Exists'"));
      }
    } else {
      causes.push_back(FieldNotSupported(Child(at, "operator"), Json(op), {"Equal", "Exists"}));
    }
    if (!effect.empty()) {
      ValidateEnum(t, "effect", at, {"NoSchedule", "PreferNoSchedule", "NoExecute"}, false, causes);
    }
  }
}

}  // namespace wisp::strategies
