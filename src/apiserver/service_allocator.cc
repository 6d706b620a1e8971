// File: src/apiserver/service_allocator.cc
#include "apiserver/service_allocator.h"

#include <map>

#include <arpa/inet.h>

#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {
constexpr char kIpPrefix[] = "/registry/wisp/serviceips/";
constexpr char kPortPrefix[] = "/registry/wisp/nodeports/";

std::string PortField(size_t index) { return base::StrCat("spec.ports[", index, "].nodePort"); }

// Upstream's NeedsHealthCheck: a LoadBalancer that keeps client source
// addresses gets a node port for the load balancer's health checks.
bool NeedsHealthCheck(const json& svc) {
  return svc.value("/spec/type"_json_pointer, std::string()) == "LoadBalancer" &&
         svc.value("/spec/externalTrafficPolicy"_json_pointer, std::string()) == "Local";
}

// spec.healthCheckNodePort when set to a port; nullptr otherwise.
const json* HealthCheckPort(const json& svc) {
  if (!svc.contains("/spec/healthCheckNodePort"_json_pointer)) return nullptr;
  const json& p = svc["spec"]["healthCheckNodePort"];
  return p.is_number_integer() && p.get<int>() != 0 ? &p : nullptr;
}

bool NeedsNodePorts(const json& svc) {
  std::string type = svc.value("/spec/type"_json_pointer, std::string("ClusterIP"));
  return type == "NodePort" || type == "LoadBalancer";
}

// upstream's shouldAllocateNodePorts: a LoadBalancer may opt out of node
// ports it does not ask for by number.
bool AllocatesUnrequestedNodePorts(const json& svc) {
  if (svc.value("/spec/type"_json_pointer, std::string()) != "LoadBalancer") return true;
  const json& flag = svc.contains("/spec/allocateLoadBalancerNodePorts"_json_pointer)
                         ? svc["spec"]["allocateLoadBalancerNodePorts"]
                         : json();
  return !(flag.is_boolean() && !flag.get<bool>());
}

// The node port the client asked for on any entry of service port `port`
// (entries of one port, e.g. TCP and UDP 53, share a node port).
int RequestedNodePort(const json& ports, int64_t port) {
  for (const json& p : ports) {
    if (p.is_object() && p.value("port", int64_t{0}) == port && p.value("nodePort", 0) != 0) {
      return p.value("nodePort", 0);
    }
  }
  return 0;
}
}  // namespace

std::string Ipv4ToString(uint32_t ip) {
  return base::StrCat(ip >> 24, ".", (ip >> 16) & 0xff, ".", (ip >> 8) & 0xff, ".", ip & 0xff);
}

absl::StatusOr<uint32_t> ParseIpv4(const std::string& s) {
  in_addr addr{};
  if (inet_pton(AF_INET, s.c_str(), &addr) != 1) {
    return absl::InvalidArgumentError(base::StrCat("\"", s, "\" is not an IPv4 address"));
  }
  return ntohl(addr.s_addr);
}

absl::StatusOr<std::unique_ptr<ServiceAllocator>> ServiceAllocator::Create(
    EtcdClient& etcd, const std::string& service_cidr, const std::string& node_ports) {
  size_t slash = service_cidr.find('/');
  if (slash == std::string::npos) {
    return absl::InvalidArgumentError(
        base::StrCat("service CIDR \"", service_cidr, "\": want ADDRESS/BITS"));
  }
  auto ip = ParseIpv4(service_cidr.substr(0, slash));
  if (!ip.ok()) return ip.status();
  int bits = std::atoi(service_cidr.c_str() + slash + 1);
  if (bits < 8 || bits > 30) {
    return absl::InvalidArgumentError(
        base::StrCat("service CIDR \"", service_cidr, "\": prefix length must be 8..30"));
  }
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  size_t dash = node_ports.find('-');
  int lo = std::atoi(node_ports.c_str());
  int hi = dash == std::string::npos ? 0 : std::atoi(node_ports.c_str() + dash + 1);
  if (lo <= 0 || hi < lo || hi > 65535) {
    return absl::InvalidArgumentError(
        base::StrCat("node port range \"", node_ports, "\": want LOW-HIGH within 1-65535"));
  }
  return std::unique_ptr<ServiceAllocator>(
      new ServiceAllocator(etcd, *ip & mask, uint32_t{1} << (32 - bits), lo, hi));
}

std::string ServiceAllocator::FirstIp() const { return Ipv4ToString(base_ + 1); }

absl::StatusOr<bool> ServiceAllocator::Reserve(const std::string& key) {
  auto r = etcd_.Create(key, "1");
  if (!r.ok()) return r.status();
  return r->succeeded;
}

