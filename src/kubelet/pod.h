// File: src/kubelet/pod.h
//
// The parts of a Kubernetes Pod the kubelet acts on, as plain values parsed
// from the manifest (pod_parse.cc) with upstream's defaults applied. The
// defaulted manifest itself is kept as JSON for the status file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace wisp::kubelet {

struct EnvVar {
  std::string name;
  std::string value;
  // Downward API values known only when the container is created:
  // status.podIP(s)/hostIP(s), or a resourceFieldRef.
  std::string field_path;
  std::string resource;            // e.g. limits.memory
  std::string resource_container;  // "" = this container
  std::string divisor;             // Quantity; "" = 1
};

struct ContainerPort {
  std::string name;
  int container_port = 0;
  int host_port = 0;
  std::string protocol = "TCP";
  std::string host_ip;
};

struct VolumeMount {
  std::string name;
  std::string mount_path;
  std::string sub_path;
  bool read_only = false;
};

// A probe's or hook's action: exactly one of exec, httpGet, tcpSocket.
struct Handler {
  enum class Kind { kExec, kHttpGet, kTcpSocket };
  Kind kind = Kind::kExec;
  std::vector<std::string> command;  // exec
  std::string path = "/";            // httpGet
  std::string host;                  // httpGet/tcpSocket; "" = pod IP
  std::string port;                  // number or a container port's name
  std::string scheme = "HTTP";
  std::vector<std::pair<std::string, std::string>> headers;
};

struct Probe {
  Handler handler;
  int initial_delay_seconds = 0;
  int period_seconds = 10;
  int timeout_seconds = 1;
  int success_threshold = 1;
  int failure_threshold = 3;
};

// Requests and limits in CPU millicores and bytes; 0 = unset.
struct Resources {
  int64_t cpu_request_milli = 0;
  int64_t cpu_limit_milli = 0;
  int64_t memory_request = 0;
  int64_t memory_limit = 0;
};

struct SecurityContext {
  std::optional<int64_t> run_as_user;
  std::optional<int64_t> run_as_group;
  bool privileged = false;
  bool read_only_root_filesystem = false;
  std::optional<bool> allow_privilege_escalation;
  std::vector<std::string> capabilities_add;
  std::vector<std::string> capabilities_drop;
};

struct Container {
  std::string name;
  std::string image;
  std::string image_pull_policy;  // Always | IfNotPresent | Never
  std::vector<std::string> command;
  std::vector<std::string> args;
  std::string working_dir;
  std::vector<EnvVar> env;
  std::vector<ContainerPort> ports;
  std::vector<VolumeMount> volume_mounts;
  Resources resources;
  SecurityContext security_context;  // Merged with the pod's.
  std::optional<Probe> liveness_probe;
  std::optional<Probe> readiness_probe;
  std::optional<Probe> startup_probe;
  std::optional<Handler> pre_stop;
  std::optional<Handler> post_start;
  std::string termination_message_path = "/dev/termination-log";
  std::string termination_message_policy = "File";  // Or FallbackToLogsOnError.
  bool tty = false;
  bool stdin = false;
};

struct Volume {
  enum class Kind { kEmptyDir, kHostPath };
  std::string name;
  Kind kind = Kind::kEmptyDir;
  std::string medium;      // emptyDir: "" (disk) or "Memory" (tmpfs)
  int64_t size_limit = 0;  // emptyDir, bytes; 0 = none
  std::string path;        // hostPath
  std::string type;        // hostPath: "", DirectoryOrCreate, Directory, FileOrCreate, ...
};

struct Pod {
  std::string name;  // As run: <manifest name>-<node name>.
  std::string namespace_;
  std::string uid;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::string node_name;  // spec.nodeName
  std::string service_account_name;
  std::string restart_policy = "Always";
  int64_t termination_grace_period_seconds = 30;
  bool host_network = false;
  std::string hostname;
  std::optional<int64_t> run_as_user;  // Pod securityContext (also merged into containers).
  std::optional<int64_t> run_as_group;
  std::vector<int64_t> supplemental_groups;
  std::vector<Container> init_containers;
  std::vector<Container> containers;
  std::vector<Volume> volumes;
  std::string source_file;
  nlohmann::json object;  // The defaulted manifest (apiVersion, kind, metadata, spec).
};

}  // namespace wisp::kubelet
