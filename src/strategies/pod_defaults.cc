// Pod spec defaulting as upstream's pkg/apis/core/v1/defaults.go.
#include "strategies/pod_defaults.h"

#include <string>

#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

void DefaultHttpGet(Json& handler) {
  Json* http = ObjectAt(handler, "httpGet");
  if (http == nullptr) return;
  if (Str(*http, "path").empty()) (*http)["path"] = "/";
  SetDefault(*http, "scheme", "HTTP");
}

void DefaultProbe(Json& container, std::string_view key) {
  Json* probe = ObjectAt(container, key);
  if (probe == nullptr) return;
  // Upstream's SetDefaults_Probe: zero means unset here.
  for (const auto& [field, value] :
       {std::pair{"timeoutSeconds", 1}, std::pair{"periodSeconds", 10},
        std::pair{"successThreshold", 1}, std::pair{"failureThreshold", 3}}) {
    if (Int(*probe, field).value_or(0) == 0) (*probe)[field] = value;
  }
  DefaultHttpGet(*probe);
  // GRPCAction.service is "+default=\"\"" and has no omitempty: kubectl's
  // describe dereferences it.
  if (Json* grpc = ObjectAt(*probe, "grpc")) SetDefault(*grpc, "service", "");
}

void DefaultFieldRef(Json& holder) {
  if (Json* ref = ObjectAt(holder, "fieldRef")) SetDefault(*ref, "apiVersion", "v1");
}

// Resource limits without requests: requests = limits (SetDefaults_Pod).
void DefaultRequestsFromLimits(Json& resources) {
  const Json* limits = ObjectAt(resources, "limits");
  if (limits == nullptr || limits->empty()) return;
  Json requests = ValueOr(resources, "requests", Json::object());
  if (!requests.is_object()) return;
  for (auto it = limits->begin(); it != limits->end(); ++it) {
    if (!requests.contains(it.key())) requests[it.key()] = it.value();
  }
  resources["requests"] = std::move(requests);
}

void DefaultContainer(Json& c) {
  if (!c.is_object()) return;
  SetDefault(c, "imagePullPolicy", std::string(DefaultPullPolicy(Str(c, "image"))));
  SetDefault(c, "terminationMessagePath", "/dev/termination-log");
  SetDefault(c, "terminationMessagePolicy", "File");
  SetDefault(c, "resources", Json::object());
  if (Json* ports = ArrayAt(c, "ports")) {
    for (Json& port : *ports) SetDefault(port, "protocol", "TCP");
  }
  if (Json* env = ArrayAt(c, "env")) {
    for (Json& var : *env) {
      if (Json* from = ObjectAt(var, "valueFrom")) DefaultFieldRef(*from);
    }
  }
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    DefaultProbe(c, probe);
  }
  if (Json* lifecycle = ObjectAt(c, "lifecycle")) {
    for (const char* hook : {"postStart", "preStop"}) {
      if (Json* handler = ObjectAt(*lifecycle, hook)) DefaultHttpGet(*handler);
    }
  }
}

void DefaultDownwardItems(Json& downward) {
  if (Json* items = ArrayAt(downward, "items")) {
    for (Json& item : *items) DefaultFieldRef(item);
  }
}

// The volume sources of core/v1 Volume (any one of them set = not empty).
constexpr const char* kVolumeSources[] = {"hostPath",
                                          "emptyDir",
                                          "gcePersistentDisk",
                                          "awsElasticBlockStore",
                                          "gitRepo",
                                          "secret",
                                          "nfs",
                                          "iscsi",
                                          "glusterfs",
                                          "persistentVolumeClaim",
                                          "rbd",
                                          "flexVolume",
                                          "cinder",
                                          "cephfs",
                                          "flocker",
                                          "downwardAPI",
                                          "fc",
                                          "azureFile",
                                          "configMap",
                                          "vsphereVolume",
                                          "quobyte",
                                          "azureDisk",
                                          "photonPersistentDisk",
                                          "projected",
                                          "portworxVolume",
                                          "scaleIO",
                                          "storageos",
                                          "csi",
                                          "ephemeral",
                                          "image"};

