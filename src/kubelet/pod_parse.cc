// File: src/kubelet/pod_parse.cc
#include "kubelet/pod_parse.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>

#include "wisp/apimachinery/quantity.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {
namespace {

using nlohmann::json;

// Reads typed fields from JSON, remembering the first error with its path.
class Reader {
 public:
  bool ok() const { return error_.empty(); }
  absl::Status status() const {
    return ok() ? absl::OkStatus() : absl::InvalidArgumentError(error_);
  }
  void Fail(const std::string& path, std::string_view what) {
    if (ok()) error_ = base::StrCat(path, ": ", what);
  }

  const json* Field(const json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
  }
  void String(const json& obj, const char* key, const std::string& path, std::string& out) {
    const json* v = Field(obj, key);
    if (v == nullptr) return;
    if (!v->is_string()) return Fail(path + "." + key, "must be a string");
    out = v->get<std::string>();
  }
  template <typename Int>
  void Integer(const json& obj, const char* key, const std::string& path, Int& out) {
    const json* v = Field(obj, key);
    if (v == nullptr) return;
    if (!v->is_number_integer()) return Fail(path + "." + key, "must be an integer");
    out = v->get<Int>();
  }
  void OptInteger(const json& obj, const char* key, const std::string& path,
                  std::optional<int64_t>& out) {
    if (Field(obj, key) == nullptr) return;
    int64_t v = 0;
    Integer(obj, key, path, v);
    out = v;
  }
  void Bool(const json& obj, const char* key, const std::string& path, bool& out) {
    const json* v = Field(obj, key);
    if (v == nullptr) return;
    if (!v->is_boolean()) return Fail(path + "." + key, "must be a boolean");
    out = v->get<bool>();
  }
  void Strings(const json& obj, const char* key, const std::string& path,
               std::vector<std::string>& out) {
    const json* v = Field(obj, key);
    if (v == nullptr) return;
    if (!v->is_array()) return Fail(path + "." + key, "must be a list of strings");
    for (const json& s : *v) {
      if (!s.is_string()) return Fail(path + "." + key, "must be a list of strings");
      out.push_back(s.get<std::string>());
    }
  }
  void StringMap(const json& obj, const char* key, const std::string& path,
                 std::map<std::string, std::string>& out) {
    const json* v = Field(obj, key);
    if (v == nullptr) return;
    if (!v->is_object()) return Fail(path + "." + key, "must be a map of strings");
    for (const auto& [k, s] : v->items()) {
      if (!s.is_string()) return Fail(path + "." + key + "." + k, "must be a string");
      out[k] = s.get<std::string>();
    }
  }
  // IntOrString as text.
  void IntOrString(const json& obj, const char* key, const std::string& path, std::string& out) {
    const json* v = Field(obj, key);
    if (v == nullptr) return;
    if (v->is_number_integer()) {
      out = std::to_string(v->get<int64_t>());
    } else if (v->is_string()) {
      out = v->get<std::string>();
    } else {
      Fail(path + "." + key, "must be an integer or a string");
    }
  }
  // A Quantity (string or number) scaled by ParseMilliQuantity/ParseQuantity.
  void Quantity(const json& obj, const char* key, const std::string& path, bool milli,
                int64_t& out) {
    const json* v = Field(obj, key);
    if (v == nullptr) return;
    std::string text = v->is_string() ? v->get<std::string>() : v->dump();
    absl::StatusOr<int64_t> q =
        milli ? apimachinery::ParseMilliQuantity(text) : apimachinery::ParseQuantity(text);
    if (!q.ok()) return Fail(path + "." + key, base::ToStd(q.status().message()));
    out = *q;
  }