absl::StatusOr<std::string> ServiceAllocator::AllocateIp(const std::string& wanted, bool dry_run,
                                                         am::ApiError* error,
                                                         const std::string& name) {
  if (!wanted.empty()) {
    auto ip = ParseIpv4(wanted);
    if (!ip.ok() || *ip <= base_ || *ip >= base_ + size_ - 1) {
      *error = am::Invalid(
          "", "Service", name,
          {am::FieldInvalid("spec.clusterIPs", json::array({wanted}),
                            base::StrCat("failed to allocate IP ", wanted,
                                         ": provided IP is not in the valid "
                                         "range. The range of valid IPs is ",
                                         Ipv4ToString(base_), "/", 32 - __builtin_ctz(size_)))});
      return absl::InvalidArgumentError("range");
    }
    if (dry_run) return wanted;
    auto ok = Reserve(kIpPrefix + wanted);
    if (!ok.ok()) {
      *error = am::InternalError(base::ToStd(ok.status().message()));
      return ok.status();
    }
    if (!*ok) {
      *error = am::Invalid("", "Service", name,
                           {am::FieldInvalid("spec.clusterIPs", json::array({wanted}),
                                             base::StrCat("failed to allocate IP ", wanted,
                                                          ": provided IP is already allocated"))});
      return absl::AlreadyExistsError("taken");
    }
    return wanted;
  }
  uint32_t usable = size_ - 3;  // minus network, broadcast and the first (kubernetes) address
  uint32_t start;
  {
    std::lock_guard<std::mutex> lock(mu_);
    start = rng_() % usable;
  }
  for (uint32_t i = 0; i < usable && i < 4096; ++i) {
    uint32_t ip = base_ + 2 + (start + i) % usable;
    std::string text = Ipv4ToString(ip);
    if (dry_run) {
      auto r = etcd_.Range(kIpPrefix + text, "", 0, 0);
      if (r.ok() && r->kvs.empty()) return text;
      continue;
    }
    auto ok = Reserve(kIpPrefix + text);
    if (!ok.ok()) {
      *error = am::InternalError(base::ToStd(ok.status().message()));
      return ok.status();
    }
    if (*ok) return text;
  }
  *error = am::InternalError("failed to allocate a serviceIP: range is full");
  return absl::ResourceExhaustedError("full");
}

absl::StatusOr<int> ServiceAllocator::AllocatePort(int wanted, bool dry_run, am::ApiError* error,
                                                   const std::string& name,
                                                   const std::string& field) {
  if (wanted != 0) {
    if (wanted < port_lo_ || wanted > port_hi_) {
      *error =
          am::Invalid("", "Service", name,
                      {am::FieldInvalid(field, wanted,
                                        base::StrCat("provided port is not in the valid range. "
                                                     "The range of valid ports is ",
                                                     port_lo_, "-", port_hi_))});
      return absl::InvalidArgumentError("range");
    }
    if (dry_run) return wanted;
    auto ok = Reserve(base::StrCat(kPortPrefix, wanted));
    if (!ok.ok()) {
      *error = am::InternalError(base::ToStd(ok.status().message()));
      return ok.status();
    }
    if (!*ok) {
      *error = am::Invalid("", "Service", name,
                           {am::FieldInvalid(field, wanted, "provided port is already allocated")});
      return absl::AlreadyExistsError("taken");
    }
    return wanted;
  }
  int span = port_hi_ - port_lo_ + 1;
  int start;
  {
    std::lock_guard<std::mutex> lock(mu_);
    start = static_cast<int>(rng_() % span);
  }
  for (int i = 0; i < span; ++i) {
    int port = port_lo_ + (start + i) % span;
    if (dry_run) return port;
    auto ok = Reserve(base::StrCat(kPortPrefix, port));
    if (!ok.ok()) {
      *error = am::InternalError(base::ToStd(ok.status().message()));
      return ok.status();
    }
    if (*ok) return port;
  }
  *error = am::InternalError("failed to allocate a nodePort: range is full");
  return absl::ResourceExhaustedError("full");
}

