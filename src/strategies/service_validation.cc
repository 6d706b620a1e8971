// File: src/strategies/service_validation.cc
//
// Services validated as upstream's ValidateService, ValidateServiceUpdate
// and ValidateServiceStatusUpdate (v1.32, causes in upstream's order).
// Upstream allocates clusterIPs and node ports before it validates; here the
// allocator runs after validation, so checks that only an allocation
// satisfies (healthCheckNodePort required for a Local LoadBalancer) are left
// to the allocator.
#include "strategies/service_validation.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "strategies/ip_validation.h"
#include "strategies/json_util.h"
#include "strategies/names.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {

const Json& ServiceSpecOf(const Json& obj) {
  static const Json kEmpty = Json::object();
  const Json* spec = ObjectAt(obj, "spec");
  return spec != nullptr ? *spec : kEmpty;
}

bool NeedsNodePort(const std::string& type) { return type == "NodePort" || type == "LoadBalancer"; }

// Upstream's ExternallyAccessible.
bool ExternallyAccessible(const Json& spec) {
  const std::string type = Str(spec, "type");
  return NeedsNodePort(type) || (type == "ClusterIP" && Size(spec, "externalIPs") != 0);
}

// A LoadBalancer keeping client addresses gets a health-check node port.
bool NeedsHealthCheck(const Json& spec) {
  return Str(spec, "type") == "LoadBalancer" && Str(spec, "externalTrafficPolicy") == "Local";
}

namespace {

using apimachinery::FieldDuplicate;
using apimachinery::FieldForbidden;
using apimachinery::FieldInvalid;
using apimachinery::FieldInvalidGo;
using apimachinery::FieldNotSupported;
using apimachinery::FieldRequired;

constexpr char kSourceRangesAnnotation[] = "service.beta.kubernetes.io/load-balancer-source-ranges";
constexpr char kTopologyModeAnnotation[] = "service.kubernetes.io/topology-mode";
constexpr char kTopologyHintsAnnotation[] = "service.kubernetes.io/topology-aware-hints";
constexpr char kOnlyLoadBalancer[] = "may only be used when `type` is 'LoadBalancer'";

// Upstream's isHeadlessService: clusterIPs is exactly ["None"].
bool IsHeadless(const Json& spec) {
  const Json* ips = ArrayAt(spec, "clusterIPs");
  return ips != nullptr && ips->size() == 1 && (*ips)[0] == "None";
}

// The entries of the string list obj[key] (an entry that is no string
// reads as "").
std::vector<std::string> Strings(const Json& obj, std::string_view key) {
  std::vector<std::string> out;
  if (const Json* list = ArrayAt(obj, key)) {
    for (const Json& e : *list) out.push_back(e.is_string() ? e.get<std::string>() : "");
  }
  return out;
}

// Go's %#v of a slice field whose elements are strings of Go type
// `element`: []string{"a"}, []core.IPFamily{}, []string(nil).
std::string GoSlice(const Json& list, std::string_view element) {
  if (!list.is_array()) return base::StrCat("[]", element, "(nil)");
  std::string out = base::StrCat("[]", element, "{");
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += GoQuoted(list[i].is_string() ? list[i].get_ref<const std::string&>() : "");
  }
  return out + "}";
}

// A field upstream holds as a pointer, so once present even "" must be
// one of `supported`.
void ValidatePresentEnum(const Json& obj, std::string_view key, std::string_view path,
                         const std::vector<std::string>& supported, Causes& causes) {
  const std::string value = Str(obj, key);
  if (std::find(supported.begin(), supported.end(), value) == supported.end()) {
    causes.push_back(FieldNotSupported(Child(path, key), Json(value), supported));
  }
}

