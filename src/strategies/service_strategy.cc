// File: src/strategies/service_strategy.cc
//
// core/v1 Services: defaults (type, affinity, ports, traffic policies, IP
// families, ingress ipMode), the allocated values (clusterIPs, nodePorts) an
// update keeps, validation (service_validation.cc) and warnings.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "strategies/ip_validation.h"
#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/names.h"
#include "strategies/service_validation.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

void DefaultPorts(Json& spec) {
  Json* ports = ArrayAt(spec, "ports");
  if (ports == nullptr) return;
  for (Json& port : *ports) {
    if (!port.is_object()) continue;
    SetDefaultIfEmpty(port, "protocol", "TCP");
    const Json* target = Find(port, "targetPort");
    bool unset = target == nullptr || *target == 0 || *target == "";
    if (unset) port["targetPort"] = ValueOr(port, "port");
  }
}

// SetDefaults_Service: a LoadBalancer's ingress points with an ip are VIPs
// unless they say otherwise.
void DefaultIngressIpMode(Json& obj) {
  Json* status = ObjectAt(obj, "status");
  Json* lb = status != nullptr ? ObjectAt(*status, "loadBalancer") : nullptr;
  Json* ingress = lb != nullptr ? ArrayAt(*lb, "ingress") : nullptr;
  if (ingress == nullptr) return;
  for (Json& point : *ingress) {
    if (point.is_object() && !Str(point, "ip").empty()) SetDefault(point, "ipMode", "VIP");
  }
}

Causes MetadataUpdateCauses(const Json& obj, const Json& old) {
  static const Json kEmpty = Json::object();
  const Json* meta = ObjectAt(obj, "metadata");
  const Json* old_meta = ObjectAt(old, "metadata");
  return apimachinery::ValidateObjectMetaUpdate(meta != nullptr ? *meta : kEmpty,
                                                old_meta != nullptr ? *old_meta : kEmpty);
}

// Go's netip.Addr.String() of an address written in IPv6 form: RFC 5952
// (lower case, the longest run of two or more zero groups as "::"), IPv4
// mapped ones as ::ffff:a.b.c.d.
std::string CanonicalIpv6(const IpBytes& ip) {
  if (IsIpv4(ip)) {
    return base::StrCat("::ffff:", int{ip[12]}, ".", int{ip[13]}, ".", int{ip[14]}, ".",
                        int{ip[15]});
  }
  int best = -1;
  int best_len = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && ip[2 * j] == 0 && ip[2 * j + 1] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  std::string out;
  char group[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(group, sizeof(group), "%x",
                  static_cast<unsigned>((ip[2 * i] << 8) | ip[2 * i + 1]));
    out += group;
  }
  return out;
}

// Go's netip parseIPv4Fields over in[from, to): why it refuses the text
// (message and the "at" part), or nullopt.
std::optional<std::pair<std::string, std::string>> Ipv4FieldsError(std::string_view in, size_t from,
                                                                   size_t to) {
  const std::string_view s = in.substr(from, to - from);
  int val = 0;
  int pos = 0;
  int digits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      if (digits == 1 && val == 0) return {{"IPv4 field has octet with leading zero", ""}};
      val = val * 10 + (s[i] - '0');
      ++digits;
      if (val > 255) return {{"IPv4 field has value >255", ""}};
    } else if (s[i] == '.') {
      if (i == 0 || i == s.size() - 1 || s[i - 1] == '.') {
        return {{"IPv4 field must have at least one digit", std::string(s.substr(i))}};
      }
      if (pos == 3) return {{"IPv4 address too long", ""}};
      ++pos;
      val = 0;
      digits = 0;
    } else {
      return {{"unexpected character", std::string(s.substr(i))}};
    }
  }
  if (pos < 3) return {{"IPv4 address too short", ""}};
  return std::nullopt;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Go's netip parseIPv6 (no zones: validation refuses them): its refusal.
