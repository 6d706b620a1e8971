// Pod spec validation as upstream's ValidatePodSpec (the parts clients hit).
// Containers are validated by container_validation.cc, volumes by
// volume_validation.cc, security contexts by security_context_validation.cc
// and scheduling constraints by scheduling_validation.cc.
#include "strategies/pod_validation.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "strategies/container_validation.h"
#include "strategies/ip_validation.h"
#include "strategies/names.h"
#include "strategies/pod_defaults.h"
#include "strategies/resource_validation.h"
#include "strategies/scheduling_validation.h"
#include "strategies/security_context_validation.h"
#include "strategies/volume_validation.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using apimachinery::FieldForbidden;
using apimachinery::FieldInvalid;
using apimachinery::FieldRequired;

// checkHostPortConflicts: a host port (protocol, host IP, port) is used once
// across `containers`, the list at `path`.
void ValidateHostPorts(const Json& containers, const std::string& path, Causes& causes) {
  std::set<std::string> used;
  for (size_t i = 0; i < containers.size(); ++i) {
    const Json* ports = ArrayAt(containers[i], "ports");
    if (ports == nullptr) continue;
    const std::string container_path = Index(path, i);
    for (size_t j = 0; j < ports->size(); ++j) {
      const Json& port = (*ports)[j];
      const int64_t host_port = Int(port, "hostPort").value_or(0);
      if (host_port == 0) continue;
      const std::string key =
          base::StrCat(Str(port, "protocol"), "/", Str(port, "hostIP"), "/", host_port);
      if (!used.insert(key).second) {
        causes.push_back(apimachinery::FieldDuplicate(
            Child(Index(Child(container_path, "ports"), j), "hostPort"), Json(key)));
      }
    }
  }
}

// validatePodHostNetworkDeps: with hostNetwork a host port is the container
// port (a template may leave it unset).
void ValidateHostNetworkPorts(const Json& containers, const std::string& path, bool is_pod,
                              Causes& causes) {
  for (size_t i = 0; i < containers.size(); ++i) {
    const Json* ports = ArrayAt(containers[i], "ports");
    if (ports == nullptr) continue;
    for (size_t j = 0; j < ports->size(); ++j) {
      const int64_t host_port = Int((*ports)[j], "hostPort").value_or(0);
      const int64_t container_port = Int((*ports)[j], "containerPort").value_or(0);
      if ((is_pod || host_port != 0) && host_port != container_port) {
        causes.push_back(FieldInvalid(Child(Index(Child(Index(path, i), "ports"), j), "hostPort"),
                                      Json(host_port),
                                      "must match `containerPort` when `hostNetwork` is true"));
      }
    }
  }
}

// validatePodDNSConfig: dnsPolicy None needs nameservers; at most 3 of them,
// each an IP; at most 32 search domains of 2048 characters in all, each a
// DNS subdomain (a trailing dot allowed); options with names.
void ValidateDnsConfig(const Json& spec, std::string_view path, Causes& causes) {
  const Json* config = ObjectAt(spec, "dnsConfig");
  const std::string at = Child(path, "dnsConfig");
  if (Str(spec, "dnsPolicy") == "None") {
    if (config == nullptr) {
      causes.push_back(FieldRequired(at, "must provide `dnsConfig` when `dnsPolicy` is None"));
      return;
    }
    if (Size(*config, "nameservers") == 0) {
      causes.push_back(
          FieldRequired(Child(at, "nameservers"),
                        "must provide at least one DNS nameserver when `dnsPolicy` is None"));
      return;
    }
  }
  if (config == nullptr) return;
  if (Size(*config, "nameservers") > 3) {
    causes.push_back(FieldInvalid(Child(at, "nameservers"), (*config)["nameservers"],
                                  "must not have more than 3 nameservers"));
  }
  const std::vector<std::string> nameservers = StringList(*config, "nameservers");
  for (size_t i = 0; i < nameservers.size(); ++i) {
    ValidateIp(Index(Child(at, "nameservers"), i), nameservers[i], causes);
  }
  const std::vector<std::string> searches = StringList(*config, "searches");
  if (searches.size() > 32) {
    causes.push_back(FieldInvalid(Child(at, "searches"), (*config)["searches"],
                                  "must not have more than 32 search paths"));
  }
  size_t chars = searches.empty() ? 0 : searches.size() - 1;  // the spaces between them
  for (const std::string& search : searches) chars += search.size();
  if (chars > 2048) {
    causes.push_back(FieldInvalid(
        Child(at, "searches"), (*config)["searches"],
        "must not have more than 2048 characters (including spaces) in the search list"));
  }
  for (size_t i = 0; i < searches.size(); ++i) {
    std::string search = searches[i];
    if (!search.empty() && search.back() == '.') search.pop_back();
    AddInvalid(causes, Index(Child(at, "searches"), i), Json(search),
               apimachinery::IsDns1123Subdomain(search));
  }
  if (const Json* options = ArrayAt(*config, "options")) {
    for (size_t i = 0; i < options->size(); ++i) {
      if (Str((*options)[i], "name").empty()) {
        causes.push_back(FieldRequired(Index(Child(at, "options"), i), "must not be empty"));
      }
    }
  }
}