// Both topology annotations set must agree.
void ValidateTopologyAnnotations(const Json& obj, Causes& causes) {
  const Json* annotations = FindPath(obj, {"metadata", "annotations"});
  if (annotations == nullptr || Find(*annotations, kTopologyModeAnnotation) == nullptr ||
      Find(*annotations, kTopologyHintsAnnotation) == nullptr) {
    return;
  }
  const std::string mode = Str(*annotations, kTopologyModeAnnotation);
  if (mode == Str(*annotations, kTopologyHintsAnnotation)) return;
  causes.push_back(FieldInvalid(Key("metadata.annotations", kTopologyModeAnnotation), Json(mode),
                                base::StrCat("must match annotations[", kTopologyHintsAnnotation,
                                             "] when both are specified")));
}

// The per-type rules: no headless NodePort or LoadBalancer; an ExternalName
// has a DNS name and nothing of a virtual IP.
void ValidateTypeRules(const Json& spec, const std::string& type, Causes& causes) {
  if (NeedsNodePort(type)) {
    if (IsHeadless(spec)) {
      causes.push_back(
          FieldInvalid("spec.clusterIPs[0]", Json("None"),
                       base::StrCat("may not be set to 'None' for ", type, " services")));
    }
    return;
  }
  if (type != "ExternalName") return;
  // Upstream's strategy copies clusterIP into an empty clusterIPs
  // (NormalizeClusterIPs) before this check, so either field counts.
  if (Size(spec, "clusterIPs") > 0 || !Str(spec, "clusterIP").empty()) {
    causes.push_back(FieldForbidden("spec.clusterIPs", "may not be set for ExternalName services"));
  }
  if (Size(spec, "ipFamilies") > 0) {
    causes.push_back(FieldForbidden("spec.ipFamilies", "may not be set for ExternalName services"));
  }
  if (Find(spec, "ipFamilyPolicy") != nullptr) {
    causes.push_back(
        FieldForbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
  }
  // A CNAME may end in a dot (fully qualified).
  std::string cname = Str(spec, "externalName");
  if (!cname.empty() && cname.back() == '.') cname.pop_back();
  if (cname.empty()) {
    causes.push_back(FieldRequired("spec.externalName", ""));
  } else {
    AddInvalid(causes, "spec.externalName", Json(cname), apimachinery::IsDns1123Subdomain(cname));
  }
}

// Upstream's validateServicePort.
void ValidatePort(const Json& port, const std::string& path, bool require_name,
                  std::set<std::string>& names, Causes& causes) {
  const std::string name = Str(port, "name");
  if (name.empty()) {
    if (require_name) causes.push_back(FieldRequired(Child(path, "name"), ""));
  } else {
    AddInvalid(causes, Child(path, "name"), Json(name), apimachinery::IsDns1123Label(name));
    if (!names.insert(name).second) causes.push_back(FieldDuplicate(Child(path, "name"), name));
  }
  const int64_t number = Int(port, "port").value_or(0);
  AddInvalid(causes, Child(path, "port"), Json(number), apimachinery::IsValidPortNum(number));
  ValidateEnum(port, "protocol", path, {"SCTP", "TCP", "UDP"}, true, causes);
  const Json target = ValueOr(port, "targetPort");
  if (target.is_number_integer()) {
    AddInvalid(causes, Child(path, "targetPort"), target,
               apimachinery::IsValidPortNum(target.get<int64_t>()));
  } else if (target.is_string()) {
    AddInvalid(causes, Child(path, "targetPort"), target,
               IsValidPortName(target.get_ref<const std::string&>()));
  }
  if (const Json* app = Find(port, "appProtocol"); app != nullptr && app->is_string()) {
    AddInvalid(causes, Child(path, "appProtocol"), *app,
               apimachinery::IsQualifiedName(app->get_ref<const std::string&>()));
  }
}

void ValidateSessionAffinity(const Json& spec, Causes& causes) {
  ValidateEnum(spec, "sessionAffinity", "spec", {"ClientIP", "None"}, true, causes);
  // Defaulting gives ClientIP affinity a timeout and drops the config of
  // None, so only the timeout's range is left to check.
  if (Str(spec, "sessionAffinity") != "ClientIP") return;
  const std::optional<int64_t> timeout = Int(
      ValueOr(ValueOr(spec, "sessionAffinityConfig", Json::object()), "clientIP", Json::object()),
      "timeoutSeconds");
  if (timeout.has_value() && (*timeout <= 0 || *timeout > 86400)) {
    causes.push_back(FieldInvalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                                  Json(*timeout), "must be greater than 0 and less than 86400"));
  }
}