std::optional<std::pair<std::string, std::string>> Ipv6Error(std::string_view in) {
  std::string_view s = in;
  bool ellipsis = false;
  if (s.starts_with("::")) {
    ellipsis = true;
    s.remove_prefix(2);
    if (s.empty()) return std::nullopt;
  }
  int i = 0;
  while (i < 16) {
    size_t off = 0;
    for (; off < s.size() && IsHex(s[off]); ++off) {
      if (off > 3) return {{"each group must have 4 or less digits", std::string(s)}};
    }
    if (off == 0) {
      return {{"each colon-separated field must have at least one digit", std::string(s)}};
    }
    if (off < s.size() && s[off] == '.') {
      if (!ellipsis && i != 12) {
        return {{"embedded IPv4 address must replace the final 2 fields of the address",
                 std::string(s)}};
      }
      if (i + 4 > 16) {
        return {{"too many hex fields to fit an embedded IPv4 at the end of the address",
                 std::string(s)}};
      }
      if (auto error = Ipv4FieldsError(in, in.size() - s.size(), in.size())) return error;
      i += 4;
      s = {};
      break;
    }
    i += 2;
    s.remove_prefix(off);
    if (s.empty()) break;
    if (s[0] != ':') return {{"unexpected character, want colon", std::string(s)}};
    if (s.size() == 1) return {{"colon must be followed by more characters", std::string(s)}};
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis) return {{"multiple :: in address", std::string(s)}};
      ellipsis = true;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return {{"trailing garbage after address", std::string(s)}};
  if (i < 16 && !ellipsis) return {{"address string too short", ""}};
  if (i == 16 && ellipsis) return {{"the :: must expand to at least one field of zeros", ""}};
  return std::nullopt;
}

// The error Go's netip.ParseAddr gives for `text`, or nullopt when it takes
// it: the stricter parser upstream warns with (no leading zeros, no
// padding).
std::optional<std::string> NetipAddrError(std::string_view text) {
  std::optional<std::pair<std::string, std::string>> error;
  const size_t sep = text.find_first_of(".:%");
  if (sep == std::string_view::npos) {
    error = {{"unable to parse IP", ""}};
  } else if (text[sep] == '%') {
    error = {{"missing IPv6 address", ""}};
  } else {
    error = text[sep] == '.' ? Ipv4FieldsError(text, 0, text.size()) : Ipv6Error(text);
  }
  if (!error) return std::nullopt;
  std::string out = base::StrCat("ParseAddr(", GoQuoted(text), "): ", error->first);
  if (!error->second.empty()) out += base::StrCat(" (at ", GoQuoted(error->second), ")");
  return out;
}

// upstream's getWarningsForIP (v1.32): addresses Go's netip refuses, IPv6
// ones not written canonically.
void IpWarnings(const std::string& field, const std::string& text, std::vector<std::string>& out) {
  if (std::optional<std::string> error = NetipAddrError(text)) {
    out.push_back(base::StrCat(field,
                               ": IP address was accepted, but will be invalid in a future "
                               "Kubernetes release: ",
                               *error));
    return;
  }
  const std::optional<IpBytes> ip = ParseIpSloppy(text);
  if (ip && text.find(':') != std::string::npos && CanonicalIpv6(*ip) != text) {
    out.push_back(base::StrCat(
        field, ": IPv6 address ", GoQuoted(text), " is not in RFC 5952 canonical format (",
        GoQuoted(CanonicalIpv6(*ip)), "), which may cause controller apply-loops"));
  }
}

// The error Go's netip.ParsePrefix gives for `text`, or nullopt.
std::optional<std::string> NetipPrefixError(std::string_view text) {
  const size_t slash = text.rfind('/');
  std::string error;
  if (slash == std::string_view::npos) {
    error = "no '/'";
  } else if (std::optional<std::string> addr = NetipAddrError(text.substr(0, slash))) {
    error = *addr;
  } else {
    const std::string_view bits = text.substr(slash + 1);
    const bool v6 = text.substr(0, slash).find(':') != std::string_view::npos;
    const bool digits = !bits.empty() && std::all_of(bits.begin(), bits.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || (bits.size() > 1 && bits[0] == '0') || bits.size() > 9) {
      // Go's Atoi takes leading zeros and signs, ParsePrefix does not.
      error = base::StrCat("bad bits after slash: ", GoQuoted(bits));
    } else if (std::stoi(std::string(bits)) > (v6 ? 128 : 32)) {
      error = "prefix length out of range";
    } else {
      return std::nullopt;
    }
  }
  return base::StrCat("netip.ParsePrefix(", GoQuoted(text), "): ", error);
}

