// File: src/strategies/pod_warnings.cc
#include "strategies/pod_warnings.h"

#include <set>

#include "wisp/apimachinery/quantity.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using base::StrCat;

// Node labels upstream has deprecated, and what to use instead.
const char* DeprecatedNodeLabel(std::string_view key) {
  if (key == "beta.kubernetes.io/arch") {
    return "deprecated since v1.14; use \"kubernetes.io/arch\" instead";
  }
  if (key == "beta.kubernetes.io/os") {
    return "deprecated since v1.14; use \"kubernetes.io/os\" instead";
  }
  if (key == "failure-domain.beta.kubernetes.io/region") {
    return "deprecated since v1.17; use \"topology.kubernetes.io/region\" instead";
  }
  if (key == "failure-domain.beta.kubernetes.io/zone") {
    return "deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead";
  }
  if (key == "beta.kubernetes.io/instance-type") {
    return "deprecated since v1.17; use \"node.kubernetes.io/instance-type\" instead";
  }
  return nullptr;
}

// A node selector term's expressions on deprecated labels.
void TermWarnings(const Json& term, const std::string& path, std::vector<std::string>& out) {
  const Json* expressions = ArrayAt(term, "matchExpressions");
  for (size_t i = 0; expressions != nullptr && i < expressions->size(); ++i) {
    const std::string key = Str((*expressions)[i], "key");
    if (const char* msg = DeprecatedNodeLabel(key)) {
      out.push_back(StrCat(Index(Child(path, "matchExpressions"), i), ".key: ", key, " is ", msg));
    }
  }
}

// "1500m" of memory: a byte count must be whole.
void FractionalBytes(const Json& list, const std::string& path, std::vector<std::string>& out) {
  for (const char* resource : {"memory", "ephemeral-storage"}) {
    const Json* q = Find(list, resource);
    if (q == nullptr || !q->is_string()) continue;
    auto milli = apimachinery::ParseMilliQuantity(q->get_ref<const std::string&>());
    if (!milli.ok() || *milli % 1000 == 0) continue;
    out.push_back(StrCat(Key(path, resource), ": fractional byte value \"",
                         apimachinery::CanonicalQuantity(q->get_ref<const std::string&>()),
                         "\" is invalid, must be an integer"));
  }
}

// A later env var of the same name that does not build on the earlier one.
void DuplicateEnv(const Json& c, const std::string& path, std::vector<std::string>& out) {
  const Json* env = ArrayAt(c, "env");
  if (env == nullptr || env->size() < 2) return;
  std::set<std::string> seen;
  for (size_t i = 0; i < env->size(); ++i) {
    const std::string name = Str((*env)[i], "name");
    if (seen.insert(name).second) continue;
    const std::string ref = StrCat("$(", name, ")");
    const std::string value = Str((*env)[i], "value");
    const bool bad = Find((*env)[i], "valueFrom") != nullptr || value == ref ||
                     value.find(ref) == std::string::npos;
    if (bad) {
      out.push_back(StrCat(Index(Child(path, "env"), i), ": hides previous definition of \"", name,
                           "\", which may be dropped when using apply"));
    }
  }
}

}  // namespace