// Upstream's ValidateServiceClusterIPsRelatedFields: clusterIP and
// clusterIPs[0] in step, families and policy from their sets, valid IPs (at
// most one per family) that match the families given.
void ValidateClusterIpFields(const Json& spec, Causes& causes) {
  const std::string ip = Str(spec, "clusterIP");
  const std::vector<std::string> ips = Strings(spec, "clusterIPs");
  const std::string printed = GoSlice(ValueOr(spec, "clusterIPs"), "string");
  if (!ip.empty() && ips.empty()) {
    causes.push_back(FieldRequired("spec.clusterIPs", ""));
  } else if (!ip.empty() && ips[0] != ip) {
    causes.push_back(
        FieldInvalidGo("spec.clusterIPs", printed, "first value must match `clusterIP`"));
  } else if (ip.empty() && !ips.empty()) {
    causes.push_back(FieldInvalidGo("spec.clusterIPs", printed,
                                    "must be empty when `clusterIP` is not specified"));
  }
  const std::vector<std::string> families = Strings(spec, "ipFamilies");
  std::set<std::string> seen;
  for (size_t i = 0; i < families.size(); ++i) {
    const std::string path = Index("spec.ipFamilies", i);
    if (families[i] != "IPv4" && families[i] != "IPv6") {
      causes.push_back(FieldNotSupported(path, Json(families[i]), {"IPv4", "IPv6"}));
    }
    if (!seen.insert(families[i]).second) causes.push_back(FieldDuplicate(path, families[i]));
  }
  if (Find(spec, "ipFamilyPolicy") != nullptr) {
    ValidatePresentEnum(spec, "ipFamilyPolicy", "spec",
                        {"PreferDualStack", "RequireDualStack", "SingleStack"}, causes);
  }
  bool bad_ips = false;
  for (size_t i = 0; i < ips.size(); ++i) {
    if (i == 0 && ips[0] == "None") {
      if (ips.size() > 1) {
        bad_ips = true;
        causes.push_back(
            FieldInvalidGo("spec.clusterIPs", printed, "'None' must be the first and only value"));
      }
      continue;
    }
    bad_ips = bad_ips || !ParseIpSloppy(ips[i]);
    ValidateIp(Index("spec.clusterIPs", i), ips[i], causes);
  }
  if (ips.size() > 2) {
    causes.push_back(FieldInvalidGo("spec.clusterIPs", printed, "may only hold up to 2 values"));
  }
  // Further messages about addresses already refused would mislead.
  if (bad_ips) return;
  auto is_v6 = [](const std::string& s) {
    std::optional<IpBytes> parsed = ParseIpSloppy(s);
    return parsed.has_value() && !IsIpv4(*parsed);
  };
  if (ips.size() > 1) {
    const auto v6 = static_cast<size_t>(std::count_if(ips.begin(), ips.end(), is_v6));
    if (v6 == 0 || v6 == ips.size()) {
      causes.push_back(FieldInvalidGo("spec.clusterIPs", printed,
                                      "may specify no more than one IP for each IP family"));
    }
  }
  if (IsHeadless(spec)) return;
  for (size_t i = 0; i < ips.size() && i < families.size(); ++i) {
    const bool v6 = is_v6(ips[i]);
    if (families[i] == "IPv4" && v6) {
      causes.push_back(FieldInvalid(
          Index("spec.clusterIPs", i), Json(ips[i]),
          base::StrCat("expected an IPv4 value as indicated by `ipFamilies[", i, "]`")));
    } else if (families[i] == "IPv6" && !v6) {
      causes.push_back(FieldInvalid(
          Index("spec.clusterIPs", i), Json(ips[i]),
          base::StrCat("expected an IPv6 value as indicated by `ipFamilies[", i, "]`")));
    }
  }
}

