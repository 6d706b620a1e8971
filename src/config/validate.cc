// The semantic rules of wisp.yaml (docs/configuration.md lists them). Syntax
// and types are the parser's business; these checks see only typed values.

#include "config/validate.h"

#include <algorithm>
#include <optional>
#include <set>

#include "config/names.h"
#include "config/net.h"
#include "wisp/base/duration.h"
#include "wisp/base/strings.h"

namespace wisp::config {
namespace internal {
namespace {

std::string Message(const absl::Status& status) {
  return std::string(base::ToStd(status.message()));
}

void Check(Problems& problems, std::string_view path, const absl::Status& status) {
  if (!status.ok()) problems.Add(path, Message(status));
}

bool HasSpaceOrControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f;
  });
}

void CheckPort(Problems& problems, std::string_view path, int port) {
  if (port < 1 || port > 65535) {
    problems.Add(path, base::StrCat("port must be 1..65535, got ", port));
  }
}

// An optional IP address that a component binds or advertises.
void CheckBindAddress(Problems& problems, std::string_view path, const std::string& address) {
  if (address.empty()) return;
  std::optional<IpAddress> ip = ParseIp(address);
  if (!ip) {
    problems.Add(path, base::StrCat(Quote(address),
                                    " is not an IPv4 or IPv6 address (leave it "
                                    "empty to detect it automatically)"));
  } else if (ip->IsUnspecified()) {
    problems.Add(path, base::StrCat(Quote(address),
                                    " cannot be advertised; use a concrete "
                                    "address or leave it empty"));
  }
}

void CheckExtraArgs(Problems& problems, std::string_view path, const ExtraArgs& args) {
  for (const auto& [name, value] : args) Check(problems, Field(path, name), CheckFlagName(name));
}

void ValidateApi(const ApiSpec& api, Problems& problems) {
  constexpr std::string_view kPath = "spec.api";
  CheckBindAddress(problems, Field(kPath, "address"), api.address);
  CheckPort(problems, Field(kPath, "port"), api.port);
  const std::string& ext = api.external_address;
  if (!ext.empty() && !ParseIp(ext) && !IsDnsName(ext, /*allow_wildcard=*/false)) {
    problems.Add(Field(kPath, "externalAddress"),
                 base::StrCat(Quote(ext), " is not an IP address or DNS name"));
  }
  for (size_t i = 0; i < api.sans.size(); ++i) {
    const std::string& san = api.sans[i];
    if (!ParseIp(san) && !IsDnsName(san, /*allow_wildcard=*/true)) {
      problems.Add(Item(Field(kPath, "sans"), i),
                   base::StrCat(Quote(san), " is not an IP address or DNS name"));
    }
  }
  CheckExtraArgs(problems, Field(kPath, "extraArgs"), api.extra_args);
}

void ValidateEtcdExternal(const EtcdExternalSpec& ext, Problems& problems) {
  constexpr std::string_view kPath = "spec.storage.etcd.external";
  std::string endpoints_path = Field(kPath, "endpoints");
  if (ext.endpoints.empty()) {
    problems.Add(endpoints_path,
                 "an external etcd needs at least one endpoint, e.g. "
                 "[\"https://10.0.0.1:2379\"]");
  }
  std::set<std::string> seen;
  std::set<bool> schemes;  // true = https
  for (size_t i = 0; i < ext.endpoints.size(); ++i) {
    const std::string& url = ext.endpoints[i];
    std::string path = Item(endpoints_path, i);
    absl::Status status = CheckEndpointUrl(url);
    if (!status.ok()) {
      problems.Add(path, Message(status));
      continue;
    }
    if (!seen.insert(url).second)
      problems.Add(path, base::StrCat("duplicate endpoint ", Quote(url)));
    schemes.insert(url.starts_with("https://"));
  }
  if (schemes.size() > 1) {
    problems.Add(endpoints_path, "endpoints must all use http:// or all use https://");
  }
  for (auto [name, file] :
       {std::pair{"caFile", &ext.ca_file}, std::pair{"certFile", &ext.cert_file},
        std::pair{"keyFile", &ext.key_file}}) {
    if (!file->empty()) Check(problems, Field(kPath, name), CheckAbsolutePath(*file));
  }
  if (!ext.cert_file.empty() && ext.key_file.empty()) {
    problems.Add(Field(kPath, "certFile"), "certFile needs keyFile (the client key) as well");
  }
  if (ext.cert_file.empty() && !ext.key_file.empty()) {
    problems.Add(Field(kPath, "keyFile"),
                 "keyFile needs certFile (the client certificate) as well");
  }
  if (!ext.prefix.empty() && (ext.prefix.front() != '/' || HasSpaceOrControl(ext.prefix))) {
    problems.Add(Field(kPath, "prefix"), base::StrCat(Quote(ext.prefix),
                                                      " must start with '/' and contain no spaces, "
                                                      "e.g. \"/wisp\""));
  }
}

