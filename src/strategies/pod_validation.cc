// Pod spec validation as upstream's ValidatePodSpec (the parts clients hit).
#include "strategies/pod_validation.h"

#include <set>
#include <string>

#include "strategies/names.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using apimachinery::FieldDuplicate;
using apimachinery::FieldInvalid;
using apimachinery::FieldNotSupported;
using apimachinery::FieldRequired;

void ValidateEnum(const Json& obj, std::string_view key, std::string_view path,
                  const std::vector<std::string>& supported, bool required, Causes& causes) {
  std::string value = Str(obj, key);
  std::string field = Child(path, key);
  if (value.empty()) {
    if (required) causes.push_back(FieldRequired(field, ""));
    return;
  }
  for (const std::string& s : supported) {
    if (s == value) return;
  }
  causes.push_back(FieldNotSupported(field, Json(value), supported));
}

void ValidatePort(const Json& port, const std::string& path, std::set<std::string>& names,
                  Causes& causes) {
  std::string name = Str(port, "name");
  if (!name.empty()) {
    AddInvalid(causes, Child(path, "name"), Json(name), IsValidPortName(name));
    if (!names.insert(name).second) causes.push_back(FieldDuplicate(Child(path, "name"), name));
  }
  std::optional<int64_t> container_port = Int(port, "containerPort");
  if (container_port.value_or(0) == 0) {
    causes.push_back(FieldRequired(Child(path, "containerPort"), ""));
  } else {
    AddInvalid(causes, Child(path, "containerPort"), Json(*container_port),
               apimachinery::IsValidPortNum(static_cast<int>(*container_port)));
  }
  if (std::optional<int64_t> host_port = Int(port, "hostPort"); host_port.value_or(0) != 0) {
    AddInvalid(causes, Child(path, "hostPort"), Json(*host_port),
               apimachinery::IsValidPortNum(static_cast<int>(*host_port)));
  }
  ValidateEnum(port, "protocol", path, {"SCTP", "TCP", "UDP"}, true, causes);
}

void ValidateContainer(const Json& c, const std::string& path, const std::set<std::string>& volumes,
                       std::set<std::string>& names, Causes& causes) {
  std::string name = Str(c, "name");
  if (name.empty()) {
    causes.push_back(FieldRequired(Child(path, "name"), ""));
  } else {
    AddInvalid(causes, Child(path, "name"), Json(name), apimachinery::IsDns1123Label(name));
    if (!names.insert(name).second) causes.push_back(FieldDuplicate(Child(path, "name"), name));
  }
  if (Str(c, "image").empty()) causes.push_back(FieldRequired(Child(path, "image"), ""));
  ValidateEnum(c, "imagePullPolicy", path, {"Always", "IfNotPresent", "Never"}, true, causes);
  ValidateEnum(c, "terminationMessagePolicy", path, {"File", "FallbackToLogsOnError"}, true,
               causes);
  if (const Json* ports = ArrayAt(c, "ports")) {
    std::set<std::string> port_names;
    for (size_t i = 0; i < ports->size(); ++i) {
      ValidatePort((*ports)[i], Index(Child(path, "ports"), i), port_names, causes);
    }
  }
  if (const Json* env = ArrayAt(c, "env")) {
    for (size_t i = 0; i < env->size(); ++i) {
      if (Str((*env)[i], "name").empty()) {
        causes.push_back(FieldRequired(Child(Index(Child(path, "env"), i), "name"), ""));
      }
    }
  }
  if (const Json* mounts = ArrayAt(c, "volumeMounts")) {
    for (size_t i = 0; i < mounts->size(); ++i) {
      std::string mount_path = Index(Child(path, "volumeMounts"), i);
      std::string volume = Str((*mounts)[i], "name");
      if (volume.empty()) {
        causes.push_back(FieldRequired(Child(mount_path, "name"), ""));
      } else if (volumes.count(volume) == 0) {
        causes.push_back(FieldNotFound(Child(mount_path, "name"), Json(volume)));
      }
      if (Str((*mounts)[i], "mountPath").empty()) {
        causes.push_back(FieldRequired(Child(mount_path, "mountPath"), ""));
      }
    }
  }
}

std::set<std::string> ValidateVolumes(const Json& spec, std::string_view path, Causes& causes) {
  std::set<std::string> names;
  const Json* volumes = ArrayAt(spec, "volumes");
  if (volumes == nullptr) return names;
  for (size_t i = 0; i < volumes->size(); ++i) {
    std::string vpath = Index(Child(path, "volumes"), i);
    std::string name = Str((*volumes)[i], "name");
    if (name.empty()) {
      causes.push_back(FieldRequired(Child(vpath, "name"), ""));
      continue;
    }
    AddInvalid(causes, Child(vpath, "name"), Json(name), apimachinery::IsDns1123Label(name));
    if (!names.insert(name).second) causes.push_back(FieldDuplicate(Child(vpath, "name"), name));
  }
  return names;
}

void ValidateNonNegative(const Json& spec, std::string_view key, std::string_view path,
                         Causes& causes) {
  std::optional<int64_t> v = Int(spec, key);
  if (v.has_value() && *v < 0) {
    causes.push_back(
        FieldInvalid(Child(path, key), Json(*v), "must be greater than or equal to 0"));
  }
}

}  // namespace

void ValidatePodSpec(const Json& spec, std::string_view path, Causes& causes) {
  std::set<std::string> volumes = ValidateVolumes(spec, path, causes);
  std::set<std::string> names;
  const Json* containers = ArrayAt(spec, "containers");
  if (containers == nullptr || containers->empty()) {
    causes.push_back(FieldRequired(Child(path, "containers"), ""));
  } else {
    for (size_t i = 0; i < containers->size(); ++i) {
      ValidateContainer((*containers)[i], Index(Child(path, "containers"), i), volumes, names,
                        causes);
    }
  }
  if (const Json* init = ArrayAt(spec, "initContainers")) {
    for (size_t i = 0; i < init->size(); ++i) {
      ValidateContainer((*init)[i], Index(Child(path, "initContainers"), i), volumes, names,
                        causes);
    }
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
  for (const char* key : {"serviceAccountName", "nodeName"}) {
    std::string value = Str(spec, key);
    if (!value.empty()) {
      AddInvalid(causes, Child(path, key), Json(value), apimachinery::IsDns1123Subdomain(value));
    }
  }
  if (const Json* selector = ObjectAt(spec, "nodeSelector")) {
    Append(causes, apimachinery::ValidateLabels(*selector, Child(path, "nodeSelector")));
  }
}

void ValidatePodTemplate(const Json& pod_template, std::string_view path, Causes& causes) {
  if (const Json* labels = FindPath(pod_template, {"metadata", "labels"})) {
    Append(causes, apimachinery::ValidateLabels(*labels, Child(path, "metadata.labels")));
  }
  static const Json kEmpty = Json::object();
  const Json* spec = ObjectAt(pod_template, "spec");
  ValidatePodSpec(spec != nullptr ? *spec : kEmpty, Child(path, "spec"), causes);
}

}  // namespace wisp::strategies