// upstream's getWarningsForCIDR (v1.32).
void CidrWarnings(const std::string& field, const std::string& text,
                  std::vector<std::string>& out) {
  if (std::optional<std::string> error = NetipPrefixError(text)) {
    out.push_back(base::StrCat(field,
                               ": IP prefix was accepted, but will be invalid in a future "
                               "Kubernetes release: ",
                               *error));
    return;
  }
  const size_t slash = text.rfind('/');
  const std::optional<IpBytes> ip = ParseIpSloppy(text.substr(0, slash));
  if (!ip || text.substr(0, slash).find(':') == std::string::npos) return;
  const std::string canonical =
      base::StrCat(CanonicalIpv6(*ip), "/", std::stoi(text.substr(slash + 1)));
  if (canonical != text) {
    out.push_back(base::StrCat(field, ": IPv6 prefix ", GoQuoted(text),
                               " is not in RFC 5952 canonical format (", GoQuoted(canonical),
                               "), which may cause controller apply-loops"));
  }
}

// upstream's GetWarningsForService (v1.32).
std::vector<std::string> ServiceWarnings(const Json& obj) {
  std::vector<std::string> out;
  if (FindPath(obj, {"metadata", "annotations", "service.kubernetes.io/topology-aware-hints"})) {
    out.push_back(
        "annotation service.kubernetes.io/topology-aware-hints is deprecated, please use "
        "service.kubernetes.io/topology-mode instead");
  }
  const Json& spec = ServiceSpecOf(obj);
  const std::string cluster_ip = Str(spec, "clusterIP");
  const std::vector<std::string> cluster_ips = StringList(spec, "clusterIPs");
  for (size_t i = 0; cluster_ip != "None" && !cluster_ip.empty() && i < cluster_ips.size(); ++i) {
    IpWarnings(Index("spec.clusterIPs", i), cluster_ips[i], out);
  }
  const std::vector<std::string> external_ips = StringList(spec, "externalIPs");
  for (size_t i = 0; i < external_ips.size(); ++i) {
    IpWarnings(Index("spec.externalIPs", i), external_ips[i], out);
  }
  if (const std::string ip = Str(spec, "loadBalancerIP"); !ip.empty()) {
    IpWarnings("spec.loadBalancerIP", ip, out);
  }
  const std::vector<std::string> ranges = StringList(spec, "loadBalancerSourceRanges");
  for (size_t i = 0; i < ranges.size(); ++i) {
    CidrWarnings(Index("spec.loadBalancerSourceRanges", i), ranges[i], out);
  }
  const bool external_name = Str(spec, "type") == "ExternalName";
  if (external_name && !external_ips.empty()) {
    out.push_back("spec.externalIPs is ignored when spec.type is \"ExternalName\"");
  }
  if (!external_name && !Str(spec, "externalName").empty()) {
    out.push_back("spec.externalName is ignored when spec.type is not \"ExternalName\"");
  }
  return out;
}

class ServiceStrategy : public Strategy {
 public:
  ServiceStrategy()
      : Strategy({.namespaced = true,
                  .has_status = true,
                  .has_generation = false,
                  .name_rule = NameRule::kDns1035Label}) {}