 private:
  std::string error_;
};

void DefaultProbe(json& probe) {
  if (!probe.is_object()) return;
  if (!probe.contains("periodSeconds")) probe["periodSeconds"] = 10;
  if (!probe.contains("timeoutSeconds")) probe["timeoutSeconds"] = 1;
  if (!probe.contains("successThreshold")) probe["successThreshold"] = 1;
  if (!probe.contains("failureThreshold")) probe["failureThreshold"] = 3;
  if (probe.contains("httpGet") && probe["httpGet"].is_object()) {
    json& h = probe["httpGet"];
    if (!h.contains("path")) h["path"] = "/";
    if (!h.contains("scheme")) h["scheme"] = "HTTP";
  }
}

void DefaultContainer(json& c) {
  if (!c.is_object()) return;
  if (!c.contains("imagePullPolicy") && c.contains("image") && c["image"].is_string()) {
    c["imagePullPolicy"] = DefaultPullPolicy(c["image"].get<std::string>());
  }
  if (!c.contains("terminationMessagePath")) c["terminationMessagePath"] = "/dev/termination-log";
  if (!c.contains("terminationMessagePolicy")) c["terminationMessagePolicy"] = "File";
  if (c.contains("ports") && c["ports"].is_array()) {
    for (json& p : c["ports"]) {
      if (p.is_object() && !p.contains("protocol")) p["protocol"] = "TCP";
    }
  }
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    if (c.contains(probe)) DefaultProbe(c[probe]);
  }
  // Requests default to limits (upstream's defaulting of the resources).
  if (c.contains("resources") && c["resources"].is_object()) {
    json& r = c["resources"];
    if (r.contains("limits") && r["limits"].is_object()) {
      for (const auto& [name, value] : r["limits"].items()) {
        if (!r.contains("requests") || !r["requests"].contains(name)) r["requests"][name] = value;
      }
    }
  }
}

void ApplyDefaults(json& obj) {
  json& spec = obj["spec"];
  if (!spec.contains("restartPolicy")) spec["restartPolicy"] = "Always";
  if (!spec.contains("terminationGracePeriodSeconds")) spec["terminationGracePeriodSeconds"] = 30;
  if (!spec.contains("dnsPolicy")) spec["dnsPolicy"] = "ClusterFirst";
  if (!spec.contains("schedulerName")) spec["schedulerName"] = "default-scheduler";
  if (!spec.contains("securityContext")) spec["securityContext"] = json::object();
  if (!spec.contains("enableServiceLinks")) spec["enableServiceLinks"] = true;
  for (const char* list : {"initContainers", "containers"}) {
    if (spec.contains(list) && spec[list].is_array()) {
      for (json& c : spec[list]) DefaultContainer(c);
    }
  }
  if (spec.contains("volumes") && spec["volumes"].is_array()) {
    for (json& v : spec["volumes"]) {
      if (v.is_object() && v.contains("hostPath") && v["hostPath"].is_object() &&
          !v["hostPath"].contains("type")) {
        v["hostPath"]["type"] = "";
      }
    }
  }
}

void ReadHandler(Reader& r, const json& h, const std::string& path, Handler& out) {
  if (const json* e = r.Field(h, "exec")) {
    out.kind = Handler::Kind::kExec;
    r.Strings(*e, "command", path + ".exec", out.command);
    if (out.command.empty()) r.Fail(path + ".exec.command", "required");
  } else if (const json* g = r.Field(h, "httpGet")) {
    out.kind = Handler::Kind::kHttpGet;
    r.String(*g, "path", path + ".httpGet", out.path);
    r.String(*g, "host", path + ".httpGet", out.host);
    r.String(*g, "scheme", path + ".httpGet", out.scheme);
    r.IntOrString(*g, "port", path + ".httpGet", out.port);
    if (out.port.empty()) r.Fail(path + ".httpGet.port", "required");
    if (const json* hs = r.Field(*g, "httpHeaders"); hs != nullptr && hs->is_array()) {
      for (const json& kv : *hs) {
        std::string name, value;
        r.String(kv, "name", path + ".httpGet.httpHeaders", name);
        r.String(kv, "value", path + ".httpGet.httpHeaders", value);
        out.headers.emplace_back(name, value);
      }
    }
  } else if (const json* t = r.Field(h, "tcpSocket")) {
    out.kind = Handler::Kind::kTcpSocket;
    r.String(*t, "host", path + ".tcpSocket", out.host);
    r.IntOrString(*t, "port", path + ".tcpSocket", out.port);
    if (out.port.empty()) r.Fail(path + ".tcpSocket.port", "required");
  } else {
    r.Fail(path, "must have exactly one of exec, httpGet, tcpSocket");
  }
}