void ValidateStorage(const StorageSpec& s, Problems& problems) {
  constexpr std::string_view kPath = "spec.storage";
  bool sqlite = s.type == StorageType::kSqlite;
  if (!s.sqlite.path.empty()) {
    Check(problems, "spec.storage.sqlite.path", CheckAbsolutePath(s.sqlite.path));
    if (!sqlite) problems.Add("spec.storage.sqlite.path", "only used when type is \"sqlite\"");
  }
  if (!s.etcd.peer_address.empty()) {
    CheckBindAddress(problems, "spec.storage.etcd.peerAddress", s.etcd.peer_address);
    if (sqlite) problems.Add("spec.storage.etcd.peerAddress", "only used when type is \"etcd\"");
    if (s.etcd.has_external) {
      problems.Add("spec.storage.etcd.peerAddress",
                   "only used for the etcd wisp manages; remove it when external is set");
    }
  }
  if (s.etcd.has_external) {
    if (sqlite) problems.Add("spec.storage.etcd.external", "only used when type is \"etcd\"");
    ValidateEtcdExternal(s.etcd.external, problems);
  } else if (!(s.etcd.external == EtcdExternalSpec{})) {
    problems.Add("spec.storage.etcd.external", "fields are set but has_external is false");
  }
  CheckExtraArgs(problems, Field(kPath, "extraArgs"), s.extra_args);
}

void ValidateNetwork(const NetworkSpec& net, Problems& problems) {
  absl::StatusOr<Cidr> pods = ParseCidr(net.pod_cidr);
  absl::StatusOr<Cidr> services = ParseCidr(net.service_cidr);
  Check(problems, "spec.network.podCIDR", pods.status());
  Check(problems, "spec.network.serviceCIDR", services.status());
  if (pods.ok() && services.ok()) {
    // Point at serviceCIDR unless only podCIDR was written in the document.
    std::string_view at =
        problems.HasLine("spec.network.podCIDR") && !problems.HasLine("spec.network.serviceCIDR")
            ? "spec.network.podCIDR"
            : "spec.network.serviceCIDR";
    if (pods->base.family != services->base.family) {
      problems.Add(
          at, base::StrCat("serviceCIDR ", Quote(net.service_cidr), " is IPv",
                           services->base.family, " but podCIDR ", Quote(net.pod_cidr), " is IPv",
                           pods->base.family, "; both must be the same family"));
    } else if (Overlaps(*pods, *services)) {
      problems.Add(at, base::StrCat("serviceCIDR ", Quote(net.service_cidr), " overlaps podCIDR ",
                                    Quote(net.pod_cidr), "; the ranges must be disjoint"));
    }
  }
  Check(problems, "spec.network.clusterDomain", CheckDnsSubdomain(net.cluster_domain));
  const PortRange& range = net.node_port_range;
  std::string range_text = base::StrCat(range.first, "-", range.last);
  if (range.first < 1 || range.first > 65535 || range.last < 1 || range.last > 65535) {
    problems.Add("spec.network.nodePortRange",
                 base::StrCat("ports in ", Quote(range_text), " must be 1..65535"));
  } else if (range.first > range.last) {
    problems.Add("spec.network.nodePortRange", base::StrCat(Quote(range_text),
                                                            " is reversed; the first port must not "
                                                            "exceed the last"));
  }
}

