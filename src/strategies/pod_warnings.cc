// File: src/strategies/pod_warnings.cc
//
// The warnings come out in upstream's order (warningsForPodSpecAndMeta), so
// Warning headers line up with a real API server's.
#include "strategies/pod_warnings.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "strategies/pod_defaults.h"
#include "strategies/workload.h"
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

// Deprecated node labels in the node selector, node affinity and spread
// constraints, and spread constraints that select nothing.
void NodeLabelWarnings(const Json& spec, const std::string& spec_path,
                       std::vector<std::string>& out) {
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
      const std::string terms_at =
          Child(at, "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms");
      for (size_t i = 0; terms->is_array() && i < terms->size(); ++i) {
        TermWarnings((*terms)[i], Index(terms_at, i), out);
      }
    }
    if (const Json* preferred = ArrayAt(*node, "preferredDuringSchedulingIgnoredDuringExecution")) {
      const std::string preferred_at = Child(at, "preferredDuringSchedulingIgnoredDuringExecution");
      for (size_t i = 0; i < preferred->size(); ++i) {
        if (const Json* pref = ObjectAt((*preferred)[i], "preference")) {
          TermWarnings(*pref, Child(Index(preferred_at, i), "preference"), out);
        }
      }
    }
  }
  if (const Json* spread = ArrayAt(spec, "topologySpreadConstraints")) {
    for (size_t i = 0; i < spread->size(); ++i) {
      const std::string at = Index(Child(spec_path, "topologySpreadConstraints"), i);
      const std::string key = Str((*spread)[i], "topologyKey");
      if (const char* msg = DeprecatedNodeLabel(key)) {
        out.push_back(StrCat(Child(at, "topologyKey"), ": ", key, " is ", msg));
      }
      if (ValueOr((*spread)[i], "labelSelector").is_null()) {
        out.push_back(StrCat(Child(at, "labelSelector"),
                             ": a null labelSelector results in matching no pod"));
      }
    }
  }
}

// Annotations that stopped doing anything long ago.
void DeprecatedAnnotations(const Json& annotations, const std::string& at,
                           std::vector<std::string>& out) {
  static constexpr std::pair<std::string_view, std::string_view> kDeprecated[] = {
      {"scheduler.alpha.kubernetes.io/critical-pod",
       "non-functional in v1.16+; use the \"priorityClassName\" field instead"},
      {"security.alpha.kubernetes.io/sysctls",
       "non-functional in v1.11+; use the \"sysctls\" field instead"},
      {"security.alpha.kubernetes.io/unsafe-sysctls",
       "non-functional in v1.11+; use the \"sysctls\" field instead"},
  };
  for (const auto& [key, message] : kDeprecated) {
    if (Find(annotations, key) != nullptr) out.push_back(StrCat(Key(at, key), ": ", message));
  }
}

// "1500m" of memory: a byte count must be whole.
void FractionalBytes(const Json& list, std::string_view resource, const std::string& path,
                     std::vector<std::string>& out) {
  const Json* q = Find(list, resource);
  if (q == nullptr || !q->is_string()) return;
  auto milli = apimachinery::ParseMilliQuantity(q->get_ref<const std::string&>());
  if (!milli.ok() || *milli % 1000 == 0) return;
  out.push_back(StrCat(Key(path, resource), ": fractional byte value \"",
                       apimachinery::CanonicalQuantity(q->get_ref<const std::string&>()),
                       "\" is invalid, must be an integer"));
}