std::optional<Probe> ReadProbe(Reader& r, const json& c, const char* key, const std::string& path) {
  const json* p = r.Field(c, key);
  if (p == nullptr) return std::nullopt;
  Probe probe;
  std::string ppath = path + "." + key;
  ReadHandler(r, *p, ppath, probe.handler);
  r.Integer(*p, "initialDelaySeconds", ppath, probe.initial_delay_seconds);
  r.Integer(*p, "periodSeconds", ppath, probe.period_seconds);
  r.Integer(*p, "timeoutSeconds", ppath, probe.timeout_seconds);
  r.Integer(*p, "successThreshold", ppath, probe.success_threshold);
  r.Integer(*p, "failureThreshold", ppath, probe.failure_threshold);
  if (probe.period_seconds < 1) probe.period_seconds = 1;
  if (probe.timeout_seconds < 1) probe.timeout_seconds = 1;
  return probe;
}

void ReadSecurity(Reader& r, const json& c, const std::string& path, SecurityContext& out) {
  const json* s = r.Field(c, "securityContext");
  if (s == nullptr) return;
  std::string spath = path + ".securityContext";
  r.OptInteger(*s, "runAsUser", spath, out.run_as_user);
  r.OptInteger(*s, "runAsGroup", spath, out.run_as_group);
  r.Bool(*s, "privileged", spath, out.privileged);
  r.Bool(*s, "readOnlyRootFilesystem", spath, out.read_only_root_filesystem);
  if (r.Field(*s, "allowPrivilegeEscalation") != nullptr) {
    bool v = true;
    r.Bool(*s, "allowPrivilegeEscalation", spath, v);
    out.allow_privilege_escalation = v;
  }
  if (const json* caps = r.Field(*s, "capabilities")) {
    r.Strings(*caps, "add", spath + ".capabilities", out.capabilities_add);
    r.Strings(*caps, "drop", spath + ".capabilities", out.capabilities_drop);
  }
}

// The value of a downward-API field path known from the manifest.
std::optional<std::string> PodField(const Pod& pod, const std::string& field) {
  auto keyed = [&](const char* prefix,
                   const std::map<std::string, std::string>& m) -> std::optional<std::string> {
    std::string p = prefix;
    if (field.size() < p.size() + 4 || field.compare(0, p.size(), p) != 0) return std::nullopt;
    std::string rest = field.substr(p.size());
    if (rest.front() != '[' || rest.back() != ']') return std::nullopt;
    std::string key = rest.substr(1, rest.size() - 2);
    if (key.size() < 2 || (key.front() != '\'' && key.front() != '"') ||
        key.back() != key.front()) {
      return std::nullopt;
    }
    auto it = m.find(key.substr(1, key.size() - 2));
    return it == m.end() ? "" : it->second;
  };
  if (field == "metadata.name") return pod.name;
  if (field == "metadata.namespace") return pod.namespace_;
  if (field == "metadata.uid") return pod.uid;
  if (field == "spec.nodeName") return pod.node_name;
  if (field == "spec.serviceAccountName") return pod.service_account_name;
  if (auto v = keyed("metadata.labels", pod.labels)) return v;
  if (auto v = keyed("metadata.annotations", pod.annotations)) return v;
  return std::nullopt;
}

