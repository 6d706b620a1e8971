// File: src/kubelet/runtime_config.cc
#include "kubelet/runtime_config.h"

#include <algorithm>

#include "wisp/apimachinery/quantity.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {
namespace {

namespace v1 = cri::v1;

// Upstream's defaults for unprivileged containers (containerd applies none
// when the kubelet sends an empty list).
constexpr const char* kMaskedPaths[] = {"/proc/asound",
                                        "/proc/acpi",
                                        "/proc/kcore",
                                        "/proc/keys",
                                        "/proc/latency_stats",
                                        "/proc/timer_list",
                                        "/proc/timer_stats",
                                        "/proc/sched_debug",
                                        "/proc/scsi",
                                        "/sys/firmware",
                                        "/sys/devices/virtual/powercap"};
constexpr const char* kReadonlyPaths[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                          "/proc/sysrq-trigger"};

void AddPodLabels(const Pod& pod, google::protobuf::Map<std::string, std::string>& labels) {
  labels[kPodNameLabel] = pod.name;
  labels[kPodNamespaceLabel] = pod.namespace_;
  labels[kPodUidLabel] = pod.uid;
}

bool AnyPrivileged(const Pod& pod) {
  for (const auto* list : {&pod.init_containers, &pod.containers}) {
    for (const Container& c : *list) {
      if (c.security_context.privileged) return true;
    }
  }
  return false;
}

void SetSecurity(const Container& c, const Pod& pod, v1::LinuxContainerSecurityContext& sc) {
  const SecurityContext& s = c.security_context;
  sc.set_privileged(s.privileged);
  sc.set_readonly_rootfs(s.read_only_root_filesystem);
  if (s.run_as_user) sc.mutable_run_as_user()->set_value(*s.run_as_user);
  if (s.run_as_group) sc.mutable_run_as_group()->set_value(*s.run_as_group);
  for (int64_t g : pod.supplemental_groups) sc.add_supplemental_groups(g);
  for (const std::string& cap : s.capabilities_add)
    sc.mutable_capabilities()->add_add_capabilities(cap);
  for (const std::string& cap : s.capabilities_drop) {
    sc.mutable_capabilities()->add_drop_capabilities(cap);
  }
  sc.set_no_new_privs(s.allow_privilege_escalation.has_value() && !*s.allow_privilege_escalation);
  auto* ns = sc.mutable_namespace_options();
  ns->set_network(pod.host_network ? v1::NODE : v1::POD);
  ns->set_pid(v1::CONTAINER);
  ns->set_ipc(v1::POD);
  if (!s.privileged) {
    for (const char* p : kMaskedPaths) sc.add_masked_paths(p);
    for (const char* p : kReadonlyPaths) sc.add_readonly_paths(p);
  }
}

}  // namespace

std::string PodLogDir(const std::string& pod_logs_dir, const Pod& pod) {
  return base::StrCat(pod_logs_dir, "/", pod.namespace_, "_", pod.name, "_", pod.uid);
}

std::string EmptyDirPath(const std::string& pods_dir, const std::string& uid,
                         const std::string& volume) {
  return base::StrCat(pods_dir, "/", uid, "/volumes/kubernetes.io~empty-dir/", volume);
}

std::string TerminationLogPath(const std::string& pods_dir, const std::string& uid,
                               const std::string& container, int restart_count) {
  return base::StrCat(pods_dir, "/", uid, "/containers/", container, "/", restart_count);
}

v1::PodSandboxConfig BuildSandboxConfig(const Pod& pod, const std::string& pod_logs_dir,
                                        uint32_t attempt) {
  v1::PodSandboxConfig cfg;
  auto* md = cfg.mutable_metadata();
  md->set_name(pod.name);
  md->set_namespace_(pod.namespace_);
  md->set_uid(pod.uid);
  md->set_attempt(attempt);
  if (!pod.host_network) {
    std::string host = pod.hostname.empty() ? pod.name : pod.hostname;
    cfg.set_hostname(host.substr(0, 63));
  }
  cfg.set_log_directory(PodLogDir(pod_logs_dir, pod));
  for (const auto& [k, v] : pod.labels) (*cfg.mutable_labels())[k] = v;
  AddPodLabels(pod, *cfg.mutable_labels());
  for (const auto& [k, v] : pod.annotations) (*cfg.mutable_annotations())[k] = v;
  for (const Container& c : pod.containers) {
    for (const ContainerPort& p : c.ports) {
      if (p.host_port == 0) continue;
      auto* pm = cfg.add_port_mappings();
      pm->set_container_port(p.container_port);
      pm->set_host_port(p.host_port);
      pm->set_host_ip(p.host_ip);
      pm->set_protocol(p.protocol == "UDP" ? v1::UDP : p.protocol == "SCTP" ? v1::SCTP : v1::TCP);
    }
  }
  auto* sc = cfg.mutable_linux()->mutable_security_context();
  auto* ns = sc->mutable_namespace_options();
  ns->set_network(pod.host_network ? v1::NODE : v1::POD);
  ns->set_pid(v1::CONTAINER);
  ns->set_ipc(v1::POD);
  sc->set_privileged(AnyPrivileged(pod));
  if (pod.run_as_user) sc->mutable_run_as_user()->set_value(*pod.run_as_user);
  if (pod.run_as_group) sc->mutable_run_as_group()->set_value(*pod.run_as_group);
  for (int64_t g : pod.supplemental_groups) sc->add_supplemental_groups(g);
  return cfg;
}