// Removed or deprecated volume plugins, and fractional storage sizes in
// ephemeral volume claim templates.
void VolumeWarnings(const Json& volumes, const std::string& spec_path,
                    std::vector<std::string>& out) {
  static constexpr std::pair<std::string_view, std::string_view> kPlugins[] = {
      {"photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"},
      {"gitRepo", "deprecated in v1.11"},
      {"scaleIO", "deprecated in v1.16, non-functional in v1.22+"},
      {"flocker", "deprecated in v1.22, non-functional in v1.25+"},
      {"storageOS", "deprecated in v1.22, non-functional in v1.25+"},
      {"quobyte", "deprecated in v1.22, non-functional in v1.25+"},
      {"glusterfs", "deprecated in v1.25, non-functional in v1.26+"},
      {"ephemeral", ""},  // its claim template's sizes, in this position
      {"cephfs", "deprecated in v1.28, non-functional in v1.31+"},
      {"rbd", "deprecated in v1.28, non-functional in v1.31+"},
  };
  for (size_t i = 0; i < volumes.size(); ++i) {
    const Json& v = volumes[i];
    const std::string at = Index(Child(spec_path, "volumes"), i);
    for (const auto& [plugin, message] : kPlugins) {
      if (Find(v, plugin) == nullptr) continue;
      if (!message.empty()) {
        out.push_back(StrCat(Child(at, plugin), ": ", message));
        continue;
      }
      const Json* claim = FindPath(v, {"ephemeral", "volumeClaimTemplate", "spec", "resources"});
      if (claim == nullptr) continue;
      const std::string claim_at = Child(at, "ephemeral.volumeClaimTemplate.spec.resources");
      for (const char* part : {"requests", "limits"}) {
        if (const Json* list = ObjectAt(*claim, part)) {
          FractionalBytes(*list, "storage", Child(claim_at, part), out);
        }
      }
    }
  }
}

// upstream's checkForOverlap: a path already taken that is `path`, lies
// under it or holds it ("" when none). Go walks a hash set; this walks the
// paths sorted.
std::string Overlap(const std::set<std::string>& taken, const std::string& path) {
  for (const std::string& item : taken) {
    if (item.empty() || path.empty()) return "";
    if (item == path || (item + "/").starts_with(path) || (path + "/").starts_with(item)) {
      return item;
    }
  }
  return "";
}

// upstream's checkVolumeMappingForOverlap: each path (trailing slashes
// dropped) against the ones before it.
void MappingOverlaps(const std::vector<std::string>& paths, const std::string& message,
                     std::vector<std::string>& out) {
  std::set<std::string> taken;
  for (const std::string& raw : paths) {
    const std::string path = raw.substr(0, raw.find_last_not_of('/') + 1);
    if (std::string collision = Overlap(taken, path); !collision.empty()) {
      out.push_back(StrCat(message, ": ", GoQuoted(path), " with ", GoQuoted(collision)));
    }
    taken.insert(path);
  }
}

// The `path` of every entry of `items`.
std::vector<std::string> ItemPaths(const Json& items) {
  std::vector<std::string> paths;
  for (const Json& item : items) paths.push_back(Str(item, "path"));
  return paths;
}

// A projected volume's sources: overlaps within each source, then against
// the sources before it.
void ProjectedOverlaps(const Json& sources, const std::string& name,
                       std::vector<std::string>& out) {
  // As upstream, a source that yields no paths (a configMap without items)
  // re-checks the previous source's paths under its message.
  std::vector<std::string> paths;
  std::string message;
  std::set<std::string> all;
  for (const Json& source : sources) {
    const Json* items = nullptr;
    if (!source.is_object() ||
        std::none_of(source.begin(), source.end(), [](const Json& v) { return !v.is_null(); })) {
      out.push_back(StrCat("volume ", GoQuoted(name), " (Projected) has no sources provided"));
      continue;
    }
    if (const Json* cm = ObjectAt(source, "configMap"); cm && (items = ArrayAt(*cm, "items"))) {
      paths = ItemPaths(*items);
      message = StrCat("volume ", GoQuoted(name), " (Projected ConfigMap ",
                       GoQuoted(Str(*cm, "name")), "): overlapping paths");
    } else if (const Json* s = ObjectAt(source, "secret"); s && (items = ArrayAt(*s, "items"))) {
      paths = ItemPaths(*items);
      message = StrCat("volume ", GoQuoted(name), " (Projected Secret ", GoQuoted(Str(*s, "name")),
                       "): overlapping paths");
    } else if (const Json* d = ObjectAt(source, "downwardAPI");
               d && (items = ArrayAt(*d, "items"))) {
      paths = ItemPaths(*items);
      message = StrCat("volume ", GoQuoted(name), " (Projected DownwardAPI): overlapping paths");
    } else if (const Json* t = ObjectAt(source, "serviceAccountToken")) {
      paths = {Str(*t, "path")};
      message =
          StrCat("volume ", GoQuoted(name), " (Projected ServiceAccountToken): overlapping paths");
    } else if (const Json* b = ObjectAt(source, "clusterTrustBundle")) {
      paths = {Str(*b, "path")};
      const std::string bundle = Find(*b, "name") ? Str(*b, "name") : Str(*b, "signerName");
      message = StrCat("volume ", GoQuoted(name), " (Projected ClusterTrustBundle ",
                       GoQuoted(bundle), "): overlapping paths");
    }
    if (paths.empty()) continue;
    MappingOverlaps(paths, message, out);
    std::set<std::string> unique(paths.begin(), paths.end());
    std::vector<std::string> ordered(unique.begin(), unique.end());
    ordered.insert(ordered.end(), all.begin(), all.end());
    std::sort(ordered.begin(), ordered.end());
    MappingOverlaps(ordered, message, out);
    all.insert(unique.begin(), unique.end());
  }
}