// env[].valueFrom: fieldRef and resourceFieldRef (configMapKeyRef and
// secretKeyRef need the API server, which static pods may not reference).
void ReadEnvSource(Reader& r, const json& from, const std::string& path, const Pod& pod,
                   EnvVar& e) {
  if (const json* ref = r.Field(from, "fieldRef")) {
    std::string field;
    r.String(*ref, "fieldPath", path + ".fieldRef", field);
    if (auto v = PodField(pod, field)) {
      e.value = *v;
    } else if (field == "status.podIP" || field == "status.podIPs" || field == "status.hostIP" ||
               field == "status.hostIPs") {
      e.field_path = field;
    } else {
      r.Fail(path + ".fieldRef.fieldPath",
             base::StrCat("unsupported value \"", field,
                          "\": supported values: metadata.name, metadata.namespace, metadata.uid, "
                          "metadata.labels['<KEY>'], metadata.annotations['<KEY>'], "
                          "spec.nodeName, spec.serviceAccountName, status.hostIP, "
                          "status.hostIPs, status.podIP, status.podIPs"));
    }
  } else if (const json* res = r.Field(from, "resourceFieldRef")) {
    std::string rpath = path + ".resourceFieldRef";
    r.String(*res, "resource", rpath, e.resource);
    r.String(*res, "containerName", rpath, e.resource_container);
    if (const json* d = r.Field(*res, "divisor")) {
      e.divisor = d->is_string() ? d->get<std::string>() : d->dump();
    }
    static const char* kResources[] = {"limits.cpu", "limits.memory", "requests.cpu",
                                       "requests.memory"};
    if (std::find(std::begin(kResources), std::end(kResources), e.resource) ==
        std::end(kResources)) {
      r.Fail(rpath + ".resource",
             base::StrCat("unsupported value \"", e.resource,
                          "\": supported values: limits.cpu, limits.memory, requests.cpu, "
                          "requests.memory"));
    }
    bool cpu = e.resource.find("cpu") != std::string::npos;
    if (!e.divisor.empty()) {
      auto d = cpu ? apimachinery::ParseMilliQuantity(e.divisor)
                   : apimachinery::ParseQuantity(e.divisor);
      if (!d.ok() || *d <= 0) r.Fail(rpath + ".divisor", "must be a positive quantity");
    }
  } else if (r.Field(from, "configMapKeyRef") != nullptr ||
             r.Field(from, "secretKeyRef") != nullptr) {
    r.Fail(path, "static pods cannot reference API objects (configMapKeyRef, secretKeyRef)");
  } else {
    r.Fail(path, "must have fieldRef or resourceFieldRef");
  }
}