  void Default(Json& obj) const override {
    Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr) return;
    SetDefaultIfEmpty(*spec, "sessionAffinity", "None");
    // SetDefaults_Service: no config without affinity; ClientIP affinity
    // without a timeout gets the 3 hours.
    if (Str(*spec, "sessionAffinity") == "None") spec->erase("sessionAffinityConfig");
    if (Str(*spec, "sessionAffinity") == "ClientIP" &&
        !Int(ValueOr(ValueOr(*spec, "sessionAffinityConfig", Json::object()), "clientIP",
                     Json::object()),
             "timeoutSeconds")
             .has_value()) {
      (*spec)["sessionAffinityConfig"] = {{"clientIP", {{"timeoutSeconds", 10800}}}};
    }
    SetDefaultIfEmpty(*spec, "type", "ClusterIP");
    const std::string type = Str(*spec, "type");
    DefaultPorts(*spec);
    if (ExternallyAccessible(*spec)) SetDefaultIfEmpty(*spec, "externalTrafficPolicy", "Cluster");
    if (type == "ClusterIP" || NeedsNodePort(type)) {
      SetDefault(*spec, "internalTrafficPolicy", "Cluster");
    }
    if (type == "LoadBalancer") {
      SetDefault(*spec, "allocateLoadBalancerNodePorts", true);
      DefaultIngressIpMode(obj);
    }
    if (type != "ExternalName") {
      std::string ip = Str(*spec, "clusterIP");
      if (!ip.empty() && Size(*spec, "clusterIPs") == 0) (*spec)["clusterIPs"] = Json::array({ip});
    }
  }

  // Upstream's WarningsOnCreate and WarningsOnUpdate: the same checks.
  std::vector<std::string> Warnings(const Json& obj, const Json* old) const override {
    return ServiceWarnings(obj);
  }

  void PrepareForCreate(Json& obj) const override {
    Strategy::PrepareForCreate(obj);
    if (!obj.is_object()) return;
    obj["status"] = {{"loadBalancer", Json::object()}};
    if (Json* spec = ObjectAt(obj, "spec")) DefaultIpFamilies(*spec, nullptr);
  }

  // Clients that omit allocated values on update keep them (upstream's
  // patchAllocatedValues).
  void PrepareForUpdate(Json& obj, const Json& old) const override {
    Strategy::PrepareForUpdate(obj, old);
    Json* spec = ObjectAt(obj, "spec");
    const Json* old_spec = ObjectAt(old, "spec");
    if (spec == nullptr || old_spec == nullptr) return;
    bool keep_ip = Str(*spec, "type") != "ExternalName" && Str(*old_spec, "type") != "ExternalName";
    if (keep_ip) {
      const std::string ip = Str(*spec, "clusterIP");
      if (ip.empty()) {
        (*spec)["clusterIP"] = ValueOr(*old_spec, "clusterIP");
      } else if (ip != Str(*old_spec, "clusterIP") &&
                 ValueOr(*spec, "clusterIPs") == ValueOr(*old_spec, "clusterIPs")) {
        // A client that changed only the singular field (upstream's
        // NormalizeClusterIPs): validation then refuses the change.
        (*spec)["clusterIPs"] = Json::array({ip});
      }
      if (Size(*spec, "clusterIPs") == 0 && Size(*old_spec, "clusterIPs") > 0) {
        (*spec)["clusterIPs"] = (*old_spec)["clusterIPs"];
      }
    }
    if (NeedsNodePort(Str(*spec, "type")) && NeedsNodePort(Str(*old_spec, "type"))) {
      KeepNodePorts(*spec, *old_spec);
    }
    if (NeedsHealthCheck(*spec) && NeedsHealthCheck(*old_spec) &&
        Int(*spec, "healthCheckNodePort").value_or(0) == 0) {
      (*spec)["healthCheckNodePort"] = ValueOr(*old_spec, "healthCheckNodePort");
    }
    DropTypeDependentFields(*spec, *old_spec);
    DefaultIpFamilies(*spec, old_spec);
  }

  // Upstream's ValidateServiceStatusUpdate: metadata and the load
  // balancer status.
  std::vector<apimachinery::Cause> ValidateStatusUpdate(const Json& obj,
                                                        const Json& old) const override {
    Causes causes = MetadataUpdateCauses(obj, old);
    ValidateLoadBalancerStatus(obj, causes);
    return causes;
  }

  // Upstream's ValidateServiceUpdate: the update rules, then everything
  // ValidateService checks on create (ObjectMeta included, as upstream).
  // The IP family errors come first and alone, as upstream's allocation
  // answers them before validation runs.
  std::vector<apimachinery::Cause> ValidateUpdate(const Json& obj, const Json& old) const override {
    Causes causes = IpFamilyErrors(ServiceSpecOf(obj));
    if (!causes.empty()) return causes;
    causes = MetadataUpdateCauses(obj, old);
    ValidateServiceUpdateRules(ServiceSpecOf(obj), ServiceSpecOf(old), causes);
    Append(causes, Strategy::ValidateCreate(obj));
    return causes;
  }

  std::vector<apimachinery::Cause> ValidateCreate(const Json& obj) const override {
    Causes causes = IpFamilyErrors(ServiceSpecOf(obj));
    if (!causes.empty()) return causes;
    return Strategy::ValidateCreate(obj);
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    ValidateService(obj, causes);
  }

 private:
  // Upstream's dropTypeDependentFields: a change to a type that does not
  // use a field clears it, when the client left it as it was.
  static void DropTypeDependentFields(Json& spec, const Json& old_spec) {
    const std::string type = Str(spec, "type");
    const std::string old_type = Str(old_spec, "type");
    if (NeedsNodePort(old_type) && !NeedsNodePort(type)) {
      Json* ports = ArrayAt(spec, "ports");
      const Json* old_ports = ArrayAt(old_spec, "ports");
      std::set<int64_t> old_node_ports;
      if (old_ports != nullptr) {
        for (const Json& p : *old_ports) old_node_ports.insert(Int(p, "nodePort").value_or(0));
      }
      bool same = true;
      if (ports != nullptr) {
        for (const Json& p : *ports) {
          int64_t n = Int(p, "nodePort").value_or(0);
          same = same && (n == 0 || old_node_ports.count(n) != 0);
        }
        if (same) {
          for (Json& p : *ports) {
            if (p.is_object()) p.erase("nodePort");
          }
        }
      }
      for (const char* field : {"externalTrafficPolicy", "healthCheckNodePort"}) {
        if (ValueOr(spec, field) == ValueOr(old_spec, field)) spec.erase(field);
      }
    }
    if (NeedsHealthCheck(old_spec) && !NeedsHealthCheck(spec) &&
        ValueOr(spec, "healthCheckNodePort") == ValueOr(old_spec, "healthCheckNodePort")) {
      spec.erase("healthCheckNodePort");
    }
    // To ExternalName: no virtual IP (released after the write) and none of
    // what goes with one, unless the client changed it.
    if (old_type != "ExternalName" && type == "ExternalName") {
      if (ValueOr(spec, "clusterIP") == ValueOr(old_spec, "clusterIP") &&
          ValueOr(spec, "clusterIPs") == ValueOr(old_spec, "clusterIPs")) {
        spec.erase("clusterIP");
        spec.erase("clusterIPs");
      }
      for (const char* field : {"ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy"}) {
        if (ValueOr(spec, field) == ValueOr(old_spec, field)) spec.erase(field);
      }
    }
    if (old_type == "LoadBalancer" && type != "LoadBalancer") {
      for (const char* field : {"allocateLoadBalancerNodePorts", "loadBalancerClass"}) {
        if (ValueOr(spec, field) == ValueOr(old_spec, field)) spec.erase(field);
      }
    }
  }

  static void KeepNodePorts(Json& spec, const Json& old_spec) {
    Json* ports = ArrayAt(spec, "ports");
    const Json* old_ports = ArrayAt(old_spec, "ports");
    if (ports == nullptr || old_ports == nullptr) return;
    std::set<int64_t> used_new, used_old;
    for (const Json& p : *ports) used_new.insert(Int(p, "nodePort").value_or(0));
    for (const Json& p : *old_ports) used_old.insert(Int(p, "nodePort").value_or(0));
    for (Json& p : *ports) {
      if (!p.is_object() || Int(p, "nodePort").value_or(0) != 0) continue;
      for (const Json& o : *old_ports) {
        int64_t old_port = Int(o, "nodePort").value_or(0);
        bool used_by_both = used_new.count(old_port) > 0 && used_old.count(old_port) > 0;
        if (Str(o, "name") == Str(p, "name") && old_port != 0 && !used_by_both) {
          p["nodePort"] = old_port;
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewServiceStrategy() { return std::make_unique<ServiceStrategy>(); }

}  // namespace wisp::strategies