// upstream's warningsForOverlappingVirtualPaths: items of one volume that
// land on the same file, or on a file and a directory.
void OverlappingPaths(const Json& volumes, std::vector<std::string>& out) {
  for (const Json& v : volumes) {
    const std::string name = Str(v, "name");
    const Json* items = nullptr;
    if (const Json* cm = ObjectAt(v, "configMap"); cm && (items = ArrayAt(*cm, "items"))) {
      MappingOverlaps(ItemPaths(*items),
                      StrCat("volume ", GoQuoted(name), " (ConfigMap ", GoQuoted(Str(*cm, "name")),
                             "): overlapping paths"),
                      out);
    }
    if (const Json* s = ObjectAt(v, "secret"); s && (items = ArrayAt(*s, "items"))) {
      MappingOverlaps(ItemPaths(*items),
                      StrCat("volume ", GoQuoted(name), " (Secret ",
                             GoQuoted(Str(*s, "secretName")), "): overlapping paths"),
                      out);
    }
    if (const Json* d = ObjectAt(v, "downwardAPI"); d && (items = ArrayAt(*d, "items"))) {
      MappingOverlaps(ItemPaths(*items),
                      StrCat("volume ", GoQuoted(name), " (DownwardAPI): overlapping paths"), out);
    }
    if (const Json* sources = FindPath(v, {"projected", "sources"});
        sources != nullptr && sources->is_array()) {
      ProjectedOverlaps(*sources, name, out);
    }
  }
}

// Repeated host alias IPs and image pull secrets, and nameless secrets.
void ListWarnings(const Json& spec, const std::string& spec_path, std::vector<std::string>& out) {
  for (const auto& [list, field] :
       {std::pair{"hostAliases", "ip"}, std::pair{"imagePullSecrets", "name"}}) {
    const Json* items = ArrayAt(spec, list);
    std::set<std::string> seen;
    for (size_t i = 0; items != nullptr && i < items->size(); ++i) {
      const std::string value = Str((*items)[i], field);
      if (!seen.insert(value).second) {
        out.push_back(StrCat(Child(Index(Child(spec_path, list), i), field), ": duplicate ", field,
                             " ", GoQuoted(value)));
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
      out.push_back(StrCat(Index(Child(path, "env"), i), ": hides previous definition of ",
                           GoQuoted(name), ", which may be dropped when using apply"));
    }
  }
}

// Every container with its field path, as upstream's VisitContainersWithPath
// orders them: init containers, containers, ephemeral containers.
std::vector<std::pair<const Json*, std::string>> Containers(const Json& spec,
                                                            const std::string& spec_path) {
  std::vector<std::pair<const Json*, std::string>> all;
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    const Json* containers = ArrayAt(spec, list);
    for (size_t i = 0; containers != nullptr && i < containers->size(); ++i) {
      all.emplace_back(&(*containers)[i], Index(Child(spec_path, list), i));
    }
  }
  return all;
}