absl::Status ServiceAllocator::Allocate(json& svc, bool dry_run, am::ApiError* error) {
  std::string name = svc.value("/metadata/name"_json_pointer, std::string());
  std::string type = svc.value("/spec/type"_json_pointer, std::string("ClusterIP"));
  json& spec = svc["spec"];
  if (type != "ExternalName") {
    std::string wanted = spec.value("clusterIP", "");
    if (wanted.empty() && spec.contains("clusterIPs") && spec["clusterIPs"].is_array() &&
        !spec["clusterIPs"].empty() && spec["clusterIPs"][0].is_string()) {
      wanted = spec["clusterIPs"][0].get<std::string>();
    }
    if (wanted != "None") {
      auto ip = AllocateIp(wanted, dry_run, error, name);
      if (!ip.ok()) return ip.status();
      spec["clusterIP"] = *ip;
      spec["clusterIPs"] = json::array({*ip});
    } else {
      spec["clusterIP"] = "None";
      spec["clusterIPs"] = json::array({"None"});
    }
    if (!spec.contains("ipFamilies")) spec["ipFamilies"] = json::array({"IPv4"});
    if (!spec.contains("ipFamilyPolicy")) spec["ipFamilyPolicy"] = "SingleStack";
  }
  if (NeedsNodePorts(svc) && spec.contains("ports") && spec["ports"].is_array()) {
    // upstream's initNodePorts: one node port per service port number.
    std::map<int64_t, int> given;
    json& ports = spec["ports"];
    for (size_t i = 0; i < ports.size(); ++i) {
      json& port = ports[i];
      if (!port.is_object()) continue;
      const int64_t number = port.value("port", int64_t{0});
      int wanted = port.value("nodePort", 0);
      if (wanted == 0 && !AllocatesUnrequestedNodePorts(svc)) continue;
      auto shared = given.find(number);
      if (shared != given.end() && (wanted == 0 || wanted == shared->second)) {
        port["nodePort"] = shared->second;
        continue;
      }
      if (shared == given.end() && wanted == 0) wanted = RequestedNodePort(ports, number);
      auto got = AllocatePort(wanted, dry_run, error, name, PortField(i));
      if (!got.ok()) {
        if (!dry_run) Release(svc);
        return got.status();
      }
      port["nodePort"] = *got;
      given.emplace(number, *got);
    }
  }
  if (NeedsHealthCheck(svc)) {
    auto got = AllocatePort(spec.value("healthCheckNodePort", 0), dry_run, error, name,
                            "spec.healthCheckNodePort");
    if (!got.ok()) {
      if (!dry_run) Release(svc);
      return got.status();
    }
    spec["healthCheckNodePort"] = *got;
  }
  return absl::OkStatus();
}

namespace {
// Every node port `svc` holds: its ports' and its health-check port.
std::set<int> NodePortsOf(const json& svc) {
  std::set<int> out;
  if (const json* hc = HealthCheckPort(svc)) out.insert(hc->get<int>());
  const json* ports = svc.contains("/spec/ports"_json_pointer) ? &svc["spec"]["ports"] : nullptr;
  if (ports == nullptr || !ports->is_array()) return out;
  for (const json& p : *ports) {
    if (p.is_object() && p.contains("nodePort") && p["nodePort"].is_number_integer()) {
      int n = p["nodePort"].get<int>();
      if (n != 0) out.insert(n);
    }
  }
  return out;
}
}  // namespace

absl::StatusOr<std::vector<int>> ServiceAllocator::AllocateUpdate(json& next, const json& current,
                                                                  bool dry_run,
                                                                  am::ApiError* error) {
  std::vector<int> reserved;
  const std::string name = next.value("/metadata/name"_json_pointer, std::string());
  // From ExternalName to a type with a virtual IP: one is allocated as on
  // create. (If the write then fails, Repair reclaims it at the next start.)
  const std::string type = next.value("/spec/type"_json_pointer, std::string("ClusterIP"));
  const std::string old_type = current.value("/spec/type"_json_pointer, std::string("ClusterIP"));
  if (old_type == "ExternalName" && type != "ExternalName" && next["spec"].is_object()) {
    json& spec = next["spec"];
    const std::string wanted = spec.value("clusterIP", "");
    std::string ip = "None";
    if (wanted != "None") {
      auto got = AllocateIp(wanted, dry_run, error, name);
      if (!got.ok()) return got.status();
      ip = *got;
    }
    spec["clusterIP"] = ip;
    spec["clusterIPs"] = json::array({ip});
  }
  const std::set<int> held = NodePortsOf(current);
  // Reserves what `slot` asks for unless `current` holds it already.
  auto take = [&](json& slot, const std::string& field) -> absl::Status {
    const int wanted = slot.is_number_integer() ? slot.get<int>() : 0;
    if (wanted != 0 && held.count(wanted) != 0) return absl::OkStatus();  // kept
    absl::StatusOr<int> got = AllocatePort(wanted, dry_run, error, name, field);
    if (!got.ok()) {
      if (!dry_run) ReleasePorts(reserved);
      return got.status();
    }
    slot = *got;
    if (!dry_run) reserved.push_back(*got);
    return absl::OkStatus();
  };
  if (NeedsNodePorts(next) && next.contains("/spec/ports"_json_pointer) &&
      next["spec"]["ports"].is_array()) {
    json& ports = next["spec"]["ports"];
    std::map<int64_t, int> given;  // as on create: one node port per port number
    for (size_t i = 0; i < ports.size(); ++i) {
      if (!ports[i].is_object()) continue;
      const int64_t number = ports[i].value("port", int64_t{0});
      const int wanted = ports[i].value("nodePort", 0);
      if (wanted == 0 && !AllocatesUnrequestedNodePorts(next)) continue;
      auto shared = given.find(number);
      if (shared != given.end() && (wanted == 0 || wanted == shared->second)) {
        ports[i]["nodePort"] = shared->second;
        continue;
      }
      if (shared == given.end() && wanted == 0) {
        if (int requested = RequestedNodePort(ports, number)) ports[i]["nodePort"] = requested;
      }
      if (absl::Status s = take(ports[i]["nodePort"], PortField(i)); !s.ok()) return s;
      given.emplace(number, ports[i]["nodePort"].get<int>());
    }
  }
  if (NeedsHealthCheck(next)) {
    if (absl::Status s = take(next["spec"]["healthCheckNodePort"], "spec.healthCheckNodePort");
        !s.ok()) {
      return s;
    }
  }
  return reserved;
}