std::string QosClass(const Pod& pod) {
  bool any = false, guaranteed = true;
  for (const auto* list : {&pod.init_containers, &pod.containers}) {
    for (const Container& c : *list) {
      const Resources& r = c.resources;
      if (r.cpu_request_milli || r.cpu_limit_milli || r.memory_request || r.memory_limit) {
        any = true;
      }
      if (r.cpu_limit_milli == 0 || r.memory_limit == 0 ||
          r.cpu_request_milli != r.cpu_limit_milli || r.memory_request != r.memory_limit) {
        guaranteed = false;
      }
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

v1::LinuxContainerResources BuildResources(const Pod& pod, const Resources& r,
                                           int64_t node_memory) {
  v1::LinuxContainerResources out;
  int64_t cpu_request = r.cpu_request_milli != 0 ? r.cpu_request_milli : r.cpu_limit_milli;
  out.set_cpu_shares(std::max<int64_t>(2, cpu_request * 1024 / 1000));
  if (r.cpu_limit_milli > 0) {
    out.set_cpu_period(100000);
    out.set_cpu_quota(std::max<int64_t>(1000, r.cpu_limit_milli * 100000 / 1000));
  }
  if (r.memory_limit > 0) out.set_memory_limit_in_bytes(r.memory_limit);
  std::string qos = QosClass(pod);
  int64_t oom = 1000;
  if (qos == "Guaranteed") {
    oom = -997;
  } else if (qos == "Burstable") {
    int64_t request = r.memory_request != 0 ? r.memory_request : r.memory_limit;
    oom = node_memory > 0 ? 1000 - (1000 * request) / node_memory : 999;
    oom = std::clamp<int64_t>(oom, 2, 999);
  }
  out.set_oom_score_adj(oom);
  return out;
}

namespace {

// A downward-API env value known only now (see EnvVar), else the literal.
absl::StatusOr<std::string> EnvValue(const ContainerConfigInput& in, const EnvVar& e) {
  if (e.field_path == "status.podIP" || e.field_path == "status.podIPs") return in.pod_ip;
  if (e.field_path == "status.hostIP" || e.field_path == "status.hostIPs") return in.host_ip;
  if (e.resource.empty()) return e.value;
  const Pod& pod = *in.pod;
  const Container* target = in.container;
  if (!e.resource_container.empty()) {
    target = nullptr;
    for (const auto* list : {&pod.containers, &pod.init_containers}) {
      for (const Container& c : *list) {
        if (c.name == e.resource_container) target = &c;
      }
    }
    if (target == nullptr) {
      return absl::InvalidArgumentError(base::StrCat(
          "env ", e.name, ": resourceFieldRef names no container \"", e.resource_container, "\""));
    }
  }
  const Resources& r = target->resources;
  bool cpu = e.resource.find("cpu") != std::string::npos;
  // Upstream: a missing limit is the node's allocatable; a missing request
  // is the limit (already defaulted) or 0.
  int64_t v = e.resource == "limits.cpu"      ? r.cpu_limit_milli
              : e.resource == "requests.cpu"  ? r.cpu_request_milli
              : e.resource == "limits.memory" ? r.memory_limit
                                              : r.memory_request;
  if (v == 0 && e.resource == "limits.cpu") v = in.node_cpu_milli;
  if (v == 0 && e.resource == "limits.memory") v = in.node_memory;
  int64_t divisor = cpu ? 1000 : 1;
  if (!e.divisor.empty()) {
    absl::StatusOr<int64_t> d =
        cpu ? apimachinery::ParseMilliQuantity(e.divisor) : apimachinery::ParseQuantity(e.divisor);
    if (!d.ok() || *d <= 0) return absl::InvalidArgumentError("bad divisor " + e.divisor);
    divisor = *d;
  }
  return std::to_string((v + divisor - 1) / divisor);
}

}  // namespace

std::string ExpandEnv(const std::string& s, const std::vector<EnvVar>& env) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '$' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    if (s[i + 1] == '$') {
      out.push_back('$');
      ++i;
      continue;
    }
    size_t close = s.find(')', i + 2);
    if (s[i + 1] != '(' || close == std::string::npos) {
      out.push_back(s[i]);
      continue;
    }
    std::string name = s.substr(i + 2, close - i - 2);
    auto it =
        std::find_if(env.rbegin(), env.rend(), [&](const EnvVar& e) { return e.name == name; });
    out += it != env.rend() ? it->value : s.substr(i, close - i + 1);
    i = close;
  }
  return out;
}

absl::StatusOr<v1::ContainerConfig> BuildContainerConfig(const ContainerConfigInput& in) {
  const Pod& pod = *in.pod;
  const Container& c = *in.container;
  v1::ContainerConfig cfg;
  cfg.mutable_metadata()->set_name(c.name);
  cfg.mutable_metadata()->set_attempt(in.restart_count);
  cfg.mutable_image()->set_image(in.image_ref.empty() ? c.image : in.image_ref);
  cfg.mutable_image()->set_user_specified_image(c.image);
  // Expand $(VAR) in env values from the earlier variables, then in command and args.
  std::vector<EnvVar> env;
  for (const EnvVar& e : c.env) {
    absl::StatusOr<std::string> value = EnvValue(in, e);
    if (!value.ok()) return value.status();
    EnvVar resolved;
    resolved.name = e.name;
    resolved.value = e.field_path.empty() && e.resource.empty() ? ExpandEnv(*value, env) : *value;
    env.push_back(std::move(resolved));
  }
  for (const std::string& s : c.command) cfg.add_command(ExpandEnv(s, env));
  for (const std::string& s : c.args) cfg.add_args(ExpandEnv(s, env));
  cfg.set_working_dir(c.working_dir);
  for (const EnvVar& e : env) {
    auto* kv = cfg.add_envs();
    kv->set_key(e.name);
    kv->set_value(e.value);
  }
  for (const VolumeMount& m : c.volume_mounts) {
    auto vol = std::find_if(pod.volumes.begin(), pod.volumes.end(),
                            [&](const Volume& v) { return v.name == m.name; });
    if (vol == pod.volumes.end()) {
      return absl::InvalidArgumentError(
          base::StrCat("container ", c.name, ": volumeMount ", m.name, " names no volume"));
    }
    std::string host = vol->kind == Volume::Kind::kHostPath
                           ? vol->path
                           : EmptyDirPath(in.pods_dir, pod.uid, vol->name);
    if (!m.sub_path.empty()) host += "/" + m.sub_path;
    auto* mount = cfg.add_mounts();
    mount->set_container_path(m.mount_path);
    mount->set_host_path(host);
    mount->set_readonly(m.read_only);
  }
  if (!c.termination_message_path.empty()) {
    auto* mount = cfg.add_mounts();
    mount->set_container_path(c.termination_message_path);
    mount->set_host_path(TerminationLogPath(in.pods_dir, pod.uid, c.name, in.restart_count));
  }
  AddPodLabels(pod, *cfg.mutable_labels());
  (*cfg.mutable_labels())[kContainerNameLabel] = c.name;
  auto& ann = *cfg.mutable_annotations();
  ann[kRestartCountAnnotation] = std::to_string(in.restart_count);
  ann[kGracePeriodAnnotation] = std::to_string(pod.termination_grace_period_seconds);
  if (c.pre_stop) ann[kPreStopAnnotation] = HandlerToJson(*c.pre_stop).dump();
  cfg.set_log_path(base::StrCat(c.name, "/", in.restart_count, ".log"));
  cfg.set_tty(c.tty);
  cfg.set_stdin(c.stdin);
  auto* linux = cfg.mutable_linux();
  *linux->mutable_resources() = BuildResources(pod, c.resources, in.node_memory);
  SetSecurity(c, pod, *linux->mutable_security_context());
  return cfg;
}

nlohmann::json HandlerToJson(const Handler& h) {
  nlohmann::json j;
  switch (h.kind) {
    case Handler::Kind::kExec:
      j["exec"]["command"] = h.command;
      break;
    case Handler::Kind::kHttpGet:
      j["httpGet"] = {{"path", h.path}, {"port", h.port}, {"host", h.host}, {"scheme", h.scheme}};
      break;
    case Handler::Kind::kTcpSocket:
      j["tcpSocket"] = {{"port", h.port}, {"host", h.host}};
      break;
  }
  return j;
}

std::optional<Handler> HandlerFromJson(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  Handler h;
  if (j.contains("exec")) {
    h.kind = Handler::Kind::kExec;
    for (const auto& s : j["exec"].value("command", nlohmann::json::array())) {
      if (s.is_string()) h.command.push_back(s.get<std::string>());
    }
  } else if (j.contains("httpGet")) {
    h.kind = Handler::Kind::kHttpGet;
    h.path = j["httpGet"].value("path", "/");
    h.port = j["httpGet"].value("port", "");
    h.host = j["httpGet"].value("host", "");
  } else if (j.contains("tcpSocket")) {
    h.kind = Handler::Kind::kTcpSocket;
    h.port = j["tcpSocket"].value("port", "");
    h.host = j["tcpSocket"].value("host", "");
  } else {
    return std::nullopt;
  }
  return h;
}

}  // namespace wisp::kubelet