std::vector<std::string> PodSpecWarnings(const Json& spec, const Json& meta,
                                         std::string_view path) {
  std::vector<std::string> out;
  const std::string spec_path = Child(path, "spec");
  if (const Json* selector = ObjectAt(spec, "nodeSelector")) {
    for (auto it = selector->begin(); it != selector->end(); ++it) {
      if (const char* msg = DeprecatedNodeLabel(it.key())) {
        out.push_back(StrCat(Key(Child(spec_path, "nodeSelector"), it.key()), ": ", msg));
      }
    }
  }
  if (const Json* node = FindPath(spec, {"affinity", "nodeAffinity"})) {
    const std::string at = Child(spec_path, "affinity.nodeAffinity");
    if (const Json* terms = FindPath(
            *node, {"requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"})) {
      for (size_t i = 0; terms->is_array() && i < terms->size(); ++i) {
        TermWarnings((*terms)[i],
                     Index(Child(at,
                                 "requiredDuringSchedulingIgnoredDuringExecution."
                                 "nodeSelectorTerms"),
                           i),
                     out);
      }
    }
    if (const Json* preferred = ArrayAt(*node, "preferredDuringSchedulingIgnoredDuringExecution")) {
      for (size_t i = 0; i < preferred->size(); ++i) {
        if (const Json* pref = ObjectAt((*preferred)[i], "preference")) {
          TermWarnings(*pref,
                       Child(Index(Child(at, "preferredDuringSchedulingIgnoredDuringExecution"), i),
                             "preference"),
                       out);
        }
      }
    }
  }
  if (const Json* spread = ArrayAt(spec, "topologySpreadConstraints")) {
    for (size_t i = 0; i < spread->size(); ++i) {
      const std::string at = Index(Child(spec_path, "topologySpreadConstraints"), i);
      if (const char* msg = DeprecatedNodeLabel(Str((*spread)[i], "topologyKey"))) {
        out.push_back(StrCat(Child(at, "topologyKey"), ": ", msg));
      }
      if (ValueOr((*spread)[i], "labelSelector").is_null()) {
        out.push_back(StrCat(Child(at, "labelSelector"),
                             ": a null labelSelector results in matching no pod"));
      }
    }
  }
  for (const auto& [list, field] :
       {std::pair{"hostAliases", "ip"}, std::pair{"imagePullSecrets", "name"}}) {
    const Json* items = ArrayAt(spec, list);
    std::set<std::string> seen;
    for (size_t i = 0; items != nullptr && i < items->size(); ++i) {
      const std::string value = Str((*items)[i], field);
      if (!seen.insert(value).second) {
        out.push_back(StrCat(Child(Index(Child(spec_path, list), i), field), ": duplicate ", field,
                             " \"", value, "\""));
      }
    }
  }
  if (const Json* secrets = ArrayAt(spec, "imagePullSecrets")) {
    for (size_t i = 0; i < secrets->size(); ++i) {
      if (Str((*secrets)[i], "name").empty()) {
        out.push_back(StrCat(Child(Index(Child(spec_path, "imagePullSecrets"), i), "name"),
                             ": invalid empty name \"\""));
      }
    }
  }
  if (const Json* overhead = ObjectAt(spec, "overhead")) {
    FractionalBytes(*overhead, Child(spec_path, "overhead"), out);
  }
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    const Json* containers = ArrayAt(spec, list);
    for (size_t i = 0; containers != nullptr && i < containers->size(); ++i) {
      const Json& c = (*containers)[i];
      const std::string at = Index(Child(spec_path, list), i);
      for (const char* part : {"limits", "requests"}) {
        if (const Json* values = FindPath(c, {"resources", part})) {
          FractionalBytes(*values, Child(Child(at, "resources"), part), out);
        }
      }
      DuplicateEnv(c, at, out);
    }
  }
  if (Int(spec, "terminationGracePeriodSeconds").value_or(0) < 0) {
    out.push_back(StrCat(Child(spec_path, "terminationGracePeriodSeconds"),
                         ": must be >= 0; negative values are invalid and will be treated as 1"));
  }
  (void)meta;
  return out;
}

std::vector<std::string> PodNameWarnings(std::string_view name, bool pod) {
  std::vector<std::string> problems = apimachinery::IsDns1123Label(name);
  if (name.empty() || problems.empty()) return {};
  std::string list = "[";
  for (size_t i = 0; i < problems.size(); ++i) list += (i ? " " : "") + problems[i];
  list += "]";
  return {StrCat("metadata.name: this is used in ",
                 pod ? "the Pod's hostname" : "Pod names and hostnames",
                 ", which can result in surprising behavior; a DNS label is recommended: ", list)};
}

}  // namespace wisp::strategies
