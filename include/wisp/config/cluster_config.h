// File: wisp/config/cluster_config.h
//
// The typed cluster configuration, `wisp.yaml` (design.md §7). A file holds
// a partial document that is merged over the defaults below; every field is
// documented in docs/configuration.md.
//
//   apiVersion: wisp.dev/v1beta1
//   kind: ClusterConfig
//   metadata: {name: wisp}
//   spec: {api, storage, network, scheduler, controllerManager, kubelet,
//          proxy, images, manifests}
//
// Value types with value equality; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wisp::config {

inline constexpr std::string_view kApiVersion = "wisp.dev/v1beta1";
inline constexpr std::string_view kKind = "ClusterConfig";

// Extra command-line arguments for a component: flag name (without leading
// dashes) to value. Passed as --name=value.
using ExtraArgs = std::map<std::string, std::string>;

struct ApiSpec {
  std::string address;            // Address the API server binds and advertises; "" = auto.
  int port = 6443;                // HTTPS port, 1..65535.
  std::string external_address;   // Load balancer / DNS name clients use; "" = none.
  std::vector<std::string> sans;  // Extra SANs (IPs or DNS names) for the serving cert.
  ExtraArgs extra_args;           // For `wisp apiserver`.

  bool operator==(const ApiSpec&) const = default;
};

enum class StorageType { kSqlite, kEtcd };

struct SqliteSpec {
  std::string path;  // Database file; "" = <data-dir>/datastore/state.db.

  bool operator==(const SqliteSpec&) const = default;
};

struct EtcdExternalSpec {
  std::vector<std::string> endpoints;  // http(s)://host:port URLs.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::string prefix;  // Key prefix under which the cluster lives; "" = none.

  bool operator==(const EtcdExternalSpec&) const = default;
};

struct EtcdSpec {
  std::string peer_address;  // Managed etcd: this node's peer IP; "" = auto.
  // True when spec.storage.etcd.external is a map (null = wisp manages etcd).
  // REQUIRES for validity: false implies `external` is all defaults.
  bool has_external = false;
  EtcdExternalSpec external;

  bool operator==(const EtcdSpec&) const = default;
};

struct StorageSpec {
  StorageType type = StorageType::kSqlite;
  SqliteSpec sqlite;
  EtcdSpec etcd;
  ExtraArgs extra_args;  // For `wisp datastore` (or the managed etcd).

  bool operator==(const StorageSpec&) const = default;
};

struct PortRange {
  int first = 30000;
  int last = 32767;

  bool operator==(const PortRange&) const = default;
};

struct NetworkSpec {
  std::string pod_cidr = "10.244.0.0/16";
  std::string service_cidr = "10.96.0.0/12";
  std::string cluster_domain = "cluster.local";
  PortRange node_port_range;

  bool operator==(const NetworkSpec&) const = default;
};

struct ComponentSpec {
  ExtraArgs extra_args;

  bool operator==(const ComponentSpec&) const = default;
};

struct ImagesSpec {
  std::string pause = "wisp.local/pause:3.10";  // Sandbox image, shipped inside wisp.

  bool operator==(const ImagesSpec&) const = default;
};

struct GitSource {
  std::string name;           // DNS label; the stack name.
  std::string url;            // http(s)://, ssh://, git://, file:// or [user@]host:path.
  std::string ref;            // Branch, tag or commit; "" = the remote's HEAD.
  std::string path;           // Directory inside the repository; "" = root.
  int interval_seconds = 60;  // How often to poll, >= 1. YAML: a duration ("30s", "5m").

  bool operator==(const GitSource&) const = default;
};

struct ManifestsSpec {
  std::vector<std::string> dirs;  // Extra manifest directories (absolute paths).
  std::vector<GitSource> git;

  bool operator==(const ManifestsSpec&) const = default;
};

struct ClusterSpec {
  ApiSpec api;
  StorageSpec storage;
  NetworkSpec network;
  ComponentSpec scheduler;
  ComponentSpec controller_manager;
  ComponentSpec kubelet;
  ComponentSpec proxy;
  ImagesSpec images;
  ManifestsSpec manifests;

  bool operator==(const ClusterSpec&) const = default;
};

struct ClusterConfig {
  std::string name = "wisp";  // metadata.name
  ClusterSpec spec;

  bool operator==(const ClusterConfig&) const = default;
};

// Parses a YAML document and merges it over the defaults, then validates.
// On failure returns InvalidArgument whose message lists every problem, one
// per line, each naming the YAML path and line, e.g.
//   spec.network.podCIDR (line 7): invalid CIDR "10.0.0.0/33": ...
// An empty document yields the defaults.
absl::StatusOr<ClusterConfig> ParseClusterConfig(std::string_view yaml);

// Validates an already-typed config (the semantic checks of
// ParseClusterConfig). Returns InvalidArgument listing every problem, one per
// line, naming paths but no lines.
absl::Status ValidateClusterConfig(const ClusterConfig& config);

// Renders the complete config as YAML, every field included, with short
// comments. For every c that ValidateClusterConfig accepts,
// ParseClusterConfig(EmitClusterConfig(c)) == c.
std::string EmitClusterConfig(const ClusterConfig& config);

std::string_view StorageTypeName(StorageType type);

}  // namespace wisp::config