void ValidateExternalIps(const Json& spec, Causes& causes) {
  const std::vector<std::string> ips = Strings(spec, "externalIPs");
  for (size_t i = 0; i < ips.size(); ++i) {
    const std::string path = Index("spec.externalIPs", i);
    if (ParseIpSloppy(ips[i])) {
      ValidateNonSpecialIp(path, ips[i], causes);
    } else {
      ValidateIp(path, ips[i], causes);
    }
  }
}

// Go's %#v of the core.ServicePort upstream builds as the key of a port
// number and protocol.
std::string GoServicePortKey(const std::string& protocol, int64_t number) {
  return base::StrCat("core.ServicePort{Name:\"\", Protocol:", GoQuoted(protocol),
                      ", AppProtocol:", GoPointer("string", false), ", Port:", number,
                      ", TargetPort:", GoIntOrString(Json(0)), ", NodePort:0}");
}

// No node ports on a ClusterIP service; no two ports (or node ports) with
// the same number and protocol.
void ValidatePortCollisions(const Json& spec, const std::string& type, Causes& causes) {
  const Json* ports = ArrayAt(spec, "ports");
  if (ports == nullptr) return;
  if (type == "ClusterIP") {
    for (size_t i = 0; i < ports->size(); ++i) {
      if (Int((*ports)[i], "nodePort").value_or(0) != 0) {
        causes.push_back(FieldForbidden(Child(Index("spec.ports", i), "nodePort"),
                                        "may not be used when `type` is 'ClusterIP'"));
      }
    }
  }
  std::set<std::pair<std::string, int64_t>> node_ports;
  for (size_t i = 0; i < ports->size(); ++i) {
    const Json& port = (*ports)[i];
    const int64_t node_port = Int(port, "nodePort").value_or(0);
    if (node_port != 0 && !node_ports.emplace(Str(port, "protocol"), node_port).second) {
      causes.push_back(FieldDuplicate(Child(Index("spec.ports", i), "nodePort"), Json(node_port)));
    }
  }
  std::set<std::pair<std::string, int64_t>> numbers;
  for (size_t i = 0; i < ports->size(); ++i) {
    const Json& port = (*ports)[i];
    const std::string protocol = Str(port, "protocol");
    const int64_t number = Int(port, "port").value_or(0);
    if (!numbers.emplace(protocol, number).second) {
      apimachinery::Cause cause = FieldDuplicate(Index("spec.ports", i), Json());
      cause.message = base::StrCat("Duplicate value: ", GoServicePortKey(protocol, number));
      causes.push_back(std::move(cause));
    }
  }
}

// Go's strings.TrimSpace, for ASCII white space.
std::string_view TrimSpace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  const size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

// spec.loadBalancerSourceRanges, or else the older annotation: CIDRs (space
// padding tolerated), for LoadBalancers only.
void ValidateSourceRanges(const Json& obj, const Json& spec, const std::string& type,
                          Causes& causes) {
  const bool lb = type == "LoadBalancer";
  const std::vector<std::string> ranges = Strings(spec, "loadBalancerSourceRanges");
  if (!ranges.empty()) {
    // Upstream's path for this field is capitalised.
    const std::string path = "spec.LoadBalancerSourceRanges";
    if (!lb) causes.push_back(FieldForbidden(path, kOnlyLoadBalancer));
    for (size_t i = 0; i < ranges.size(); ++i) {
      ValidateCidr(Index(path, i), TrimSpace(ranges[i]), causes);
    }
    return;
  }
  const Json* annotations = FindPath(obj, {"metadata", "annotations"});
  if (annotations == nullptr || Find(*annotations, kSourceRangesAnnotation) == nullptr) return;
  const std::string path = Key("metadata.annotations", kSourceRangesAnnotation);
  if (!lb) causes.push_back(FieldForbidden(path, kOnlyLoadBalancer));
  const std::string value = Str(*annotations, kSourceRangesAnnotation);
  const std::string_view trimmed = TrimSpace(value);
  if (trimmed.empty()) return;
  for (std::string_view cidr : SplitOn(trimmed, ',')) {
    ValidateCidr(path, TrimSpace(cidr), causes);
  }
}