// validateReadinessGates and validateSchedulingGates: qualified names, gates
// named once.
void ValidateGates(const Json& spec, std::string_view path, Causes& causes) {
  if (const Json* gates = ArrayAt(spec, "readinessGates")) {
    for (size_t i = 0; i < gates->size(); ++i) {
      const std::string type = Str((*gates)[i], "conditionType");
      AddInvalid(causes, Child(Index(Child(path, "readinessGates"), i), "conditionType"),
                 Json(type), apimachinery::IsQualifiedName(type));
    }
  }
  if (const Json* gates = ArrayAt(spec, "schedulingGates")) {
    std::set<std::string> seen;
    for (size_t i = 0; i < gates->size(); ++i) {
      const std::string name = Str((*gates)[i], "name");
      const std::string at = Index(Child(path, "schedulingGates"), i);
      AddInvalid(causes, at, Json(name), apimachinery::IsQualifiedName(name));
      if (!seen.insert(name).second) causes.push_back(apimachinery::FieldDuplicate(at, name));
    }
  }
}

// ValidateHostAliases: an IP address and DNS subdomain host names.
void ValidateHostAliases(const Json& spec, std::string_view path, Causes& causes) {
  const Json* aliases = ArrayAt(spec, "hostAliases");
  if (aliases == nullptr) return;
  for (size_t i = 0; i < aliases->size(); ++i) {
    const std::string at = Index(Child(path, "hostAliases"), i);
    ValidateIp(Child(at, "ip"), Str((*aliases)[i], "ip"), causes);
    const std::vector<std::string> hostnames = StringList((*aliases)[i], "hostnames");
    for (size_t j = 0; j < hostnames.size(); ++j) {
      AddInvalid(causes, Index(Child(at, "hostnames"), j), Json(hostnames[j]),
                 apimachinery::IsDns1123Subdomain(hostnames[j]));
    }
  }
}

bool IsZeroValue(const Json& v) {
  return v.is_null() || ((v.is_object() || v.is_array()) && v.empty()) || v == "" ||
         (v.is_boolean() && !v.get<bool>()) || (v.is_number() && v == 0);
}

