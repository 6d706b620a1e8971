// YAML text -> ClusterConfig: the schema of wisp.yaml as a tree of strict
// map readers, merged over the defaults, followed by the semantic checks.

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "config/problems.h"
#include "config/validate.h"
#include "config/yaml_reader.h"
#include "wisp/base/duration.h"
#include "wisp/base/strings.h"
#include "wisp/config/cluster_config.h"

namespace wisp::config {
namespace {

using internal::Field;
using internal::Quote;
using internal::YamlReader;
using Node = YAML::Node;
using Path = std::string;

// Reads a string that, when present, must equal `want` (apiVersion, kind).
void ReadConstant(YamlReader& r, const Node& n, const Path& p, std::string_view want) {
  std::string value(want);
  r.ReadString(n, p, value);
  if (value != want) r.Error(p, base::StrCat("must be ", Quote(want), ", got ", Quote(value)));
}

YamlReader::FieldSpec ExtraArgsField(YamlReader& r, ExtraArgs& args) {
  return {"extraArgs", [&r, &args](const Node& n, const Path& p) { r.ReadStringMap(n, p, args); }};
}

void ReadComponent(YamlReader& r, const Node& node, const Path& path, ComponentSpec& c) {
  r.ReadMap(node, path, {ExtraArgsField(r, c.extra_args)});
}

void ReadApi(YamlReader& r, const Node& node, const Path& path, ApiSpec& api) {
  r.ReadMap(node, path,
            {
                {"address", [&](const Node& n, const Path& p) { r.ReadString(n, p, api.address); }},
                {"port", [&](const Node& n, const Path& p) { r.ReadInt(n, p, api.port); }},
                {"externalAddress",
                 [&](const Node& n, const Path& p) { r.ReadString(n, p, api.external_address); }},
                {"sans", [&](const Node& n, const Path& p) { r.ReadStringList(n, p, api.sans); }},
                ExtraArgsField(r, api.extra_args),
            });
}

void ReadStorageType(YamlReader& r, const Node& n, const Path& p, StorageType& type) {
  std::string name(StorageTypeName(type));
  r.ReadString(n, p, name);
  if (name == StorageTypeName(StorageType::kSqlite)) {
    type = StorageType::kSqlite;
  } else if (name == StorageTypeName(StorageType::kEtcd)) {
    type = StorageType::kEtcd;
  } else {
    r.Error(p, base::StrCat("unknown storage type ", Quote(name), "; use \"sqlite\" or \"etcd\""));
  }
}

void ReadEtcdExternal(YamlReader& r, const Node& node, const Path& path, EtcdSpec& etcd) {
  EtcdExternalSpec& ext = etcd.external;
  bool read = r.ReadMap(
      node, path,
      {
          {"endpoints",
           [&](const Node& n, const Path& p) { r.ReadStringList(n, p, ext.endpoints); }},
          {"caFile", [&](const Node& n, const Path& p) { r.ReadString(n, p, ext.ca_file); }},
          {"certFile", [&](const Node& n, const Path& p) { r.ReadString(n, p, ext.cert_file); }},
          {"keyFile", [&](const Node& n, const Path& p) { r.ReadString(n, p, ext.key_file); }},
          {"prefix", [&](const Node& n, const Path& p) { r.ReadString(n, p, ext.prefix); }},
      });
  // null means "no external etcd"; any map (even {}) declares one.
  if (read && node.IsMap()) etcd.has_external = true;
}

void ReadStorage(YamlReader& r, const Node& node, const Path& path, StorageSpec& s) {
  auto read_sqlite = [&](const Node& n, const Path& p) {
    r.ReadMap(
        n, p,
        {{"path", [&](const Node& v, const Path& vp) { r.ReadString(v, vp, s.sqlite.path); }}});
  };
  auto read_etcd = [&](const Node& n, const Path& p) {
    r.ReadMap(
        n, p,
        {
            {"peerAddress",
             [&](const Node& v, const Path& vp) { r.ReadString(v, vp, s.etcd.peer_address); }},
            {"external",
             [&](const Node& v, const Path& vp) { ReadEtcdExternal(r, v, vp, s.etcd); }},
        });
  };
  r.ReadMap(node, path,
            {
                {"type", [&](const Node& n, const Path& p) { ReadStorageType(r, n, p, s.type); }},
                {"sqlite", read_sqlite},
                {"etcd", read_etcd},
                ExtraArgsField(r, s.extra_args),
            });
}

// "30000-32767". Range checks (1..65535, first <= last) are semantic and
// live in validate.cc.
void ReadPortRange(YamlReader& r, const Node& n, const Path& p, PortRange& range) {
  if (n.IsNull()) return;
  std::optional<std::string> text = r.Scalar(n, p, "a port range string like \"30000-32767\"");
  if (!text) return;
  std::string_view s = *text;
  size_t dash = s.find('-');
  PortRange parsed;
  auto parse = [](std::string_view part, int& out) {
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return !part.empty() && part.front() != '-' && ec == std::errc() &&
           end == part.data() + part.size();
  };
  if (dash == std::string_view::npos || !parse(s.substr(0, dash), parsed.first) ||
      !parse(s.substr(dash + 1), parsed.last)) {
    r.Error(p, base::StrCat("invalid port range ", Quote(s),
                            ": use \"<first>-<last>\", e.g. \"30000-32767\""));
    return;
  }
  range = parsed;
}

void ReadNetwork(YamlReader& r, const Node& node, const Path& path, NetworkSpec& net) {
  r.ReadMap(
      node, path,
      {
          {"podCIDR", [&](const Node& n, const Path& p) { r.ReadString(n, p, net.pod_cidr); }},
          {"serviceCIDR",
           [&](const Node& n, const Path& p) { r.ReadString(n, p, net.service_cidr); }},
          {"clusterDomain",
           [&](const Node& n, const Path& p) { r.ReadString(n, p, net.cluster_domain); }},
          {"nodePortRange",
           [&](const Node& n, const Path& p) { ReadPortRange(r, n, p, net.node_port_range); }},
      });
}

void ReadInterval(YamlReader& r, const Node& n, const Path& p, int& seconds) {
  if (n.IsNull()) return;
  std::optional<std::string> text = r.Scalar(n, p, "a duration like \"30s\"");
  if (!text) return;
  absl::StatusOr<int> parsed = base::ParseDurationSeconds(*text);
  if (!parsed.ok()) {
    r.Error(p, std::string(base::ToStd(parsed.status().message())));
    return;
  }
  seconds = *parsed;
}

void ReadGitSource(YamlReader& r, const Node& node, const Path& path, GitSource& g) {
  r.ReadMap(node, path,
            {
                {"name", [&](const Node& n, const Path& p) { r.ReadString(n, p, g.name); }},
                {"url", [&](const Node& n, const Path& p) { r.ReadString(n, p, g.url); }},
                {"ref", [&](const Node& n, const Path& p) { r.ReadString(n, p, g.ref); }},
                {"path", [&](const Node& n, const Path& p) { r.ReadString(n, p, g.path); }},
                {"interval",
                 [&](const Node& n, const Path& p) { ReadInterval(r, n, p, g.interval_seconds); }},
            });
}

void ReadManifests(YamlReader& r, const Node& node, const Path& path, ManifestsSpec& m) {
  auto read_git = [&](const Node& n, const Path& p) {
    std::vector<GitSource> sources;
    bool ok = r.ReadList(n, p, [&](const Node& item, const Path& item_path) {
      if (item.IsNull() || !item.IsMap()) {
        r.Error(item_path, base::StrCat("expected a map with fields name, url, ref, path, "
                                        "interval; got ",
                                        internal::DescribeNode(item)));
        return;
      }
      ReadGitSource(r, item, item_path, sources.emplace_back());
    });
    if (ok && !n.IsNull()) m.git = std::move(sources);
  };
  r.ReadMap(node, path,
            {
                {"dirs", [&](const Node& n, const Path& p) { r.ReadStringList(n, p, m.dirs); }},
                {"git", read_git},
            });
}

void ReadSpec(YamlReader& r, const Node& node, const Path& path, ClusterSpec& spec) {
  auto component = [&r](std::string_view name, ComponentSpec& c) -> YamlReader::FieldSpec {
    return {name, [&r, &c](const Node& n, const Path& p) { ReadComponent(r, n, p, c); }};
  };
  r.ReadMap(
      node, path,
      {
          {"api", [&](const Node& n, const Path& p) { ReadApi(r, n, p, spec.api); }},
          {"storage", [&](const Node& n, const Path& p) { ReadStorage(r, n, p, spec.storage); }},
          {"network", [&](const Node& n, const Path& p) { ReadNetwork(r, n, p, spec.network); }},
          component("scheduler", spec.scheduler),
          component("controllerManager", spec.controller_manager),
          component("kubelet", spec.kubelet),
          component("proxy", spec.proxy),
          {"images",
           [&](const Node& n, const Path& p) {
             r.ReadMap(n, p, {{"pause", [&](const Node& v, const Path& vp) {
                                 r.ReadString(v, vp, spec.images.pause);
                               }}});
           }},
          {"manifests",
           [&](const Node& n, const Path& p) { ReadManifests(r, n, p, spec.manifests); }},
      });
}

// REQUIRES: root is a map.
void ReadDocument(YamlReader& r, const Node& root, ClusterConfig& config) {
  r.ReadMap(
      root, "",
      {
          {"apiVersion", [&](const Node& n, const Path& p) { ReadConstant(r, n, p, kApiVersion); }},
          {"kind", [&](const Node& n, const Path& p) { ReadConstant(r, n, p, kKind); }},
          {"metadata",
           [&](const Node& n, const Path& p) {
             r.ReadMap(n, p, {{"name", [&](const Node& v, const Path& vp) {
                                 r.ReadString(v, vp, config.name);
                               }}});
           }},
          {"spec", [&](const Node& n, const Path& p) { ReadSpec(r, n, p, config.spec); }},
      });
}

// A problem with the document as a whole, at a 0-based yaml-cpp line.
absl::Status DocumentError(int zero_based_line, std::string message) {
  internal::Problem problem{"", zero_based_line < 0 ? 0 : zero_based_line + 1, std::move(message)};
  return absl::InvalidArgumentError(internal::FormatProblem(problem));
}

// yaml-cpp reports errors found at the end of input on the line after the
// last one; clamp to the last line so the message points into the file.
absl::Status YamlError(const YAML::Exception& e, std::string_view yaml, std::string_view what) {
  int last = 0;
  for (size_t i = 0; i + 1 < yaml.size(); ++i) last += yaml[i] == '\n' ? 1 : 0;
  return DocumentError(std::min(e.mark.line, last), base::StrCat(what, ": ", e.msg));
}

}  // namespace

absl::StatusOr<ClusterConfig> ParseClusterConfig(std::string_view yaml) {
  std::vector<Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp 0.7 gives this one the message "bad file".
    return DocumentError(e.mark.line, "malformed YAML: nested too deeply");
  } catch (const YAML::Exception& e) {
    return YamlError(e, yaml, "malformed YAML");
  }
  // Empty documents (a stray "---") carry nothing; more than one real one is
  // ambiguous.
  std::erase_if(documents, [](const Node& d) { return d.IsNull(); });
  ClusterConfig config;
  if (documents.size() > 1) {
    return DocumentError(documents[1].Mark().line,
                         base::StrCat("expected one YAML document, found ", documents.size()));
  }
  if (documents.empty()) return config;
  const Node& root = documents[0];
  if (!root.IsMap()) {
    return DocumentError(root.Mark().line,
                         base::StrCat("the document must be a map with apiVersion, kind, "
                                      "metadata and spec; got ",
                                      internal::DescribeNode(root)));
  }

  internal::LineIndex lines;
  internal::Problems problems(&lines);
  YamlReader reader(problems, lines);
  try {
    ReadDocument(reader, root, config);
  } catch (const YAML::Exception& e) {
    return YamlError(e, yaml, "unreadable YAML");
  }
  internal::Validate(config, problems);
  if (!problems.empty()) return problems.ToStatus();
  return config;
}

std::string_view StorageTypeName(StorageType type) {
  switch (type) {
    case StorageType::kSqlite:
      return "sqlite";
    case StorageType::kEtcd:
      return "etcd";
  }
  return "unknown";
}

}  // namespace wisp::config