// What each container asks for that will not work as meant: seccomp and
// (templates only) AppArmor annotations without the fields, fractional
// byte quantities, env vars hiding earlier ones.
void ContainerWarnings(const Json& spec, const Json& annotations, std::string_view path,
                       std::vector<std::string>& out) {
  const std::string annotations_at = Child(path, "metadata.annotations");
  const bool pod_apparmor = FindPath(spec, {"securityContext", "appArmorProfile"}) != nullptr;
  for (const auto& [c, at] : Containers(spec, Child(path, "spec"))) {
    const std::string name = Str(*c, "name");
    const std::string seccomp = StrCat(kSeccompContainerPrefix, name);
    if (FindPath(*c, {"securityContext", "seccompProfile"}) == nullptr &&
        Find(annotations, seccomp) != nullptr) {
      out.push_back(StrCat(Key(annotations_at, seccomp),
                           ": non-functional in v1.27+; use the \"seccompProfile\" field instead"));
    }
    // A pod's own AppArmor warning comes from AppArmorPodWarnings.
    const std::string apparmor = StrCat(kAppArmorContainerPrefix, name);
    if (!path.empty() && !pod_apparmor &&
        FindPath(*c, {"securityContext", "appArmorProfile"}) == nullptr &&
        Find(annotations, apparmor) != nullptr) {
      out.push_back(StrCat(Key(annotations_at, apparmor),
                           ": deprecated since v1.30; use the \"appArmorProfile\" field instead"));
    }
    const std::string resources_at = Child(at, "resources");
    for (const char* resource : {"memory", "ephemeral-storage"}) {
      for (const char* part : {"limits", "requests"}) {
        if (const Json* values = FindPath(*c, {"resources", part})) {
          FractionalBytes(*values, resource, Child(resources_at, part), out);
        }
      }
    }
    DuplicateEnv(*c, at, out);
  }
}

// A container port as Go's %+v prints upstream's core.ContainerPort.
std::string GoPort(const Json& port) {
  return StrCat("{Name:", Str(port, "name"), " HostPort:", Int(port, "hostPort").value_or(0),
                " ContainerPort:", Int(port, "containerPort").value_or(0),
                " Protocol:", Str(port, "protocol"), " HostIP:", Str(port, "hostIP"), "}");
}

// Host IPs without host ports, and container ports declared twice (across
// all containers) in ways that clash or are ambiguous.
void PortWarnings(const Json& spec, const std::string& spec_path, std::vector<std::string>& out) {
  struct Seen {
    std::string at;
    std::string host_ip;
    int64_t host_port;
  };
  std::map<std::string, std::vector<Seen>> seen;  // by "containerPort/protocol"
  for (const auto& [c, at] : Containers(spec, spec_path)) {
    const Json* ports = ArrayAt(*c, "ports");
    for (size_t i = 0; ports != nullptr && i < ports->size(); ++i) {
      const Json& port = (*ports)[i];
      const std::string port_at = Index(Child(at, "ports"), i);
      const std::string host_ip = Str(port, "hostIP");
      const int64_t host_port = Int(port, "hostPort").value_or(0);
      if (!host_ip.empty() && host_port == 0) {
        out.push_back(StrCat(port_at, ": hostIP set without hostPort: ", GoPort(port)));
      }
      std::vector<Seen>& others =
          seen[StrCat(Int(port, "containerPort").value_or(0), "/", Str(port, "protocol"))];
      for (const Seen& other : others) {
        if (host_ip == other.host_ip && host_port == other.host_port) {
          out.push_back(StrCat(port_at, ": duplicate port definition with ", other.at));
        } else if (host_port == 0 || other.host_port == 0) {
          out.push_back(StrCat(port_at, ": overlapping port definition with ", other.at));
        } else if (host_port == other.host_port && (host_ip.empty() != other.host_ip.empty())) {
          out.push_back(StrCat(port_at, ": dangerously ambiguous port definition with ", other.at));
        }
      }
      others.push_back({port_at, host_ip, host_port});
    }
  }
}