// Upstream validateEphemeralContainers: each is a container by the common
// rules, named uniquely among all the pod's containers, targeting one of the
// pod's other containers, and without what would make it part of the
// workload (ports, resources, probes, lifecycle, subPath mounts).
void ValidateEphemeralContainers(const Json& spec, std::string_view path, ContainerScope& scope,
                                 Causes& causes) {
  const Json* list = ArrayAt(spec, "ephemeralContainers");
  if (list == nullptr) return;
  const std::set<std::string> others = scope.names;
  const std::string list_path = Child(path, "ephemeralContainers");
  constexpr const char* kNotAllowed[] = {"ports",         "resources",     "resizePolicy",
                                         "restartPolicy", "livenessProbe", "readinessProbe",
                                         "startupProbe",  "lifecycle"};
  constexpr std::string_view kForbidden = "cannot be set for an Ephemeral Container";
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& ec = (*list)[i];
    if (!ec.is_object()) continue;
    const std::string at = Index(list_path, i);
    Json common = ec;
    for (const char* key : kNotAllowed) common.erase(key);
    ValidateContainer(common, at, false, scope, causes);
    ValidateContainerForPod(ec, at, causes);
    const std::string target = Str(ec, "targetContainerName");
    if (!target.empty() && others.count(target) == 0) {
      causes.push_back(FieldNotFound(Child(at, "targetContainerName"), Json(target)));
    }
    for (const char* key : kNotAllowed) {
      const Json* v = Find(ec, key);
      if (v != nullptr && !IsZeroValue(*v))
        causes.push_back(FieldForbidden(Child(at, key), kForbidden));
    }
    if (const Json* mounts = ArrayAt(ec, "volumeMounts")) {
      for (size_t m = 0; m < mounts->size(); ++m) {
        for (const char* key : {"subPath", "subPathExpr"}) {
          if (!Str((*mounts)[m], key).empty()) {
            causes.push_back(
                FieldForbidden(Child(Index(Child(at, "volumeMounts"), m), key), kForbidden));
          }
        }
      }
    }
  }
}

// The containers of every kind, after the volumes they mount.
void ValidateContainers(const Json& spec, std::string_view path, bool is_pod, Causes& causes) {
  std::set<std::string> volumes = ValidateVolumes(spec, path, causes);
  std::set<std::string> names;
  ContainerScope scope{volumes, names, Int(spec, "terminationGracePeriodSeconds")};
  if (const Json* list = ArrayAt(spec, "volumes")) {
    for (const Json& v : *list) {
      const bool claim =
          Find(v, "persistentVolumeClaim") != nullptr || Find(v, "ephemeral") != nullptr;
      if (claim && volumes.count(Str(v, "name")) != 0) scope.claim_volumes.insert(Str(v, "name"));
    }
  }
  const Json* containers = ArrayAt(spec, "containers");
  const std::string containers_path = Child(path, "containers");
  if (containers == nullptr || containers->empty()) {
    causes.push_back(FieldRequired(containers_path, ""));
  } else {
    for (size_t i = 0; i < containers->size(); ++i) {
      ValidateContainer((*containers)[i], Index(containers_path, i), false, scope, causes);
    }
    ValidateHostPorts(*containers, containers_path, causes);
  }
  if (const Json* init = ArrayAt(spec, "initContainers")) {
    const std::string init_path = Child(path, "initContainers");
    for (size_t i = 0; i < init->size(); ++i) {
      ValidateContainer((*init)[i], Index(init_path, i), true, scope, causes);
      // Init containers run one at a time: each is checked on its own, and
      // upstream then names it initContainers[0] whatever its index (sic).
      ValidateHostPorts(Json::array({(*init)[i]}), init_path, causes);
    }
  }
  ValidateEphemeralContainers(spec, path, scope, causes);
  if (containers != nullptr && Bool(spec, "hostNetwork").value_or(false)) {
    ValidateHostNetworkPorts(*containers, containers_path, is_pod, causes);
  }
}

