// Pod spec validation as upstream's ValidatePodSpec (the parts clients hit).
// Containers are validated by container_validation.cc, volumes by
// volume_validation.cc.
#include "strategies/pod_validation.h"

#include <set>
#include <string>

#include "strategies/container_validation.h"
#include "strategies/names.h"
#include "strategies/volume_validation.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using apimachinery::FieldForbidden;
using apimachinery::FieldInvalid;
using apimachinery::FieldRequired;

void ValidateNonNegative(const Json& spec, std::string_view key, std::string_view path,
                         Causes& causes) {
  std::optional<int64_t> v = Int(spec, key);
  if (v.has_value() && *v < 0) {
    causes.push_back(
        FieldInvalid(Child(path, key), Json(*v), "must be greater than or equal to 0"));
  }
}

// checkHostPortConflicts: a host port (protocol, host IP, port) is used once
// across `containers` at `path`; `single` when `path` is the one container's.
void ValidateHostPorts(const Json& containers, const std::string& path, Causes& causes,
                       bool single = false) {
  std::set<std::string> used;
  for (size_t i = 0; i < containers.size(); ++i) {
    const Json* ports = ArrayAt(containers[i], "ports");
    if (ports == nullptr) continue;
    const std::string container_path = single ? path : Index(path, i);
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

void ValidateTolerations(const Json& spec, std::string_view path, Causes& causes) {
  const Json* tolerations = ArrayAt(spec, "tolerations");
  if (tolerations == nullptr) return;
  for (size_t i = 0; i < tolerations->size(); ++i) {
    const Json& t = (*tolerations)[i];
    const std::string at = Index(Child(path, "tolerations"), i);
    const std::string key = Str(t, "key"), op = Str(t, "operator"), effect = Str(t, "effect");
    if (!key.empty()) {
      AddInvalid(causes, Child(at, "key"), Json(key), apimachinery::IsQualifiedName(key));
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
      causes.push_back(
          apimachinery::FieldNotSupported(Child(at, "operator"), Json(op), {"Equal", "Exists"}));
    }
    if (!effect.empty()) {
      ValidateEnum(t, "effect", at, {"NoSchedule", "PreferNoSchedule", "NoExecute"}, false, causes);
    }
  }
}

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
  if (Size(*config, "searches") > 32) {
    causes.push_back(FieldInvalid(Child(at, "searches"), (*config)["searches"],
                                  "must not have more than 32 search paths"));
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

void ValidateSpec(const Json& spec, std::string_view path, bool is_pod, Causes& causes) {
  std::set<std::string> volumes = ValidateVolumes(spec, path, causes);
  std::set<std::string> names;
  ContainerScope scope{volumes, names, Int(spec, "terminationGracePeriodSeconds")};
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
      // Init containers run one at a time: each is checked on its own.
      ValidateHostPorts(Json::array({(*init)[i]}), Index(init_path, i), causes, true);
    }
  }
  ValidateEphemeralContainers(spec, path, scope, causes);
  if (containers != nullptr && Bool(spec, "hostNetwork").value_or(false)) {
    ValidateHostNetworkPorts(*containers, containers_path, is_pod, causes);
  }
  ValidateEnum(spec, "restartPolicy", path, {"Always", "OnFailure", "Never"}, true, causes);
  ValidateEnum(spec, "dnsPolicy", path,
               {"ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"}, true, causes);
  ValidateNonNegative(spec, "terminationGracePeriodSeconds", path, causes);
  if (std::optional<int64_t> deadline = Int(spec, "activeDeadlineSeconds"); deadline.has_value()) {
    if (*deadline < 1 || *deadline > 2147483647) {
      causes.push_back(FieldInvalid(Child(path, "activeDeadlineSeconds"), Json(*deadline),
                                    "must be between 1 and 2147483647, inclusive"));
    }
  }
  for (const char* key : {"serviceAccountName", "nodeName", "priorityClassName"}) {
    std::string value = Str(spec, key);
    if (!value.empty()) {
      AddInvalid(causes, Child(path, key), Json(value), apimachinery::IsDns1123Subdomain(value));
    }
  }
  for (const char* key : {"hostname", "subdomain"}) {
    std::string value = Str(spec, key);
    if (!value.empty()) {
      AddInvalid(causes, Child(path, key), Json(value), apimachinery::IsDns1123Label(value));
    }
  }
  if (const Json* selector = ObjectAt(spec, "nodeSelector")) {
    Append(causes, apimachinery::ValidateLabels(*selector, Child(path, "nodeSelector")));
  }
  if (Find(spec, "preemptionPolicy") != nullptr) {
    ValidateEnum(spec, "preemptionPolicy", path, {"PreemptLowerPriority", "Never"}, true, causes);
  }
  ValidateDnsConfig(spec, path, causes);
  ValidateTolerations(spec, path, causes);
}

}  // namespace

void ValidatePodSpec(const Json& spec, std::string_view path, Causes& causes) {
  ValidateSpec(spec, path, true, causes);
}

void ValidatePodTemplate(const Json& pod_template, std::string_view path, Causes& causes) {
  if (const Json* labels = FindPath(pod_template, {"metadata", "labels"})) {
    Append(causes, apimachinery::ValidateLabels(*labels, Child(path, "metadata.labels")));
  }
  static const Json kEmpty = Json::object();
  const Json* spec = ObjectAt(pod_template, "spec");
  ValidateSpec(spec != nullptr ? *spec : kEmpty, Child(path, "spec"), false, causes);
  if (spec != nullptr && Size(*spec, "ephemeralContainers") > 0) {
    causes.push_back(FieldForbidden(Child(path, "spec.ephemeralContainers"),
                                    "ephemeral containers not allowed in pod template"));
  }
}

}  // namespace wisp::strategies