void DefaultVolume(Json& v) {
  if (!v.is_object()) return;
  bool has_source = false;
  for (const char* source : kVolumeSources) has_source = has_source || Find(v, source) != nullptr;
  if (!has_source) v["emptyDir"] = Json::object();
  for (const char* source : {"configMap", "secret", "projected", "downwardAPI"}) {
    if (Json* s = ObjectAt(v, source)) SetDefault(*s, "defaultMode", 420);
  }
  DefaultVolumeSources(v);
  if (Json* downward = ObjectAt(v, "downwardAPI")) DefaultDownwardItems(*downward);
  if (Json* projected = ObjectAt(v, "projected")) {
    if (Json* sources = ArrayAt(*projected, "sources")) {
      for (Json& source : *sources) {
        if (Json* downward = ObjectAt(source, "downwardAPI")) DefaultDownwardItems(*downward);
        if (Json* token = ObjectAt(source, "serviceAccountToken")) {
          SetDefault(*token, "expirationSeconds", 3600);
        }
      }
    }
  }
  if (Json* ephemeral = ObjectAt(v, "ephemeral")) {
    if (Json* claim = ObjectAt(*ephemeral, "volumeClaimTemplate")) {
      if (Json* spec = ObjectAt(*claim, "spec")) SetDefault(*spec, "volumeMode", "Filesystem");
    }
  }
}

}  // namespace

void DefaultVolumeSources(Json& holder) {
  if (Json* host = ObjectAt(holder, "hostPath")) SetDefault(*host, "type", "");
  if (Json* iscsi = ObjectAt(holder, "iscsi")) SetDefault(*iscsi, "iscsiInterface", "default");
  if (Json* rbd = ObjectAt(holder, "rbd")) {
    SetDefault(*rbd, "pool", "rbd");
    SetDefault(*rbd, "user", "admin");
    SetDefault(*rbd, "keyring", "/etc/ceph/keyring");
  }
  if (Json* disk = ObjectAt(holder, "azureDisk")) {
    SetDefault(*disk, "cachingMode", "ReadWrite");
    SetDefault(*disk, "fsType", "ext4");
    SetDefault(*disk, "readOnly", false);
    SetDefault(*disk, "kind", "Shared");
  }
  if (Json* scaleio = ObjectAt(holder, "scaleIO")) {
    SetDefault(*scaleio, "storageMode", "ThinProvisioned");
    SetDefault(*scaleio, "fsType", "xfs");
  }
}

std::string_view DefaultPullPolicy(std::string_view image) {
  // The tag follows the last ':' after the last '/'; a digest (@sha256:...)
  // pins the image as a tag does.
  if (image.find('@') != std::string_view::npos) return "IfNotPresent";
  size_t slash = image.rfind('/');
  std::string_view last = slash == std::string_view::npos ? image : image.substr(slash + 1);
  size_t colon = last.rfind(':');
  if (colon == std::string_view::npos || last.substr(colon + 1) == "latest") return "Always";
  return "IfNotPresent";
}

void DropDisabledPodFields(Json& spec) {
  // Fields of features that are off in v1.32 (upstream's
  // DropDisabledPodFields): in-place resize, user namespaces, pod-level
  // resources, dynamic resource claims, supplemental groups and SELinux
  // change policies, /proc mount types.
  for (const char* key : {"hostUsers", "resources", "resourceClaims"}) spec.erase(key);
  if (Json* context = ObjectAt(spec, "securityContext")) {
    context->erase("supplementalGroupsPolicy");
    context->erase("seLinuxChangePolicy");
  }
  for (const char* list : {"containers", "initContainers"}) {
    if (Json* containers = ArrayAt(spec, list)) {
      for (Json& c : *containers) {
        if (!c.is_object()) continue;
        c.erase("resizePolicy");
        if (Json* resources = ObjectAt(c, "resources")) resources->erase("claims");
      }
    }
  }
  // ProcMountType is off too; upstream cannot clear a procMount (it was
  // once defaulted), so any value becomes "Default".
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    if (Json* containers = ArrayAt(spec, list)) {
      for (Json& c : *containers) {
        Json* context = ObjectAt(c, "securityContext");
        if (context != nullptr && Find(*context, "procMount") != nullptr) {
          (*context)["procMount"] = "Default";
        }
      }
    }
  }
}

void DefaultPodSpec(Json& spec) {
  if (!spec.is_object()) return;
  DropDisabledPodFields(spec);
  SetDefault(spec, "restartPolicy", "Always");
  SetDefault(spec, "dnsPolicy", "ClusterFirst");
  SetDefault(spec, "terminationGracePeriodSeconds", 30);
  SetDefault(spec, "securityContext", Json::object());
  SetDefault(spec, "schedulerName", "default-scheduler");
  // The deprecated serviceAccount mirrors serviceAccountName (conversion).
  if (Find(spec, "serviceAccountName") == nullptr && Find(spec, "serviceAccount") != nullptr) {
    spec["serviceAccountName"] = spec["serviceAccount"];
  }
  if (!Str(spec, "serviceAccountName").empty()) {
    SetDefault(spec, "serviceAccount", spec["serviceAccountName"]);
  }
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    if (Json* containers = ArrayAt(spec, list)) {
      for (Json& c : *containers) DefaultContainer(c);
    }
  }
  if (Json* volumes = ArrayAt(spec, "volumes")) {
    for (Json& v : *volumes) DefaultVolume(v);
  }
}