// Upstream's ValidatePodSpec, in its order of causes. A negative
// terminationGracePeriodSeconds is allowed (a warning says it counts as 1).
void ValidateSpec(const Json& spec, std::string_view path, bool is_pod, Causes& causes) {
  if (Find(spec, "terminationGracePeriodSeconds") == nullptr) {
    causes.push_back(FieldRequired(Child(path, "terminationGracePeriodSeconds"), ""));
  }
  ValidateContainers(spec, path, is_pod, causes);
  ValidateEnum(spec, "restartPolicy", path, {"Always", "OnFailure", "Never"}, true, causes);
  ValidateEnum(spec, "dnsPolicy", path,
               {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}, true, causes);
  if (const Json* selector = ObjectAt(spec, "nodeSelector")) {
    Append(causes, apimachinery::ValidateLabels(*selector, Child(path, "nodeSelector")));
  }
  ValidatePodSecurityContext(spec, path, causes);
  ValidateAffinity(spec, path, causes);
  ValidateDnsConfig(spec, path, causes);
  ValidateGates(spec, path, causes);
  ValidateTopologySpreadConstraints(spec, path, causes);
  ValidateWindowsHostProcessPod(spec, path, causes);
  for (const char* key : {"serviceAccountName", "nodeName"}) {
    std::string value = Str(spec, key);
    if (!value.empty()) {
      AddInvalid(causes, Child(path, key), Json(value), apimachinery::IsDns1123Subdomain(value));
    }
  }
  if (std::optional<int64_t> deadline = Int(spec, "activeDeadlineSeconds"); deadline.has_value()) {
    if (*deadline < 1 || *deadline > 2147483647) {
      causes.push_back(FieldInvalid(Child(path, "activeDeadlineSeconds"), Json(*deadline),
                                    "must be between 1 and 2147483647, inclusive"));
    }
  }
  for (const char* key : {"hostname", "subdomain"}) {
    std::string value = Str(spec, key);
    if (!value.empty()) {
      AddInvalid(causes, Child(path, key), Json(value), apimachinery::IsDns1123Label(value));
    }
  }
  ValidateTolerations(spec, path, causes);
  ValidateHostAliases(spec, path, causes);
  if (std::string name = Str(spec, "priorityClassName"); !name.empty()) {
    AddInvalid(causes, Child(path, "priorityClassName"), Json(name),
               apimachinery::IsDns1123Subdomain(name));
  }
  if (Find(spec, "runtimeClassName") != nullptr) {
    std::string name = Str(spec, "runtimeClassName");
    AddInvalid(causes, Child(path, "runtimeClassName"), Json(name),
               apimachinery::IsDns1123Subdomain(name));
  }
  if (Find(spec, "preemptionPolicy") != nullptr) {
    ValidateEnum(spec, "preemptionPolicy", path, {"PreemptLowerPriority", "Never"}, true, causes);
  }
  if (const Json* overhead = ObjectAt(spec, "overhead")) {
    // Upstream validates the overhead as a container's limits.
    ValidateResourceRequirements(Json{{"limits", *overhead}}, Child(path, "overhead"), causes);
  }
  ValidatePodOs(spec, path, causes);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Every container of the spec with its path, init containers first
// (podshelper.VisitContainersWithPath).
template <typename Visit>
void ForEachContainer(const Json& spec, std::string_view path, Visit visit) {
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    if (const Json* containers = ArrayAt(spec, list)) {
      for (size_t i = 0; i < containers->size(); ++i) {
        visit((*containers)[i], Index(Child(path, list), i));
      }
    }
  }
}

// ValidateSeccompProfile: an annotation's seccomp profile name.
void ValidateSeccompAnnotation(const std::string& value, const std::string& path, Causes& causes) {
  if (value == "runtime/default" || value == "docker/default" || value == "unconfined") return;
  if (StartsWith(value, "localhost/")) {
    ValidateDescendingPath(value.substr(10), path, causes);
    return;
  }
  causes.push_back(FieldInvalid(path, Json(value), "must be a valid seccomp profile"));
}

// validateSeccompAnnotationsAndFieldsMatch / the AppArmor switch of
// validateAppArmorAnnotationsAndFieldsMatchOnCreate: `kind` is "seccomp" or
// "apparmor", `profile` the field at `path`.
void ProfileMatchesAnnotation(std::string_view kind, const std::string& annotation,
                              const Json& profile, const std::string& path, Causes& causes) {
  const std::string type = Str(profile, "type");
  const std::string type_message = base::StrCat(kind, " type in annotation and field must match");
  if (type == "Unconfined" && annotation != "unconfined") {
    causes.push_back(FieldForbidden(Child(path, "type"), type_message));
  } else if (type == "RuntimeDefault" && annotation != "runtime/default" &&
             (kind != "seccomp" || annotation != "docker/default")) {
    causes.push_back(FieldForbidden(Child(path, "type"), type_message));
  } else if (type == "Localhost") {
    if (!StartsWith(annotation, "localhost/")) {
      causes.push_back(FieldForbidden(Child(path, "type"), type_message));
    } else if (Find(profile, "localhostProfile") == nullptr ||
               annotation.substr(10) != Str(profile, "localhostProfile")) {
      causes.push_back(
          FieldForbidden(Child(path, "localhostProfile"),
                         base::StrCat(kind, " profile in annotation and field must match")));
    }
  }
}

}  // namespace

