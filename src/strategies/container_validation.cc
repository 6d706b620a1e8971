// Container validation as upstream's pkg/apis/core/validation.
#include "strategies/container_validation.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "strategies/names.h"
#include "strategies/resource_validation.h"
#include "strategies/security_context_validation.h"
#include "strategies/volume_validation.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using apimachinery::FieldDuplicate;
using apimachinery::FieldForbidden;
using apimachinery::FieldInvalid;
using apimachinery::FieldNotSupported;
using apimachinery::FieldRequired;

void ValidatePort(const Json& port, const std::string& path, std::set<std::string>& names,
                  Causes& causes) {
  std::string name = Str(port, "name");
  if (!name.empty()) {
    std::vector<std::string> problems = IsValidPortName(name);
    AddInvalid(causes, Child(path, "name"), Json(name), problems);
    if (problems.empty() && !names.insert(name).second) {
      causes.push_back(FieldDuplicate(Child(path, "name"), name));
    }
  }
  std::optional<int64_t> container_port = Int(port, "containerPort");
  if (container_port.value_or(0) == 0) {
    causes.push_back(FieldRequired(Child(path, "containerPort"), ""));
  } else {
    AddInvalid(causes, Child(path, "containerPort"), Json(*container_port),
               apimachinery::IsValidPortNum(*container_port));
  }
  if (std::optional<int64_t> host_port = Int(port, "hostPort"); host_port.value_or(0) != 0) {
    AddInvalid(causes, Child(path, "hostPort"), Json(*host_port),
               apimachinery::IsValidPortNum(*host_port));
  }
  ValidateEnum(port, "protocol", path, {"SCTP", "TCP", "UDP"}, true, causes);
}

// ValidatePortNumOrName: an int-or-string port of a probe or hook.
void ValidatePortNumOrName(const Json& handler, const std::string& path, Causes& causes) {
  const Json* port = Find(handler, "port");
  if (port != nullptr && port->is_string()) {
    const std::string name = port->get<std::string>();
    AddInvalid(causes, path, Json(name), IsValidPortName(name));
    return;
  }
  const int64_t num = port != nullptr && port->is_number_integer() ? port->get<int64_t>() : 0;
  AddInvalid(causes, path, Json(num), apimachinery::IsValidPortNum(num));
}

// validateHandler: exactly one action (probes allow grpc, hooks sleep).
void ValidateHandler(const Json& handler, const std::string& path, bool probe,
                     std::optional<int64_t> grace_period, Causes& causes) {
  int handlers = 0;
  for (const char* kind : {"exec", "httpGet", "tcpSocket", "grpc", "sleep"}) {
    const Json* action = ObjectAt(handler, kind);
    if (action == nullptr || (probe && std::string_view(kind) == "sleep") ||
        (!probe && std::string_view(kind) == "grpc")) {
      continue;
    }
    const std::string at = Child(path, kind);
    if (handlers++ > 0) {
      causes.push_back(FieldForbidden(at, "may not specify more than 1 handler type"));
      continue;
    }
    const std::string_view k = kind;
    if (k == "exec" && Size(*action, "command") == 0) {
      causes.push_back(FieldRequired(Child(at, "command"), ""));
    } else if (k == "httpGet") {
      if (Str(*action, "path").empty()) causes.push_back(FieldRequired(Child(at, "path"), ""));
      ValidatePortNumOrName(*action, Child(at, "port"), causes);
      ValidateEnum(*action, "scheme", at, {"HTTP", "HTTPS"}, false, causes);
    } else if (k == "tcpSocket") {
      ValidatePortNumOrName(*action, Child(at, "port"), causes);
    } else if (k == "grpc") {
      const int64_t num = Int(*action, "port").value_or(0);
      AddInvalid(causes, Child(at, "port"), Json(num), apimachinery::IsValidPortNum(num));
    } else if (k == "sleep" && grace_period.has_value()) {
      const int64_t seconds = Int(*action, "seconds").value_or(0);
      if (seconds <= 0 || seconds > *grace_period) {
        causes.push_back(FieldInvalid(
            at, Json(seconds),
            base::StrCat("must be greater than 0 and less than terminationGracePeriodSeconds (",
                         *grace_period,
                         "). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero "
                         "sleep.")));
      }
    }
  }
  if (handlers == 0) causes.push_back(FieldRequired(path, "must specify a handler type"));
}