void DefaultPodOnly(Json& spec) {
  if (!spec.is_object()) return;
  SetDefault(spec, "enableServiceLinks", true);
  // Set by upstream's Priority admission when no priorityClassName is given.
  if (Str(spec, "priorityClassName").empty()) {
    SetDefault(spec, "priority", 0);
    SetDefault(spec, "preemptionPolicy", "PreemptLowerPriority");
  }
  const bool host_network = Bool(spec, "hostNetwork").value_or(false);
  for (const char* list : {"containers", "initContainers"}) {
    if (Json* containers = ArrayAt(spec, list)) {
      for (Json& c : *containers) {
        if (Json* resources = ObjectAt(c, "resources")) DefaultRequestsFromLimits(*resources);
        Json* ports = ArrayAt(c, "ports");
        if (!host_network || ports == nullptr) continue;
        // A host-network pod listens on the host: its host ports are its ports.
        for (Json& port : *ports) {
          if (port.is_object() && Int(port, "hostPort").value_or(0) == 0 &&
              Find(port, "containerPort") != nullptr) {
            port["hostPort"] = port["containerPort"];
          }
        }
      }
    }
  }
}

void DefaultPodTemplate(Json& pod_template) {
  if (Json* spec = ObjectAt(pod_template, "spec")) DefaultPodSpec(*spec);
}

namespace {

// appArmorAnnotationForField: "" for a Localhost type without a profile or
// an unknown type.
std::string AppArmorAnnotationFor(const Json& profile) {
  const std::string type = Str(profile, "type");
  if (type == "Unconfined") return "unconfined";
  if (type == "RuntimeDefault") return "runtime/default";
  if (type == "Localhost" && Find(profile, "localhostProfile") != nullptr) {
    return "localhost/" + Str(profile, "localhostProfile");
  }
  return "";
}

}  // namespace

// apparmorFieldForAnnotation, then ValidateAppArmorProfileField.
Json AppArmorProfileForAnnotation(std::string_view annotation) {
  if (annotation == "unconfined") return {{"type", "Unconfined"}};
  if (annotation == "runtime/default") return {{"type", "RuntimeDefault"}};
  constexpr std::string_view kLocalhost = "localhost/";
  if (!annotation.starts_with(kLocalhost)) return nullptr;
  const std::string_view name = annotation.substr(kLocalhost.size());
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  if (name.empty() || space(name.front()) || space(name.back()) || name.size() > 4095) {
    return nullptr;
  }
  return {{"type", "Localhost"}, {"localhostProfile", std::string(name)}};
}

void ApplyAppArmorVersionSkew(Json& pod) {
  Json* spec = ObjectAt(pod, "spec");
  if (spec == nullptr) return;
  if (const Json* os = ObjectAt(*spec, "os"); os != nullptr && Str(*os, "name") == "windows") {
    return;
  }
  const Json* found = FindPath(*spec, {"securityContext", "appArmorProfile"});
  const Json pod_profile = found != nullptr ? *found : Json();
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    Json* containers = ArrayAt(*spec, list);
    for (size_t i = 0; containers != nullptr && i < containers->size(); ++i) {
      Json& c = (*containers)[i];
      if (!c.is_object()) continue;
      const std::string key = base::StrCat(kAppArmorContainerPrefix, Str(c, "name"));
      const Json* annotation = FindPath(pod, {"metadata", "annotations", key});
      const Json* profile = FindPath(c, {"securityContext", "appArmorProfile"});
      if (annotation == nullptr) {
        const std::string value = profile != nullptr       ? AppArmorAnnotationFor(*profile)
                                  : !pod_profile.is_null() ? AppArmorAnnotationFor(pod_profile)
                                                           : "";
        if (value.empty()) continue;
        if (!pod["metadata"].is_object()) pod["metadata"] = Json::object();
        Json& annotations = pod["metadata"]["annotations"];
        if (!annotations.is_object()) annotations = Json::object();
        annotations[key] = value;
      } else if (profile == nullptr) {
        Json field = AppArmorProfileForAnnotation(
            annotation->is_string() ? annotation->get<std::string>() : "");
        if (field.is_null() || field == pod_profile) continue;
        if (!c["securityContext"].is_object()) c["securityContext"] = Json::object();
        c["securityContext"]["appArmorProfile"] = std::move(field);
      }
    }
  }
}

}  // namespace wisp::strategies