Container ReadContainer(Reader& r, const json& c, const std::string& path, const Pod& pod) {
  Container out;
  r.String(c, "name", path, out.name);
  if (out.name.empty()) r.Fail(path + ".name", "required");
  r.String(c, "image", path, out.image);
  if (out.image.empty()) r.Fail(path + ".image", "required");
  r.String(c, "imagePullPolicy", path, out.image_pull_policy);
  r.Strings(c, "command", path, out.command);
  r.Strings(c, "args", path, out.args);
  r.String(c, "workingDir", path, out.working_dir);
  r.String(c, "terminationMessagePath", path, out.termination_message_path);
  r.String(c, "terminationMessagePolicy", path, out.termination_message_policy);
  r.Bool(c, "tty", path, out.tty);
  r.Bool(c, "stdin", path, out.stdin);
  if (const json* env = r.Field(c, "env"); env != nullptr && env->is_array()) {
    for (size_t i = 0; i < env->size(); ++i) {
      std::string epath = base::StrCat(path, ".env[", i, "]");
      EnvVar e;
      r.String((*env)[i], "name", epath, e.name);
      r.String((*env)[i], "value", epath, e.value);
      if (const json* from = r.Field((*env)[i], "valueFrom")) {
        ReadEnvSource(r, *from, epath + ".valueFrom", pod, e);
      }
      out.env.push_back(std::move(e));
    }
  }
  if (const json* ports = r.Field(c, "ports"); ports != nullptr && ports->is_array()) {
    for (size_t i = 0; i < ports->size(); ++i) {
      std::string ppath = base::StrCat(path, ".ports[", i, "]");
      ContainerPort p;
      r.String((*ports)[i], "name", ppath, p.name);
      r.Integer((*ports)[i], "containerPort", ppath, p.container_port);
      r.Integer((*ports)[i], "hostPort", ppath, p.host_port);
      r.String((*ports)[i], "protocol", ppath, p.protocol);
      r.String((*ports)[i], "hostIP", ppath, p.host_ip);
      out.ports.push_back(std::move(p));
    }
  }
  if (const json* mounts = r.Field(c, "volumeMounts"); mounts != nullptr && mounts->is_array()) {
    for (size_t i = 0; i < mounts->size(); ++i) {
      std::string mpath = base::StrCat(path, ".volumeMounts[", i, "]");
      VolumeMount m;
      r.String((*mounts)[i], "name", mpath, m.name);
      r.String((*mounts)[i], "mountPath", mpath, m.mount_path);
      r.String((*mounts)[i], "subPath", mpath, m.sub_path);
      r.Bool((*mounts)[i], "readOnly", mpath, m.read_only);
      if (m.mount_path.empty()) r.Fail(mpath + ".mountPath", "required");
      out.volume_mounts.push_back(std::move(m));
    }
  }
  if (const json* res = r.Field(c, "resources")) {
    if (const json* req = r.Field(*res, "requests")) {
      r.Quantity(*req, "cpu", path + ".resources.requests", true, out.resources.cpu_request_milli);
      r.Quantity(*req, "memory", path + ".resources.requests", false, out.resources.memory_request);
    }
    if (const json* lim = r.Field(*res, "limits")) {
      r.Quantity(*lim, "cpu", path + ".resources.limits", true, out.resources.cpu_limit_milli);
      r.Quantity(*lim, "memory", path + ".resources.limits", false, out.resources.memory_limit);
    }
  }
  out.security_context.run_as_user = pod.run_as_user;
  out.security_context.run_as_group = pod.run_as_group;
  ReadSecurity(r, c, path, out.security_context);
  out.liveness_probe = ReadProbe(r, c, "livenessProbe", path);
  out.readiness_probe = ReadProbe(r, c, "readinessProbe", path);
  out.startup_probe = ReadProbe(r, c, "startupProbe", path);
  if (const json* lc = r.Field(c, "lifecycle")) {
    if (const json* h = r.Field(*lc, "preStop")) {
      out.pre_stop.emplace();
      ReadHandler(r, *h, path + ".lifecycle.preStop", *out.pre_stop);
    }
    if (const json* h = r.Field(*lc, "postStart")) {
      out.post_start.emplace();
      ReadHandler(r, *h, path + ".lifecycle.postStart", *out.post_start);
    }
  }
  return out;
}

void ReadVolumes(Reader& r, const json& spec, Pod& pod) {
  const json* vols = r.Field(spec, "volumes");
  if (vols == nullptr || !vols->is_array()) return;
  for (size_t i = 0; i < vols->size(); ++i) {
    const json& v = (*vols)[i];
    std::string vpath = base::StrCat("spec.volumes[", i, "]");
    Volume out;
    r.String(v, "name", vpath, out.name);
    if (const json* e = r.Field(v, "emptyDir")) {
      out.kind = Volume::Kind::kEmptyDir;
      r.String(*e, "medium", vpath + ".emptyDir", out.medium);
      r.Quantity(*e, "sizeLimit", vpath + ".emptyDir", false, out.size_limit);
    } else if (const json* h = r.Field(v, "hostPath")) {
      out.kind = Volume::Kind::kHostPath;
      r.String(*h, "path", vpath + ".hostPath", out.path);
      r.String(*h, "type", vpath + ".hostPath", out.type);
      if (out.path.empty()) r.Fail(vpath + ".hostPath.path", "required");
    } else {
      r.Fail(vpath, "only emptyDir and hostPath volumes are supported on this node");
    }
    pod.volumes.push_back(std::move(out));
  }
}

}  // namespace