void ValidateProbe(const Json& probe, const std::string& path, bool single_success,
                   std::optional<int64_t> grace_period, Causes& causes) {
  ValidateHandler(probe, path, true, grace_period, causes);
  for (const char* key : {"initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                          "successThreshold", "failureThreshold"}) {
    std::optional<int64_t> v = Int(probe, key);
    if (v.has_value() && *v < 0) {
      causes.push_back(
          FieldInvalid(Child(path, key), Json(*v), "must be greater than or equal to 0"));
    }
  }
  if (std::optional<int64_t> grace = Int(probe, "terminationGracePeriodSeconds");
      grace.has_value() && *grace <= 0) {
    causes.push_back(FieldInvalid(Child(path, "terminationGracePeriodSeconds"), Json(*grace),
                                  "must be greater than 0"));
  }
  if (std::optional<int64_t> success = Int(probe, "successThreshold");
      single_success && success.has_value() && *success != 1) {
    causes.push_back(FieldInvalid(Child(path, "successThreshold"), Json(*success), "must be 1"));
  }
}

}  // namespace

// Upstream's ConvertDownwardAPIFieldLabel: the field paths a v1 downward API
// reference may name ("spec.host" is the old name of spec.nodeName), then
// the subset the reference's user may read.
void ValidateObjectFieldSelector(const Json& ref, const std::string& at,
                                 const std::vector<std::string>& allowed, Causes& causes) {
  const std::string api_version = Str(ref, "apiVersion");
  std::string field_path = Str(ref, "fieldPath");
  if (api_version.empty()) {
    causes.push_back(FieldRequired(Child(at, "apiVersion"), ""));
    return;
  }
  if (field_path.empty()) {
    causes.push_back(FieldRequired(Child(at, "fieldPath"), ""));
    return;
  }
  if (api_version != "v1") {
    causes.push_back(FieldInvalid(Child(at, "fieldPath"), Json(field_path),
                                  base::StrCat("error converting fieldPath: unsupported pod "
                                               "version: ",
                                               api_version)));
    return;
  }
  // A subscripted path: metadata.labels['key'] or metadata.annotations['key'].
  const size_t open = field_path.find("['");
  if (open != std::string::npos && field_path.size() > open + 4 &&
      field_path.compare(field_path.size() - 2, 2, "']") == 0) {
    const std::string base = field_path.substr(0, open);
    std::string key = field_path.substr(open + 2, field_path.size() - open - 4);
    if (base != "metadata.labels" && base != "metadata.annotations") {
      causes.push_back(FieldInvalid(Child(at, "fieldPath"), Json(field_path),
                                    base::StrCat("error converting fieldPath: field label does "
                                                 "not support subscript: ",
                                                 base)));
      return;
    }
    if (base == "metadata.annotations") {
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    AddInvalid(causes, at, Json(key), apimachinery::IsQualifiedName(key));
    return;
  }
  static const std::set<std::string, std::less<>> kConvertible = {
      "metadata.annotations", "metadata.labels", "metadata.name",      "metadata.namespace",
      "metadata.uid",         "spec.nodeName",   "spec.restartPolicy", "spec.serviceAccountName",
      "spec.schedulerName",   "status.phase",    "status.hostIP",      "status.hostIPs",
      "status.podIP",         "status.podIPs"};
  if (field_path == "spec.host") field_path = "spec.nodeName";
  if (kConvertible.count(field_path) == 0) {
    causes.push_back(FieldInvalid(
        Child(at, "fieldPath"), Json(Str(ref, "fieldPath")),
        base::StrCat("error converting fieldPath: field label not supported: ", field_path)));
    return;
  }
  if (std::find(allowed.begin(), allowed.end(), field_path) == allowed.end()) {
    causes.push_back(FieldNotSupported(Child(at, "fieldPath"), Json(field_path), allowed));
  }
}

void ValidateResourceFieldSelector(const Json& ref, const std::string& at, bool volume,
                                   Causes& causes) {
  const std::string resource = Str(ref, "resource");
  static const std::vector<std::string> kResources = {
      "limits.cpu",   "limits.ephemeral-storage",   "limits.memory",
      "requests.cpu", "requests.ephemeral-storage", "requests.memory"};
  const bool hugepages =
      resource.rfind("limits.hugepages-", 0) == 0 || resource.rfind("requests.hugepages-", 0) == 0;
  bool known = hugepages;
  for (const std::string& r : kResources) known = known || r == resource;
  if (volume && Str(ref, "containerName").empty()) {
    causes.push_back(FieldRequired(Child(at, "containerName"), ""));
  } else if (resource.empty()) {
    causes.push_back(FieldRequired(Child(at, "resource"), ""));
  } else if (!known) {
    causes.push_back(FieldNotSupported(Child(at, "resource"), Json(resource), kResources));
  }
  // validateContainerResourceDivisor: a divisor other than zero must be a
  // unit of the resource.
  const Json* divisor = Find(ref, "divisor");
  if (divisor == nullptr || QuantityMilli(*divisor).value_or(0) == 0) return;
  const std::string unit = CanonicalQuantity(*divisor);
  static const std::set<std::string> kByteUnits = {"1",   "1k",  "1M",  "1G",  "1T",  "1P", "1E",
                                                   "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"};
  constexpr std::string_view kBytes =
      "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are "
      "supported with the ";
  std::string problem;
  if (resource == "limits.cpu" || resource == "requests.cpu") {
    if (unit != "1m" && unit != "1") {
      problem = "only divisor's values 1m and 1 are supported with the cpu resource";
    }
  } else if (resource == "limits.memory" || resource == "requests.memory") {
    if (kByteUnits.count(unit) == 0) problem = base::StrCat(kBytes, "memory resource");
  } else if (resource == "limits.ephemeral-storage" || resource == "requests.ephemeral-storage") {
    if (kByteUnits.count(unit) == 0) {
      problem = base::StrCat(kBytes, "local ephemeral storage resource");
    }
  } else if (hugepages && kByteUnits.count(unit) == 0) {
    problem = base::StrCat(kBytes, "hugepages resource");
  }
  if (!problem.empty()) {
    causes.push_back(FieldInvalid(Child(at, "divisor"), Json(resource), problem));
  }
}

namespace {

void ValidateKeySelector(const Json& ref, const std::string& path, Causes& causes) {
  const std::string name = Str(ref, "name");
  AddInvalid(causes, Child(path, "name"), Json(name), apimachinery::IsDns1123Subdomain(name));
  const std::string key = Str(ref, "key");
  if (key.empty()) {
    causes.push_back(FieldRequired(Child(path, "key"), ""));
  } else {
    AddInvalid(causes, Child(path, "key"), Json(key), apimachinery::IsConfigMapKey(key));
  }
}

void ValidateValueFrom(const Json& var, const std::string& path, Causes& causes) {
  const Json* from = ObjectAt(var, "valueFrom");
  if (from == nullptr) return;
  int sources = 0;
  if (const Json* ref = ObjectAt(*from, "fieldRef")) {
    ++sources;
    // validEnvDownwardAPIFieldPathExpressions, sorted as upstream lists them.
    static const std::vector<std::string> kEnvPaths = {"metadata.name",
                                                       "metadata.namespace",
                                                       "metadata.uid",
                                                       "spec.nodeName",
                                                       "spec.serviceAccountName",
                                                       "status.hostIP",
                                                       "status.hostIPs",
                                                       "status.podIP",
                                                       "status.podIPs"};
    ValidateObjectFieldSelector(*ref, Child(path, "fieldRef"), kEnvPaths, causes);
  }
  if (const Json* ref = ObjectAt(*from, "resourceFieldRef")) {
    ++sources;
    ValidateResourceFieldSelector(*ref, Child(path, "resourceFieldRef"), false, causes);
  }
  for (const char* kind : {"configMapKeyRef", "secretKeyRef"}) {
    if (const Json* ref = ObjectAt(*from, kind)) {
      ++sources;
      ValidateKeySelector(*ref, Child(path, kind), causes);
    }
  }
  if (sources == 0) {
    causes.push_back(
        FieldInvalid(path, Json(""),
                     "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or "
                     "`secretKeyRef`"));
  } else if (!Str(var, "value").empty()) {
    causes.push_back(
        FieldInvalid(path, Json(""), "may not be specified when `value` is not empty"));
  } else if (sources > 1) {
    causes.push_back(
        FieldInvalid(path, Json(""), "may not have more than one field specified at a time"));
  }
}

// validation.IsRelaxedEnvVarName (relaxed names are on by default since
// v1.32): printable ASCII but '='. `name` is not empty.
void ValidateEnvVarName(const std::string& name, const std::string& path, Causes& causes) {
  for (unsigned char ch : name) {
    if (ch < 0x20 || ch > 0x7e || ch == '=') {
      causes.push_back(FieldInvalid(path, Json(name),
                                    "a valid environment variable name must consist only of "
                                    "printable ASCII characters other than '='"));
      return;
    }
  }
}

void ValidateEnv(const Json& c, const std::string& path, Causes& causes) {
  const Json* env = ArrayAt(c, "env");
  if (env == nullptr) return;
  for (size_t i = 0; i < env->size(); ++i) {
    const std::string at = Index(Child(path, "env"), i);
    const std::string name = Str((*env)[i], "name");
    if (name.empty()) {
      causes.push_back(FieldRequired(Child(at, "name"), ""));
    } else {
      ValidateEnvVarName(name, Child(at, "name"), causes);
    }
    ValidateValueFrom((*env)[i], Child(at, "valueFrom"), causes);
  }
}

// ValidateEnvFrom: a valid prefix, and exactly one source naming a config
// map or secret (names checked as generated-name prefixes, as upstream).
void ValidateEnvFrom(const Json& c, const std::string& path, Causes& causes) {
  const Json* sources = ArrayAt(c, "envFrom");
  if (sources == nullptr) return;
  const std::string list_path = Child(path, "envFrom");
  for (size_t i = 0; i < sources->size(); ++i) {
    const Json& source = (*sources)[i];
    const std::string at = Index(list_path, i);
    if (const std::string prefix = Str(source, "prefix"); !prefix.empty()) {
      ValidateEnvVarName(prefix, Child(at, "prefix"), causes);
    }
    int kinds = 0;
    for (const char* kind : {"configMapRef", "secretRef"}) {
      const Json* ref = ObjectAt(source, kind);
      if (ref == nullptr) continue;
      ++kinds;
      const std::string name = Str(*ref, "name");
      const std::string name_path = Child(Child(at, kind), "name");
      if (name.empty()) {
        causes.push_back(FieldRequired(name_path, ""));
      } else {
        AddInvalid(causes, name_path, Json(name),
                   apimachinery::IsDns1123Subdomain(apimachinery::MaskTrailingDash(name)));
      }
    }
    // Upstream reports these on the list, not the entry.
    if (kinds == 0) {
      causes.push_back(
          FieldInvalid(list_path, Json(""), "must specify one of: `configMapRef` or `secretRef`"));
    } else if (kinds > 1) {
      causes.push_back(FieldInvalid(list_path, Json(""),
                                    "may not have more than one field specified at a time"));
    }
  }
}

// GetVolumeMountMap / GetVolumeDeviceMap: name -> path of each entry of the
// list `key` of `c` (a later entry of a name wins).
std::map<std::string, std::string> PathsByName(const Json& c, const char* key,
                                               const char* path_key) {
  std::map<std::string, std::string> out;
  if (const Json* list = ArrayAt(c, key)) {
    for (const Json& e : *list) out[Str(e, "name")] = Str(e, path_key);
  }
  return out;
}

bool HasPath(const std::map<std::string, std::string>& by_name, const std::string& path) {
  for (const auto& [name, p] : by_name) {
    if (p == path) return true;
  }
  return false;
}

// validateMountPropagation; the path is the list's, as upstream's.
void ValidateMountPropagation(const Json& m, const Json& c, const std::string& list,
                              Causes& causes) {
  const Json* mode = Find(m, "mountPropagation");
  if (mode == nullptr) return;
  const std::string at = Child(list, "mountPropagation");
  const std::string value = Str(m, "mountPropagation");
  if (value != "Bidirectional" && value != "HostToContainer" && value != "None") {
    causes.push_back(
        FieldNotSupported(at, Json(value), {"Bidirectional", "HostToContainer", "None"}));
  }
  const Json* sc = ObjectAt(c, "securityContext");
  const bool privileged = sc != nullptr && Bool(*sc, "privileged").value_or(false);
  if (value == "Bidirectional" && !privileged) {
    causes.push_back(FieldForbidden(
        at, "Bidirectional mount propagation is available only to privileged containers"));
  }
}

// validateMountRecursiveReadOnly (RecursiveReadOnlyMounts, beta and on in
// v1.32); the path is the list's, as upstream's.
void ValidateRecursiveReadOnly(const Json& m, const std::string& list, Causes& causes) {
  if (Find(m, "recursiveReadOnly") == nullptr) return;
  const std::string at = Child(list, "recursiveReadOnly");
  const std::string value = Str(m, "recursiveReadOnly");
  if (value == "Disabled") return;
  if (value != "Enabled" && value != "IfPossible") {
    causes.push_back(FieldNotSupported(at, Json(value), {"Disabled", "Enabled", "IfPossible"}));
    return;
  }
  if (!Bool(m, "readOnly").value_or(false)) {
    causes.push_back(FieldForbidden(at, "may only be specified when readOnly is true"));
  }
  if (Find(m, "mountPropagation") != nullptr && Str(m, "mountPropagation") != "None") {
    causes.push_back(
        FieldForbidden(at, "may only be specified when mountPropagation is None or not specified"));
  }
}

void ValidateMounts(const Json& c, const std::string& path, const std::set<std::string>& volumes,
                    Causes& causes) {
  const Json* mounts = ArrayAt(c, "volumeMounts");
  if (mounts == nullptr) return;
  const std::map<std::string, std::string> devices = PathsByName(c, "volumeDevices", "devicePath");
  const std::string list = Child(path, "volumeMounts");
  std::set<std::string> mount_paths;
  for (size_t i = 0; i < mounts->size(); ++i) {
    const Json& m = (*mounts)[i];
    const std::string at = Index(list, i);
    const std::string volume = Str(m, "name");
    if (volume.empty()) causes.push_back(FieldRequired(Child(at, "name"), ""));
    if (volumes.count(volume) == 0)
      causes.push_back(FieldNotFound(Child(at, "name"), Json(volume)));
    const std::string mount_path = Str(m, "mountPath");
    if (mount_path.empty()) causes.push_back(FieldRequired(Child(at, "mountPath"), ""));
    if (!mount_paths.insert(mount_path).second) {
      causes.push_back(FieldInvalid(Child(at, "mountPath"), Json(mount_path), "must be unique"));
    }
    if (devices.count(volume) != 0) {
      causes.push_back(
          FieldInvalid(Child(at, "name"), Json(volume), "must not already exist in volumeDevices"));
    }
    if (HasPath(devices, mount_path)) {
      causes.push_back(FieldInvalid(Child(at, "mountPath"), Json(mount_path),
                                    "must not already exist as a path in volumeDevices"));
    }
    // Upstream reports sub-paths on the list's path, not the item's.
    const std::string sub_path = Str(m, "subPath");
    const std::string sub_path_expr = Str(m, "subPathExpr");
    if (!sub_path.empty()) ValidateDescendingPath(sub_path, Child(list, "subPath"), causes);
    if (!sub_path_expr.empty()) {
      if (!sub_path.empty()) {
        causes.push_back(FieldInvalid(Child(at, "subPathExpr"), Json(sub_path_expr),
                                      "subPathExpr and subPath are mutually exclusive"));
      }
      ValidateDescendingPath(sub_path_expr, Child(list, "subPathExpr"), causes);
    }
    ValidateMountPropagation(m, c, list, causes);
    ValidateRecursiveReadOnly(m, list, causes);
  }
}

// ValidateVolumeDevices: each names a claim-backed volume once, at a
// devicePath used once and without "..", and neither its name nor its path
// is also a volume mount's.
void ValidateDevices(const Json& c, const std::string& path, const ContainerScope& scope,
                     Causes& causes) {
  const Json* devices = ArrayAt(c, "volumeDevices");
  if (devices == nullptr) return;
  const std::map<std::string, std::string> mounts = PathsByName(c, "volumeMounts", "mountPath");
  const std::string list = Child(path, "volumeDevices");
  std::set<std::string> names;
  std::set<std::string> paths;
  for (size_t i = 0; i < devices->size(); ++i) {
    const std::string at = Index(list, i);
    const std::string name = Str((*devices)[i], "name");
    const std::string device_path = Str((*devices)[i], "devicePath");
    const std::string name_at = Child(at, "name");
    const std::string path_at = Child(at, "devicePath");
    const bool matched = scope.volumes.count(name) != 0;
    if (name.empty()) causes.push_back(FieldRequired(name_at, ""));
    if (names.count(name) != 0)
      causes.push_back(FieldInvalid(name_at, Json(name), "must be unique"));
    if (matched && scope.claim_volumes.count(name) == 0) {
      causes.push_back(FieldInvalid(name_at, Json(name),
                                    "can only use volume source type of PersistentVolumeClaim or "
                                    "Ephemeral for block mode"));
    }
    if (!matched) causes.push_back(FieldNotFound(name_at, Json(name)));
    if (device_path.empty()) causes.push_back(FieldRequired(path_at, ""));
    if (paths.count(device_path) != 0) {
      causes.push_back(FieldInvalid(path_at, Json(device_path), "must be unique"));
    }
    const bool backsteps = base::StrCat("/", device_path, "/").find("/../") != std::string::npos;
    if (!device_path.empty() && backsteps) {
      causes.push_back(
          FieldInvalid(path_at, Json(device_path), "can not contain backsteps ('..')"));
    } else {
      paths.insert(device_path);
    }
    if (mounts.count(name) != 0) {
      causes.push_back(FieldInvalid(name_at, Json(name), "must not already exist in volumeMounts"));
    }
    if (HasPath(mounts, device_path)) {
      causes.push_back(FieldInvalid(path_at, Json(device_path),
                                    "must not already exist as a path in volumeMounts"));
    }
    if (!name.empty()) names.insert(name);
  }
}

// Probes and hooks, which only regular containers and sidecars (init
// containers with restartPolicy Always) may have.
void ValidateLifecycle(const Json& c, const std::string& path, bool init,
                       std::optional<int64_t> grace_period, Causes& causes) {
  const bool sidecar = init && Str(c, "restartPolicy") == "Always";
  for (const char* key : {"lifecycle", "livenessProbe", "readinessProbe", "startupProbe"}) {
    const Json* value = ObjectAt(c, key);
    if (value == nullptr) continue;
    const std::string at = Child(path, key);
    if (init && !sidecar) {
      causes.push_back(
          FieldForbidden(at, "may not be set for init containers without restartPolicy=Always"));
      continue;
    }
    const std::string_view k = key;
    if (k == "lifecycle") {
      for (const char* hook : {"postStart", "preStop"}) {
        if (const Json* handler = ObjectAt(*value, hook)) {
          ValidateHandler(*handler, Child(at, hook), false, grace_period, causes);
        }
      }
    } else {
      ValidateProbe(*value, at, k != "readinessProbe", grace_period, causes);
      if (k == "readinessProbe" && Find(*value, "terminationGracePeriodSeconds") != nullptr) {
        causes.push_back(FieldInvalid(Child(at, "terminationGracePeriodSeconds"),
                                      (*value)["terminationGracePeriodSeconds"],
                                      "must not be set for readinessProbes"));
      }
    }
  }
}

}  // namespace

void ValidateContainerForPod(const Json& c, const std::string& path, Causes& causes) {
  const std::string image = Str(c, "image");
  auto space = [](char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); };
  if (!image.empty() && (space(image.front()) || space(image.back()))) {
    causes.push_back(FieldInvalid(Child(path, "image"), Json(image),
                                  "must not have leading or trailing whitespace"));
  }
}