void ValidateGitSource(const GitSource& g, std::string_view path, Problems& problems) {
  if (g.name.empty()) {
    problems.Add(Field(path, "name"), "a name (DNS label) is required");
  } else {
    Check(problems, Field(path, "name"), CheckDnsLabel(g.name));
  }
  if (g.url.empty()) {
    problems.Add(Field(path, "url"), "a url is required");
  } else {
    Check(problems, Field(path, "url"), CheckGitUrl(g.url));
  }
  if (!g.ref.empty() && (g.ref.front() == '-' || HasSpaceOrControl(g.ref))) {
    problems.Add(Field(path, "ref"), base::StrCat(Quote(g.ref), " is not a branch, tag or commit"));
  }
  std::string_view p = g.path;
  bool dotdot = p == ".." || p.starts_with("../") || p.ends_with("/..") ||
                p.find("/../") != std::string_view::npos;
  if (!p.empty() && (p.front() == '/' || dotdot || HasSpaceOrControl(p))) {
    problems.Add(Field(path, "path"),
                 base::StrCat(Quote(p), " must be a relative path inside the repository"));
  }
  if (g.interval_seconds < 1) {
    problems.Add(Field(path, "interval"),
                 base::StrCat("must be at least 1s, got ",
                              Quote(base::FormatDurationSeconds(g.interval_seconds))));
  }
}

void ValidateManifests(const ManifestsSpec& m, Problems& problems) {
  std::set<std::string> dirs;
  for (size_t i = 0; i < m.dirs.size(); ++i) {
    std::string path = Item("spec.manifests.dirs", i);
    Check(problems, path, CheckAbsolutePath(m.dirs[i]));
    if (!dirs.insert(m.dirs[i]).second) {
      problems.Add(path, base::StrCat("duplicate directory ", Quote(m.dirs[i])));
    }
  }
  std::set<std::string> names;
  for (size_t i = 0; i < m.git.size(); ++i) {
    std::string path = Item("spec.manifests.git", i);
    ValidateGitSource(m.git[i], path, problems);
    if (!m.git[i].name.empty() && !names.insert(m.git[i].name).second) {
      problems.Add(Field(path, "name"),
                   base::StrCat("duplicate name ", Quote(m.git[i].name), "; names must be unique"));
    }
  }
}

}  // namespace

void Validate(const ClusterConfig& config, Problems& problems) {
  Check(problems, "metadata.name", CheckDnsLabel(config.name));
  const ClusterSpec& spec = config.spec;
  ValidateApi(spec.api, problems);
  ValidateStorage(spec.storage, problems);
  ValidateNetwork(spec.network, problems);
  CheckExtraArgs(problems, "spec.scheduler.extraArgs", spec.scheduler.extra_args);
  CheckExtraArgs(problems, "spec.controllerManager.extraArgs", spec.controller_manager.extra_args);
  CheckExtraArgs(problems, "spec.kubelet.extraArgs", spec.kubelet.extra_args);
  CheckExtraArgs(problems, "spec.proxy.extraArgs", spec.proxy.extra_args);
  Check(problems, "spec.images.pause", CheckImageReference(spec.images.pause));
  ValidateManifests(spec.manifests, problems);
}

}  // namespace internal

absl::Status ValidateClusterConfig(const ClusterConfig& config) {
  internal::Problems problems;
  internal::Validate(config, problems);
  return problems.ToStatus();
}

}  // namespace wisp::config
