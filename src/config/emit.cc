// ClusterConfig -> YAML. Every field is written, empty lists and maps
// included, so the output doubles as the reference of what can be set.
// Strings are always double-quoted (escaped like Quote()), which keeps the
// output exact for ParseClusterConfig whatever the text holds.

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "config/problems.h"
#include "wisp/base/duration.h"
#include "wisp/base/strings.h"
#include "wisp/config/cluster_config.h"

namespace wisp::config {
namespace {

using internal::Quote;

// Builds indented YAML one line at a time.
class Writer {
 public:
  void Comment(int depth, std::string_view text) { Line(depth, base::StrCat("# ", text)); }
  void Key(int depth, std::string_view key) { Line(depth, base::StrCat(key, ":")); }
  void Raw(int depth, std::string_view key, std::string_view value) {
    Line(depth, base::StrCat(key, ": ", value));
  }
  void String(int depth, std::string_view key, std::string_view value) {
    Raw(depth, key, Quote(value));
  }
  void Int(int depth, std::string_view key, int value) { Raw(depth, key, base::StrCat(value)); }
  void StringList(int depth, std::string_view key, const std::vector<std::string>& items) {
    if (items.empty()) return Raw(depth, key, "[]");
    Key(depth, key);
    for (const std::string& item : items) Line(depth + 1, base::StrCat("- ", Quote(item)));
  }
  void StringMap(int depth, std::string_view key, const ExtraArgs& entries) {
    if (entries.empty()) return Raw(depth, key, "{}");
    Key(depth, key);
    for (const auto& [k, v] : entries) String(depth + 1, MapKey(k), v);
  }
  void Line(int depth, std::string_view text) {
    out_.append(static_cast<size_t>(depth) * 2, ' ');
    out_.append(text);
    out_.push_back('\n');
  }
  std::string Take() { return std::move(out_); }

 private:
  // Plain when it is an unambiguous flag-like name, quoted otherwise.
  static std::string MapKey(std::string_view key) {
    bool plain = !key.empty() && key != "null" && key != "Null" && key != "NULL" &&
                 std::isalnum(static_cast<unsigned char>(key.front()));
    for (char c : key) {
      plain = plain &&
              (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
    }
    return plain ? std::string(key) : Quote(key);
  }

  std::string out_;
};

void EmitApi(Writer& w, const ApiSpec& api) {
  w.Key(1, "api");
  w.Comment(2, "IP address the API server binds and advertises; \"\" = detect.");
  w.String(2, "address", api.address);
  w.Int(2, "port", api.port);
  w.Comment(2, "Load balancer or DNS name clients use; \"\" = none.");
  w.String(2, "externalAddress", api.external_address);
  w.Comment(2, "Extra subject alternative names (IPs or DNS names) for the serving certificate.");
  w.StringList(2, "sans", api.sans);
  w.StringMap(2, "extraArgs", api.extra_args);
}

void EmitStorage(Writer& w, const StorageSpec& s) {
  w.Key(1, "storage");
  w.Comment(2, "sqlite (single controller) or etcd (managed by wisp, or external).");
  w.Raw(2, "type", StorageTypeName(s.type));
  w.Key(2, "sqlite");
  w.Comment(3, "Database file; \"\" = <data-dir>/datastore/state.db.");
  w.String(3, "path", s.sqlite.path);
  w.Key(2, "etcd");
  w.Comment(3, "Managed etcd: this node's peer IP; \"\" = detect.");
  w.String(3, "peerAddress", s.etcd.peer_address);
  if (!s.etcd.has_external) {
    w.Comment(3, "null = wisp runs etcd itself. For an existing cluster give a map:");
    w.Comment(3, "  {endpoints: [\"https://10.0.0.1:2379\"], caFile: \"\", certFile: \"\",");
    w.Comment(3, "   keyFile: \"\", prefix: \"\"}");
    w.Raw(3, "external", "null");
  } else {
    const EtcdExternalSpec& ext = s.etcd.external;
    w.Key(3, "external");
    w.StringList(4, "endpoints", ext.endpoints);
    w.String(4, "caFile", ext.ca_file);
    w.String(4, "certFile", ext.cert_file);
    w.String(4, "keyFile", ext.key_file);
    w.String(4, "prefix", ext.prefix);
  }
  w.StringMap(2, "extraArgs", s.extra_args);
}

void EmitNetwork(Writer& w, const NetworkSpec& net) {
  w.Key(1, "network");
  w.String(2, "podCIDR", net.pod_cidr);
  w.String(2, "serviceCIDR", net.service_cidr);
  w.String(2, "clusterDomain", net.cluster_domain);
  w.String(2, "nodePortRange",
           base::StrCat(net.node_port_range.first, "-", net.node_port_range.last));
}

void EmitComponent(Writer& w, std::string_view name, const ComponentSpec& c) {
  w.Key(1, name);
  w.StringMap(2, "extraArgs", c.extra_args);
}

void EmitManifests(Writer& w, const ManifestsSpec& m) {
  w.Key(1, "manifests");
  w.Comment(2, "Extra manifest directories (absolute paths), besides <data-dir>/manifests.");
  w.StringList(2, "dirs", m.dirs);
  w.Comment(2, "Git sources, each {name, url, ref, path, interval}.");
  if (m.git.empty()) return w.Raw(2, "git", "[]");
  w.Key(2, "git");
  for (const GitSource& g : m.git) {
    w.Line(3, base::StrCat("- name: ", Quote(g.name)));
    w.String(4, "url", g.url);
    w.String(4, "ref", g.ref);
    w.String(4, "path", g.path);
    w.String(4, "interval", base::FormatDurationSeconds(g.interval_seconds));
  }
}

}  // namespace

std::string EmitClusterConfig(const ClusterConfig& config) {
  Writer w;
  w.Comment(0, "wisp cluster configuration; every field is described in docs/configuration.md.");
  w.Raw(0, "apiVersion", kApiVersion);
  w.Raw(0, "kind", kKind);
  w.Key(0, "metadata");
  w.String(1, "name", config.name);
  w.Key(0, "spec");
  const ClusterSpec& spec = config.spec;
  EmitApi(w, spec.api);
  EmitStorage(w, spec.storage);
  EmitNetwork(w, spec.network);
  EmitComponent(w, "scheduler", spec.scheduler);
  EmitComponent(w, "controllerManager", spec.controller_manager);
  EmitComponent(w, "kubelet", spec.kubelet);
  EmitComponent(w, "proxy", spec.proxy);
  w.Key(1, "images");
  w.Comment(2, "Pod sandbox image; the default ships inside the wisp binary.");
  w.String(2, "pause", spec.images.pause);
  EmitManifests(w, spec.manifests);
  return w.Take();
}

}  // namespace wisp::config