void ValidateContainer(const Json& c, const std::string& path, bool init, ContainerScope& scope,
                       Causes& causes) {
  // validateContainerCommon.
  std::string name = Str(c, "name");
  if (name.empty()) {
    causes.push_back(FieldRequired(Child(path, "name"), ""));
  } else {
    AddInvalid(causes, Child(path, "name"), Json(name), apimachinery::IsDns1123Label(name));
  }
  if (Str(c, "image").empty()) causes.push_back(FieldRequired(Child(path, "image"), ""));
  ValidateEnum(c, "terminationMessagePolicy", path, {"File", "FallbackToLogsOnError"}, true,
               causes);
  if (const Json* ports = ArrayAt(c, "ports")) {
    std::set<std::string> port_names;
    for (size_t i = 0; i < ports->size(); ++i) {
      ValidatePort((*ports)[i], Index(Child(path, "ports"), i), port_names, causes);
    }
  }
  ValidateEnv(c, path, causes);
  ValidateEnvFrom(c, path, causes);
  ValidateMounts(c, path, scope.volumes, causes);
  ValidateDevices(c, path, scope, causes);
  ValidateEnum(c, "imagePullPolicy", path, {"Always", "IfNotPresent", "Never"}, true, causes);
  if (const Json* resources = ObjectAt(c, "resources")) {
    ValidateResourceRequirements(*resources, Child(path, "resources"), causes);
  }
  ValidateContainerSecurityContext(c, path, causes);
  // Then what depends on the kind of container.
  const bool has_restart = Find(c, "restartPolicy") != nullptr;
  if (init && has_restart && Str(c, "restartPolicy") != "Always") {
    causes.push_back(
        FieldNotSupported(Child(path, "restartPolicy"), Json(Str(c, "restartPolicy")), {"Always"}));
  }
  if (scope.names.count(name) != 0) {
    causes.push_back(FieldDuplicate(Child(path, "name"), name));
  } else if (!init || !name.empty()) {
    scope.names.insert(name);
  }
  ValidateLifecycle(c, path, init, scope.grace_period, causes);
  if (!init && has_restart) {
    causes.push_back(
        FieldForbidden(Child(path, "restartPolicy"), "may not be set for non-init containers"));
  }
}

}  // namespace wisp::strategies