void ValidatePodSecurityAnnotations(const Json& annotations, const Json& spec,
                                    std::string_view path, Causes& causes) {
  if (!annotations.is_object()) return;
  constexpr std::string_view kMirrorKey = "kubernetes.io/config.mirror";
  if (const Json* mirror = Find(annotations, kMirrorKey);
      mirror != nullptr && Str(spec, "nodeName").empty()) {
    causes.push_back(FieldInvalid(Key(path, kMirrorKey), *mirror,
                                  "must set spec.nodeName if mirror pod annotation is set"));
  }
  // The ReplicaSet controller's pod-deletion-cost: Go's ParseInt(v, 10, 32).
  constexpr std::string_view kDeletionCostKey = "controller.kubernetes.io/pod-deletion-cost";
  if (const Json* cost = Find(annotations, kDeletionCostKey); cost != nullptr) {
    const std::string text = cost->is_string() ? cost->get<std::string>() : "";
    std::string_view digits = text;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
    bool ok = !digits.empty() && digits.size() <= 10 &&
              digits.find_first_not_of("0123456789") == std::string_view::npos;
    if (ok) {
      const int64_t value = std::stoll(text[0] == '+' ? text.substr(1) : text);
      ok = value >= INT32_MIN && value <= INT32_MAX;
    }
    if (!ok) {
      causes.push_back(
          FieldInvalid(Key(path, kDeletionCostKey), Json(text), "must be a 32bit integer"));
    }
  }
  // Upstream walks a Go map; in key order here.
  if (const Json* pod = Find(annotations, kSeccompPodAnnotation);
      pod != nullptr && pod->is_string()) {
    ValidateSeccompAnnotation(pod->get<std::string>(), Child(path, kSeccompPodAnnotation), causes);
  }
  for (auto it = annotations.begin(); it != annotations.end(); ++it) {
    if (StartsWith(it.key(), kSeccompContainerPrefix) && it->is_string()) {
      ValidateSeccompAnnotation(it->get<std::string>(), Child(path, it.key()), causes);
    }
  }
  for (auto it = annotations.begin(); it != annotations.end(); ++it) {
    if (!StartsWith(it.key(), kAppArmorContainerPrefix) || !it->is_string()) continue;
    const std::string container = it.key().substr(kAppArmorContainerPrefix.size());
    bool found = false;
    ForEachContainer(spec, "spec", [&](const Json& c, const std::string&) {
      found = found || Str(c, "name") == container;
    });
    if (!found) {
      causes.push_back(FieldInvalid(Key(path, it.key()), Json(container), "container not found"));
    }
    const std::string value = it->get<std::string>();
    if (!value.empty() && value != "runtime/default" && value != "unconfined" &&
        !StartsWith(value, "localhost/")) {
      causes.push_back(
          FieldInvalid(Key(path, it.key()), Json(value),
                       base::StrCat("invalid AppArmor profile name: ", GoQuoted(value))));
    }
  }
}