void ValidateLoadBalancerFields(const Json& spec, const std::string& type, Causes& causes) {
  const bool allocate_set = Find(spec, "allocateLoadBalancerNodePorts") != nullptr;
  if (allocate_set && type != "LoadBalancer") {
    causes.push_back(FieldForbidden("spec.allocateLoadBalancerNodePorts", kOnlyLoadBalancer));
  }
  if (!allocate_set && type == "LoadBalancer") {
    // Upstream's path lacks the "spec." (defaulting makes this rare).
    causes.push_back(FieldRequired("allocateLoadBalancerNodePorts", ""));
  }
  ValidateLoadBalancerClass(spec, causes);
}

// Upstream's validateServiceExternalTrafficPolicy, less the required
// healthCheckNodePort (allocated after validation here).
void ValidateExternalTrafficPolicy(const Json& spec, Causes& causes) {
  const std::string policy = Str(spec, "externalTrafficPolicy");
  if (!ExternallyAccessible(spec)) {
    if (!policy.empty()) {
      causes.push_back(FieldInvalid("spec.externalTrafficPolicy", Json(policy),
                                    "may only be set for externally-accessible services"));
    }
  } else {
    ValidateEnum(spec, "externalTrafficPolicy", "spec", {"Cluster", "Local"}, true, causes);
  }
  const int64_t health = Int(spec, "healthCheckNodePort").value_or(0);
  if (!NeedsHealthCheck(spec) && health != 0) {
    causes.push_back(FieldInvalid(
        "spec.healthCheckNodePort", Json(health),
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (health != 0) {
    AddInvalid(causes, "spec.healthCheckNodePort", Json(health),
               apimachinery::IsValidPortNum(health));
  }
}

void ValidateTrafficPolicies(const Json& spec, const std::string& type, Causes& causes) {
  ValidateExternalTrafficPolicy(spec, causes);
  // Not forbidden for ExternalName: upstream never checked it there.
  if (Find(spec, "internalTrafficPolicy") == nullptr) {
    if (type == "ClusterIP" || NeedsNodePort(type)) {
      causes.push_back(FieldRequired("spec.internalTrafficPolicy", ""));
    }
  } else {
    ValidatePresentEnum(spec, "internalTrafficPolicy", "spec", {"Cluster", "Local"}, causes);
  }
  if (Find(spec, "trafficDistribution") != nullptr) {
    ValidatePresentEnum(spec, "trafficDistribution", "spec", {"PreferClose"}, causes);
  }
}

// Upstream's validateUpgradeDowngradeClusterIPs: the primary clusterIP
// stays; dropping the secondary takes a SingleStack policy.
void ValidateClusterIpsUpdate(const Json& spec, const Json& old_spec, Causes& causes) {
  if (IsHeadless(spec) && IsHeadless(old_spec)) return;
  const std::vector<std::string> now = Strings(spec, "clusterIPs");
  const std::vector<std::string> before = Strings(old_spec, "clusterIPs");
  const std::string printed = GoSlice(ValueOr(spec, "clusterIPs"), "string");
  if (now.size() == before.size()) {
    for (size_t i = 0; i < now.size(); ++i) {
      if (now[i] != before[i]) {
        causes.push_back(
            FieldInvalidGo(Index("spec.clusterIPs", i), printed, "may not change once set"));
      }
    }
  } else if (now.size() < before.size()) {
    if (now.empty()) {
      causes.push_back(
          FieldInvalidGo("spec.clusterIPs[0]", printed, "primary clusterIP can not be unset"));
    } else if (now[0] != before[0]) {
      causes.push_back(FieldInvalidGo("spec.clusterIPs[0]", printed, "may not change once set"));
    }
    if (now.size() == 1 && Str(spec, "ipFamilyPolicy") != "SingleStack") {
      causes.push_back(FieldInvalid("spec.ipFamilyPolicy", ValueOr(spec, "ipFamilyPolicy"),
                                    "must be set to 'SingleStack' when releasing the secondary "
                                    "clusterIP"));
    }
  } else if (!before.empty() && now[0] != before[0]) {
    causes.push_back(FieldInvalidGo("spec.clusterIPs[0]", printed, "may not change once set"));
  }
}

// Upstream's validateUpgradeDowngradeIPFamilies, with its quirks: every
// change is reported on ipFamilies[0], some with clusterIPs as the value.
void ValidateIpFamiliesUpdate(const Json& spec, const Json& old_spec, Causes& causes) {
  if (IsHeadless(spec) || IsHeadless(old_spec)) return;
  const std::vector<std::string> now = Strings(spec, "ipFamilies");
  const std::vector<std::string> before = Strings(old_spec, "ipFamilies");
  const std::string families = GoSlice(ValueOr(spec, "ipFamilies"), "core.IPFamily");
  const std::string ips = GoSlice(ValueOr(spec, "clusterIPs"), "string");
  constexpr char kPath[] = "spec.ipFamilies[0]";
  if (now.size() == before.size()) {
    for (size_t i = 0; i < now.size(); ++i) {
      if (now[i] != before[i]) {
        causes.push_back(FieldInvalidGo(kPath, families, "may not change once set"));
      }
    }
  } else if (now.size() < before.size()) {
    if (Size(spec, "clusterIPs") == 0) {
      causes.push_back(FieldInvalidGo(kPath, families, "primary ipFamily can not be unset"));
    }
    if (!now.empty() && now[0] != before[0]) {
      causes.push_back(FieldInvalidGo(kPath, ips, "may not change once set"));
    }
    if (now.size() == 1 && Str(spec, "ipFamilyPolicy") != "SingleStack") {
      causes.push_back(FieldInvalid("spec.ipFamilyPolicy", ValueOr(spec, "ipFamilyPolicy"),
                                    "must be set to 'SingleStack' when releasing the secondary "
                                    "ipFamily"));
    }
  } else if (!before.empty() && !now.empty() && now[0] != before[0]) {
    causes.push_back(FieldInvalidGo(kPath, ips, "may not change once set"));
  }
}

}  // namespace

// Upstream's validateLoadBalancerClassField, less the update rule.
void ValidateLoadBalancerClass(const Json& spec, Causes& causes) {
  if (Find(spec, "loadBalancerClass") == nullptr) return;
  if (Str(spec, "type") != "LoadBalancer") {
    causes.push_back(FieldForbidden("spec.loadBalancerClass", kOnlyLoadBalancer));
    return;
  }
  const std::string cls = Str(spec, "loadBalancerClass");
  AddInvalid(causes, "spec.loadBalancerClass", Json(cls), apimachinery::IsQualifiedName(cls));
}

// Upstream's ValidateService, ObjectMeta aside.
void ValidateService(const Json& obj, Causes& causes) {
  const Json& spec = ServiceSpecOf(obj);
  const std::string type = Str(spec, "type");
  ValidateTopologyAnnotations(obj, causes);
  if (Size(spec, "ports") == 0 && !IsHeadless(spec) && type != "ExternalName") {
    causes.push_back(FieldRequired("spec.ports", ""));
  }
  ValidateTypeRules(spec, type, causes);
  if (const Json* ports = ArrayAt(spec, "ports")) {
    std::set<std::string> names;
    for (size_t i = 0; i < ports->size(); ++i) {
      ValidatePort((*ports)[i], Index("spec.ports", i), ports->size() > 1, names, causes);
    }
  }
  if (const Json* selector = ObjectAt(spec, "selector")) {
    Append(causes, apimachinery::ValidateLabels(*selector, "spec.selector"));
  }
  ValidateSessionAffinity(spec, causes);
  if (type != "ExternalName") ValidateClusterIpFields(spec, causes);
  ValidateExternalIps(spec, causes);
  ValidateEnum(spec, "type", "spec", {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"},
               true, causes);
  ValidatePortCollisions(spec, type, causes);
  ValidateSourceRanges(obj, spec, type, causes);
  ValidateLoadBalancerFields(spec, type, causes);
  ValidateTrafficPolicies(spec, type, causes);
}

// Upstream's ValidateLoadBalancerStatus (LoadBalancerIPMode on,
// AllowServiceLBStatusOnNonLB off, as v1.32 ships).
void ValidateLoadBalancerStatus(const Json& obj, Causes& causes) {
  const Json* ingress = FindPath(obj, {"status", "loadBalancer", "ingress"});
  if (ingress == nullptr || !ingress->is_array() || ingress->empty()) return;
  const std::string path = "status.loadBalancer.ingress";
  if (Str(ServiceSpecOf(obj), "type") != "LoadBalancer") {
    causes.push_back(FieldForbidden(path, "may only be used when `spec.type` is 'LoadBalancer'"));
    return;
  }
  for (size_t i = 0; i < ingress->size(); ++i) {
    const Json& point = (*ingress)[i];
    const std::string at = Index(path, i);
    const std::string ip = Str(point, "ip");
    if (!ip.empty()) ValidateIp(Child(at, "ip"), ip, causes);
    if (Find(point, "ipMode") == nullptr) {
      if (!ip.empty()) {
        causes.push_back(FieldRequired(Child(at, "ipMode"), "must be specified when `ip` is set"));
      }
    } else if (ip.empty()) {
      causes.push_back(
          FieldForbidden(Child(at, "ipMode"), "may not be specified when `ip` is not set"));
    } else {
      ValidatePresentEnum(point, "ipMode", at, {"Proxy", "VIP"}, causes);
    }
    const std::string hostname = Str(point, "hostname");
    if (hostname.empty()) continue;
    AddInvalid(causes, Child(at, "hostname"), Json(hostname),
               apimachinery::IsDns1123Subdomain(hostname));
    if (ParseIpSloppy(hostname)) {
      causes.push_back(FieldInvalid(Child(at, "hostname"), Json(hostname),
                                    "must be a DNS name, not an IP address"));
    }
  }
}

namespace {

// The service IP families this cluster serves: its service CIDR is IPv4.
bool FamilyConfigured(const std::string& family) { return family == "IPv4"; }

std::string FamilyOf(const std::string& ip) {
  std::optional<IpBytes> parsed = ParseIpSloppy(ip);
  if (!parsed) return "";
  return IsIpv4(*parsed) ? "IPv4" : "IPv6";
}

bool HeadlessWithoutSelector(const Json& spec) {
  return Str(spec, "clusterIP") == "None" && Size(spec, "selector") == 0;
}

}  // namespace

void DefaultIpFamilies(Json& spec, const Json* old_spec) {
  if (Str(spec, "type") == "ExternalName") return;
  if (Find(spec, "ipFamilyPolicy") == nullptr || spec["ipFamilyPolicy"].is_null()) {
    if (old_spec != nullptr && Find(*old_spec, "ipFamilyPolicy") != nullptr &&
        !(*old_spec)["ipFamilyPolicy"].is_null()) {
      spec["ipFamilyPolicy"] = (*old_spec)["ipFamilyPolicy"];
    } else {
      spec["ipFamilyPolicy"] = HeadlessWithoutSelector(spec) ? "RequireDualStack" : "SingleStack";
    }
  }
  Json* families = ArrayAt(spec, "ipFamilies");
  if (families == nullptr) {
    spec["ipFamilies"] = Json::array();
    families = &spec["ipFamilies"];
  }
  // Families follow the cluster IPs the client gave (ones this cluster
  // cannot serve are left for IpFamilyErrors to report).
  const std::vector<std::string> ips = Strings(spec, "clusterIPs");
  for (size_t i = 0; i < ips.size() && ips[i] != "None"; ++i) {
    if (i < families->size()) continue;
    const std::string family = FamilyOf(ips[i]);
    if (!FamilyConfigured(family)) break;
    families->push_back(family);
  }
  const bool uninferred = ips.size() > families->size() && ips[families->size()] != "None";
  if (uninferred) return;  // IpFamilyErrors names the address
  if (families->empty()) families->push_back("IPv4");
  // A headless service without selector may name both families even on a
  // single-stack cluster; it gets both unless it asks for one.
  if (HeadlessWithoutSelector(spec) && families->size() < 2 &&
      Str(spec, "ipFamilyPolicy") != "SingleStack") {
    families->push_back((*families)[0] == "IPv4" ? "IPv6" : "IPv4");
  }
}

Causes IpFamilyErrors(const Json& spec) {
  Causes causes;
  if (Str(spec, "type") == "ExternalName") return causes;
  ValidateClusterIpFields(spec, causes);
  if (!causes.empty()) return causes;
  const Json policy = ValueOr(spec, "ipFamilyPolicy");
  const std::vector<std::string> ips = Strings(spec, "clusterIPs");
  const std::vector<std::string> families = Strings(spec, "ipFamilies");
  if (Str(spec, "ipFamilyPolicy") == "SingleStack") {
    if (ips.size() == 2) {
      causes.push_back(FieldInvalid("spec.ipFamilyPolicy", policy,
                                    "must be 'RequireDualStack' or 'PreferDualStack' when "
                                    "multiple cluster IPs are specified"));
    }
    if (families.size() == 2) {
      causes.push_back(FieldInvalid("spec.ipFamilyPolicy", policy,
                                    "must be 'RequireDualStack' or 'PreferDualStack' when "
                                    "multiple IP families are specified"));
    }
  }
  const std::string printed = GoSlice(ValueOr(spec, "clusterIPs"), "string");
  for (size_t i = families.size(); i < ips.size() && ips[i] != "None"; ++i) {
    causes.push_back(
        FieldInvalidGo(Index("spec.clusterIPs", i), printed,
                       base::StrCat(FamilyOf(ips[i]), " is not configured on this cluster")));
  }
  if (!causes.empty() || HeadlessWithoutSelector(spec)) return causes;
  if (Str(spec, "ipFamilyPolicy") == "RequireDualStack") {
    causes.push_back(FieldInvalid("spec.ipFamilyPolicy", policy,
                                  "this cluster is not configured for dual-stack services"));
  }
  for (size_t i = 0; i < families.size(); ++i) {
    if (!FamilyConfigured(families[i])) {
      causes.push_back(FieldInvalid(Index("spec.ipFamilies", i), Json(families[i]),
                                    "not configured on this cluster"));
    }
  }
  return causes;
}

// Upstream's ValidateServiceUpdate rules that come before ValidateService.
void ValidateServiceUpdateRules(const Json& spec, const Json& old_spec, Causes& causes) {
  const bool external_name =
      Str(spec, "type") == "ExternalName" || Str(old_spec, "type") == "ExternalName";
  if (!external_name) {
    ValidateClusterIpsUpdate(spec, old_spec, causes);
    ValidateIpFamiliesUpdate(spec, old_spec, causes);
  }
  if (Str(spec, "type") == "LoadBalancer" && Str(old_spec, "type") == "LoadBalancer" &&
      ValueOr(spec, "loadBalancerClass") != ValueOr(old_spec, "loadBalancerClass")) {
    causes.push_back(FieldInvalid("spec.loadBalancerClass", ValueOr(spec, "loadBalancerClass"),
                                  "may not change once set"));
  }
  ValidateLoadBalancerClass(spec, causes);  // upstream checks it here and again below
  if (NeedsHealthCheck(spec) && NeedsHealthCheck(old_spec) &&
      Int(spec, "healthCheckNodePort").value_or(0) !=
          Int(old_spec, "healthCheckNodePort").value_or(0)) {
    causes.push_back(FieldForbidden("spec.healthCheckNodePort", "field is immutable"));
  }
}

}  // namespace wisp::strategies