void ServiceAllocator::ReleasePorts(const std::vector<int>& ports) {
  for (int p : ports) {
    std::string key = base::StrCat(kPortPrefix, p);
    auto r = etcd_.Range(key, "", 0, 0);
    if (r.ok() && !r->kvs.empty()) (void)etcd_.CompareAndDelete(key, r->kvs[0].mod_revision);
  }
}

void ServiceAllocator::ReleaseUnused(const json& before, const json& after) {
  const std::string ip = before.value("/spec/clusterIP"_json_pointer, std::string());
  if (!ip.empty() && ip != "None" &&
      after.value("/spec/clusterIP"_json_pointer, std::string()) != ip) {
    auto r = etcd_.Range(kIpPrefix + ip, "", 0, 0);
    if (r.ok() && !r->kvs.empty()) {
      (void)etcd_.CompareAndDelete(kIpPrefix + ip, r->kvs[0].mod_revision);
    }
  }
  const std::set<int> kept = NodePortsOf(after);
  std::vector<int> freed;
  for (int p : NodePortsOf(before)) {
    if (kept.count(p) == 0) freed.push_back(p);
  }
  ReleasePorts(freed);
}

// Best effort: a reservation a failed delete leaves behind is reclaimed by
// Repair() at the next start.
void ServiceAllocator::Release(const json& svc) {
  std::string ip = svc.value("/spec/clusterIP"_json_pointer, std::string());
  if (!ip.empty() && ip != "None") {
    auto r = etcd_.Range(kIpPrefix + ip, "", 0, 0);
    if (r.ok() && !r->kvs.empty())
      (void)etcd_.CompareAndDelete(kIpPrefix + ip, r->kvs[0].mod_revision);
  }
  const std::set<int> ports = NodePortsOf(svc);
  ReleasePorts(std::vector<int>(ports.begin(), ports.end()));
}

absl::Status ServiceAllocator::Repair() {
  const std::string svc_prefix = "/registry/services/specs/";
  auto services = etcd_.Range(svc_prefix, PrefixEnd(svc_prefix), 0, 0);
  if (!services.ok()) return services.status();
  std::set<std::string> want;
  for (const KeyValue& kv : services->kvs) {
    json svc = json::parse(kv.value, nullptr, false);
    if (svc.is_discarded()) continue;
    std::string ip = svc.value("/spec/clusterIP"_json_pointer, std::string());
    if (!ip.empty() && ip != "None") want.insert(kIpPrefix + ip);
    for (int p : NodePortsOf(svc)) want.insert(base::StrCat(kPortPrefix, p));
  }
  for (const char* prefix : {kIpPrefix, kPortPrefix}) {
    auto held = etcd_.Range(prefix, PrefixEnd(prefix), 0, 0);
    if (!held.ok()) return held.status();
    for (const KeyValue& kv : held->kvs) {
      if (!want.erase(kv.key)) (void)etcd_.CompareAndDelete(kv.key, kv.mod_revision);
    }
  }
  for (const std::string& key : want) {
    if (auto r = Reserve(key); !r.ok()) return r.status();
  }
  return absl::OkStatus();
}

}  // namespace wisp::apiserver