// Pod (anti-)affinity terms without a label selector match nothing.
void PodAffinityWarnings(const Json& spec, const std::string& spec_path,
                         std::vector<std::string>& out) {
  for (const char* kind : {"podAffinity", "podAntiAffinity"}) {
    const Json* affinity = FindPath(spec, {"affinity", kind});
    if (affinity == nullptr) continue;
    const std::string at = Child(Child(spec_path, "affinity"), kind);
    for (const auto& [list, term] :
         {std::pair{"requiredDuringSchedulingIgnoredDuringExecution", ""},
          std::pair{"preferredDuringSchedulingIgnoredDuringExecution", "podAffinityTerm"}}) {
      const Json* terms = ArrayAt(*affinity, list);
      for (size_t i = 0; terms != nullptr && i < terms->size(); ++i) {
        const Json& t = *term == '\0' ? (*terms)[i] : ValueOr((*terms)[i], term, Json::object());
        if (!ValueOr(t, "labelSelector").is_null()) continue;
        const std::string term_at = Index(Child(at, list), i);
        out.push_back(StrCat(Child(*term == '\0' ? term_at : Child(term_at, term), "labelSelector"),
                             ": a null labelSelector results in matching no pod"));
      }
    }
  }
}

// A pod's AppArmor annotations (upstream warns from applyAppArmorVersionSkew
// on create, ahead of the other warnings): all but those that only repeat
// the pod-level profile.
void AppArmorPodWarnings(const Json& spec, const Json& annotations, std::vector<std::string>& out) {
  if (Str(ValueOr(spec, "os", Json::object()), "name") == "windows") return;
  const Json* pod_profile = FindPath(spec, {"securityContext", "appArmorProfile"});
  for (const auto& [c, at] : Containers(spec, "spec")) {
    const std::string key = StrCat(kAppArmorContainerPrefix, Str(*c, "name"));
    const Json* annotation = Find(annotations, key);
    // The create has copied the annotation into the container's field
    // (ApplyAppArmorVersionSkew), so the field does not tell who set it.
    if (annotation == nullptr || !annotation->is_string()) continue;
    const Json profile = AppArmorProfileForAnnotation(annotation->get_ref<const std::string&>());
    const bool same =
        pod_profile != nullptr && !profile.is_null() &&
        Str(*pod_profile, "type") == Str(profile, "type") &&
        ValueOr(*pod_profile, "localhostProfile") == ValueOr(profile, "localhostProfile");
    if (!same) {
      out.push_back(StrCat(Key("metadata.annotations", key),
                           ": deprecated since v1.30; use the \"appArmorProfile\" field instead"));
    }
  }
}

}  // namespace

std::vector<std::string> PodSpecWarnings(const Json& spec, const Json& meta,
                                         std::string_view path) {
  std::vector<std::string> out;
  const std::string spec_path = Child(path, "spec");
  const Json annotations = ValueOr(meta, "annotations", Json::object());
  if (path.empty()) AppArmorPodWarnings(spec, annotations, out);
  NodeLabelWarnings(spec, spec_path, out);
  DeprecatedAnnotations(annotations, Child(path, "metadata.annotations"), out);
  if (const Json* volumes = ArrayAt(spec, "volumes")) {
    VolumeWarnings(*volumes, spec_path, out);
    OverlappingPaths(*volumes, out);
  }
  ListWarnings(spec, spec_path, out);
  if (const Json* overhead = ObjectAt(spec, "overhead")) {
    for (const char* resource : {"memory", "ephemeral-storage"}) {
      FractionalBytes(*overhead, resource, Child(spec_path, "overhead"), out);
    }
  }
  if (FindPath(spec, {"securityContext", "seccompProfile"}) == nullptr &&
      Find(annotations, kSeccompPodAnnotation) != nullptr) {
    out.push_back(StrCat(Key(Child(path, "metadata.annotations"), kSeccompPodAnnotation),
                         ": non-functional in v1.27+; use the \"seccompProfile\" field instead"));
  }
  ContainerWarnings(spec, annotations, path, out);
  PortWarnings(spec, spec_path, out);
  if (Int(spec, "terminationGracePeriodSeconds").value_or(0) < 0) {
    out.push_back(StrCat(Child(spec_path, "terminationGracePeriodSeconds"),
                         ": must be >= 0; negative values are invalid and will be treated as 1"));
  }
  PodAffinityWarnings(spec, spec_path, out);
  // The API server sends each distinct warning once.
  std::vector<std::string> unique;
  std::set<std::string> sent;
  for (std::string& w : out) {
    if (sent.insert(w).second) unique.push_back(std::move(w));
  }
  return unique;
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