std::string DefaultPullPolicy(const std::string& image) {
  if (image.find('@') != std::string::npos) return "IfNotPresent";
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return "Always";
  return image.substr(colon + 1) == "latest" ? "Always" : "IfNotPresent";
}

absl::StatusOr<Pod> ParsePod(json obj, const std::string& node_name, const std::string& uid) {
  if (!obj.is_object()) return absl::InvalidArgumentError("manifest: must be an object");
  if (obj.value("kind", "") != "Pod" || obj.value("apiVersion", "") != "v1") {
    return absl::InvalidArgumentError("manifest: apiVersion must be v1 and kind Pod");
  }
  if (!obj.contains("spec") || !obj["spec"].is_object()) {
    return absl::InvalidArgumentError("spec: required");
  }
  Reader r;
  Pod pod;
  json& meta = obj["metadata"];
  if (!meta.is_object()) meta = json::object();
  r.String(meta, "name", "metadata", pod.name);
  if (pod.name.empty()) return absl::InvalidArgumentError("metadata.name: required");
  if (!node_name.empty()) pod.name += "-" + node_name;
  r.String(meta, "namespace", "metadata", pod.namespace_);
  if (pod.namespace_.empty()) pod.namespace_ = "default";
  r.StringMap(meta, "labels", "metadata", pod.labels);
  r.StringMap(meta, "annotations", "metadata", pod.annotations);
  pod.uid = uid;
  pod.annotations["kubernetes.io/config.source"] = "file";
  pod.annotations["kubernetes.io/config.hash"] = uid;
  meta["name"] = pod.name;
  meta["namespace"] = pod.namespace_;
  meta["uid"] = uid;
  meta["annotations"] = pod.annotations;

  ApplyDefaults(obj);
  json& spec = obj["spec"];
  if (!node_name.empty()) spec["nodeName"] = node_name;
  r.String(spec, "restartPolicy", "spec", pod.restart_policy);
  if (pod.restart_policy != "Always" && pod.restart_policy != "OnFailure" &&
      pod.restart_policy != "Never") {
    r.Fail("spec.restartPolicy", "must be Always, OnFailure or Never");
  }
  r.Integer(spec, "terminationGracePeriodSeconds", "spec", pod.termination_grace_period_seconds);
  r.Bool(spec, "hostNetwork", "spec", pod.host_network);
  r.String(spec, "nodeName", "spec", pod.node_name);
  r.String(spec, "serviceAccountName", "spec", pod.service_account_name);
  r.String(spec, "hostname", "spec", pod.hostname);
  if (const json* sc = r.Field(spec, "securityContext")) {
    r.OptInteger(*sc, "runAsUser", "spec.securityContext", pod.run_as_user);
    r.OptInteger(*sc, "runAsGroup", "spec.securityContext", pod.run_as_group);
    if (const json* g = r.Field(*sc, "supplementalGroups"); g != nullptr && g->is_array()) {
      for (const json& id : *g) {
        if (id.is_number_integer()) pod.supplemental_groups.push_back(id.get<int64_t>());
      }
    }
  }
  for (auto [key, list] : {std::pair{"initContainers", &pod.init_containers},
                           std::pair{"containers", &pod.containers}}) {
    const json* cs = r.Field(spec, key);
    if (cs == nullptr) continue;
    if (!cs->is_array()) {
      r.Fail(base::StrCat("spec.", key), "must be a list");
      continue;
    }
    for (size_t i = 0; i < cs->size(); ++i) {
      list->push_back(ReadContainer(r, (*cs)[i], base::StrCat("spec.", key, "[", i, "]"), pod));
    }
  }
  if (pod.containers.empty()) r.Fail("spec.containers", "required");
  ReadVolumes(r, spec, pod);
  if (!r.ok()) return r.status();
  pod.object = std::move(obj);
  return pod;
}

}  // namespace wisp::kubelet