void ValidateSecurityAnnotationsMatchFields(const Json& annotations, const Json& spec,
                                            std::string_view path, Causes& causes) {
  auto annotation = [&annotations](std::string_view key) -> const Json* {
    const Json* v = Find(annotations, key);
    return v != nullptr && v->is_string() ? v : nullptr;
  };
  const std::string sc_path = Child(path, "securityContext");
  const Json* pod_seccomp = FindPath(spec, {"securityContext", "seccompProfile"});
  if (const Json* a = annotation(kSeccompPodAnnotation); a != nullptr && pod_seccomp != nullptr) {
    ProfileMatchesAnnotation("seccomp", a->get<std::string>(), *pod_seccomp,
                             Child(sc_path, "seccompProfile"), causes);
  }
  ForEachContainer(spec, path, [&](const Json& c, const std::string& at) {
    const Json* profile = FindPath(c, {"securityContext", "seccompProfile"});
    const Json* a = annotation(base::StrCat(kSeccompContainerPrefix, Str(c, "name")));
    if (profile != nullptr && a != nullptr) {
      ProfileMatchesAnnotation("seccomp", a->get<std::string>(), *profile,
                               Child(at, "securityContext.seccompProfile"), causes);
    }
  });
  // AppArmor: not for Windows pods; a container without its own profile
  // uses the pod's.
  if (const Json* os = ObjectAt(spec, "os"); os != nullptr && Str(*os, "name") == "windows") return;
  const Json* pod_apparmor = FindPath(spec, {"securityContext", "appArmorProfile"});
  ForEachContainer(spec, path, [&](const Json& c, const std::string& at) {
    const Json* profile = FindPath(c, {"securityContext", "appArmorProfile"});
    if (profile == nullptr) profile = pod_apparmor;
    const Json* a = annotation(base::StrCat(kAppArmorContainerPrefix, Str(c, "name")));
    if (profile != nullptr && a != nullptr) {
      ProfileMatchesAnnotation("apparmor", a->get<std::string>(), *profile,
                               Child(at, "securityContext.appArmorProfile"), causes);
    }
  });
}

void ValidateAppArmorAnnotationUpdates(const Json& annotations, const Json& old_annotations,
                                       Causes& causes) {
  constexpr std::string_view kPath = "metadata.annotations";
  if (old_annotations.is_object()) {
    for (auto it = old_annotations.begin(); it != old_annotations.end(); ++it) {
      const Json* now = Find(annotations, it.key());
      if (!StartsWith(it.key(), kAppArmorContainerPrefix) || (now != nullptr && *now == *it))
        continue;
      causes.push_back(
          FieldForbidden(Key(kPath, it.key()), "may not remove or update AppArmor annotations"));
    }
  }
  if (annotations.is_object()) {
    for (auto it = annotations.begin(); it != annotations.end(); ++it) {
      if (!StartsWith(it.key(), kAppArmorContainerPrefix) ||
          Find(old_annotations, it.key()) != nullptr) {
        continue;
      }
      causes.push_back(FieldForbidden(Key(kPath, it.key()), "may not add AppArmor annotations"));
    }
  }
}

void ValidatePodSpec(const Json& spec, std::string_view path, Causes& causes) {
  ValidateSpec(spec, path, true, causes);
}

void ValidatePodTemplateMetadata(const Json& pod_template, std::string_view path, Causes& causes) {
  static const Json kEmpty = Json::object();
  const Json* metadata = ObjectAt(pod_template, "metadata");
  if (metadata == nullptr) return;
  if (const Json* labels = Find(*metadata, "labels")) {
    Append(causes, apimachinery::ValidateLabels(*labels, Child(path, "labels")));
  }
  const Json* annotations = Find(*metadata, "annotations");
  if (annotations == nullptr) return;
  const std::string annotations_path = Child(path, "annotations");
  Append(causes, apimachinery::ValidateAnnotations(*annotations, annotations_path));
  const Json* spec = ObjectAt(pod_template, "spec");
  ValidatePodSecurityAnnotations(*annotations, spec != nullptr ? *spec : kEmpty, annotations_path,
                                 causes);
}

void ValidatePodTemplate(const Json& pod_template, std::string_view path, Causes& causes) {
  static const Json kEmpty = Json::object();
  ValidatePodTemplateMetadata(pod_template, path, causes);
  const Json* spec = ObjectAt(pod_template, "spec");
  const std::string spec_path = Child(path, "spec");
  ValidateSpec(spec != nullptr ? *spec : kEmpty, spec_path, false, causes);
  const Json* annotations = FindPath(pod_template, {"metadata", "annotations"});
  ValidateSecurityAnnotationsMatchFields(annotations != nullptr ? *annotations : kEmpty,
                                         spec != nullptr ? *spec : kEmpty, spec_path, causes);
  if (spec != nullptr && Size(*spec, "ephemeralContainers") > 0) {
    causes.push_back(FieldForbidden(Child(spec_path, "ephemeralContainers"),
                                    "ephemeral containers not allowed in pod template"));
  }
}

}  // namespace wisp::strategies
