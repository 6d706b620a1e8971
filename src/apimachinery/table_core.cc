// Table printers for services, networking, nodes, config, storage, RBAC and
// the remaining core kinds (upstream printService, printEndpoints,
// printNode, printEvent, printSecret, printPersistentVolumeClaim, ...).
#include <algorithm>
#include <ctime>
#include <set>

#include "apimachinery/table_printers.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery::internal {

using base::StrCat;

namespace {

int64_t Size(const nlohmann::json& v) {
  return v.is_array() || v.is_object() ? static_cast<int64_t>(v.size()) : 0;
}
std::vector<std::string> Strings(const nlohmann::json& v) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const auto& s : v) {
      if (s.is_string()) out.push_back(s.get<std::string>());
    }
  }
  return out;
}

std::string ServicePorts(const nlohmann::json& ports) {
  std::vector<std::string> pieces;
  if (ports.is_array()) {
    for (const auto& p : ports) {
      std::string protocol = Str(p, {"protocol"});
      int64_t node_port = Int(p, {"nodePort"});
      pieces.push_back(node_port > 0 ? StrCat(Int(p, {"port"}), ":", node_port, "/", protocol)
                                     : StrCat(Int(p, {"port"}), "/", protocol));
    }
  }
  return Join(pieces, ",");
}

// status.loadBalancer.ingress as upstream's loadBalancerStatusStringer
// prints it: each entry's IP or else hostname, sorted, without repeats.
std::string LoadBalancerIngress(const nlohmann::json& obj) {
  std::set<std::string> out;
  const auto& ingress = At(obj, {"status", "loadBalancer", "ingress"});
  if (ingress.is_array()) {
    for (const auto& i : ingress) {
      if (!Str(i, {"ip"}).empty()) {
        out.insert(Str(i, {"ip"}));
      } else if (!Str(i, {"hostname"}).empty()) {
        out.insert(Str(i, {"hostname"}));
      }
    }
  }
  return Join(std::vector<std::string>(out.begin(), out.end()), ",");
}

// Up to three items joined with ",", then " + N more..." (N = count - 3),
// or "<unset>" for none (upstream's listWithMoreString).
std::string ListWithMore(const std::vector<std::string>& items, size_t count) {
  constexpr size_t kMax = 3;
  std::vector<std::string> shown(items.begin(), items.begin() + std::min(items.size(), kMax));
  std::string ret = Join(shown, ",");
  if (count > kMax) return StrCat(ret, " + ", count - kMax, " more...");
  return ret.empty() ? "<unset>" : ret;
}

std::string ServiceExternalIp(const nlohmann::json& svc) {
  std::string type = Str(svc, {"spec", "type"});
  std::vector<std::string> external = Strings(At(svc, {"spec", "externalIPs"}));
  if (type == "ClusterIP" || type == "NodePort" || type.empty()) {
    return external.empty() ? "<none>" : Join(external, ",");
  }
  if (type == "LoadBalancer") {
    std::string lb = LoadBalancerIngress(svc);
    if (!external.empty())
      return lb.empty() ? Join(external, ",") : StrCat(lb, ",", Join(external, ","));
    return lb.empty() ? "<pending>" : lb;
  }
  if (type == "ExternalName") return Str(svc, {"spec", "externalName"});
  return "<unknown>";
}

Row ServiceRow(const nlohmann::json& svc, int64_t now) {
  Row row;
  std::string cluster_ip = "<none>";
  std::vector<std::string> ips = Strings(At(svc, {"spec", "clusterIPs"}));
  if (!ips.empty()) {
    cluster_ip = ips[0];
  } else if (!Str(svc, {"spec", "clusterIP"}).empty()) {
    cluster_ip = Str(svc, {"spec", "clusterIP"});
  }
  row.cells = {Name(svc),
               Str(svc, {"spec", "type"}),
               cluster_ip,
               ServiceExternalIp(svc),
               OrNone(ServicePorts(At(svc, {"spec", "ports"}))),
               Created(svc, now),
               FormatLabels(At(svc, {"spec", "selector"}))};
  return row;
}

std::string JoinHostPort(const std::string& host, int64_t port) {
  if (host.find(':') != std::string::npos) return StrCat("[", host, "]:", port);
  return StrCat(host, ":", port);
}

// formatEndpoints: at most three addresses, then " + N more...".
std::string FormatEndpoints(const nlohmann::json& subsets) {
  if (!subsets.is_array() || subsets.empty()) return "<none>";
  constexpr size_t kMax = 3;
  std::vector<std::string> list;
  bool more = false;
  int64_t count = 0;
  for (const auto& ss : subsets) {
    const auto& addresses = At(ss, {"addresses"});
    const auto& ports = At(ss, {"ports"});
    int64_t n = Size(addresses);
    if (Size(ports) == 0) {
      count += n;
      for (int64_t i = 0; i < n; ++i) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        list.push_back(Str(addresses[i], {"ip"}));
      }
      continue;
    }
    for (const auto& port : ports) {
      count += n;
      for (int64_t i = 0; i < n; ++i) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        list.push_back(JoinHostPort(Str(addresses[i], {"ip"}), Int(port, {"port"})));
      }
    }
  }
  std::string ret = Join(list, ",");
  if (more) return StrCat(ret, " + ", count - static_cast<int64_t>(kMax), " more...");
  return ret;
}

Row EndpointsRow(const nlohmann::json& ep, int64_t now) {
  Row row;
  row.cells = {Name(ep), FormatEndpoints(At(ep, {"subsets"})), Created(ep, now)};
  return row;
}

Row EndpointSliceRow(const nlohmann::json& es, int64_t now) {
  Row row;
  // A port without a number shows its name, or "*" (formatDiscoveryPorts).
  std::vector<std::string> ports;
  const auto& p = At(es, {"ports"});
  if (p.is_array()) {
    for (const auto& port : p) {
      if (At(port, {"port"}).is_number()) {
        ports.push_back(StrCat(Int(port, {"port"})));
      } else if (At(port, {"name"}).is_string()) {
        ports.push_back(Str(port, {"name"}));
      } else {
        ports.push_back("*");
      }
    }
  }
  std::vector<std::string> addrs;
  size_t total = 0;
  const auto& eps = At(es, {"endpoints"});
  if (eps.is_array()) {
    for (const auto& e : eps) {
      for (const auto& a : Strings(At(e, {"addresses"}))) {
        ++total;
        if (addrs.size() < 3) addrs.push_back(a);
      }
    }
  }
  std::string endpoints = addrs.empty() ? "<unset>" : Join(addrs, ",");
  if (total > 3) endpoints += StrCat(" + ", total - 3, " more...");
  row.cells = {Name(es), Str(es, {"addressType"}), ListWithMore(ports, ports.size()), endpoints,
               Created(es, now)};
  return row;
}

std::string NodeAddress(const nlohmann::json& node, const char* type) {
  const auto& addrs = At(node, {"status", "addresses"});
  if (addrs.is_array()) {
    for (const auto& a : addrs) {
      if (Str(a, {"type"}) == type) return Str(a, {"address"});
    }
  }
  return "<none>";
}

Row NodeRow(const nlohmann::json& node, int64_t now) {
  Row row;
  std::vector<std::string> status;
  const auto& conditions = At(node, {"status", "conditions"});
  if (conditions.is_array()) {
    for (const auto& c : conditions) {
      if (Str(c, {"type"}) == "Ready") {
        status = {Str(c, {"status"}) == "True" ? "Ready" : "NotReady"};
      }
    }
  }
  if (status.empty()) status.push_back("Unknown");
  if (At(node, {"spec", "unschedulable"}) == true) status.push_back("SchedulingDisabled");
  std::set<std::string> roles;
  const auto& labels = At(node, {"metadata", "labels"});
  if (labels.is_object()) {
    constexpr std::string_view kPrefix = "node-role.kubernetes.io/";
    for (auto it = labels.begin(); it != labels.end(); ++it) {
      const std::string& k = it.key();
      if (k.size() > kPrefix.size() && k.compare(0, kPrefix.size(), kPrefix) == 0) {
        roles.insert(k.substr(kPrefix.size()));
      } else if (k == "kubernetes.io/role" && it->is_string() && !it->get<std::string>().empty()) {
        roles.insert(it->get<std::string>());
      }
    }
  }
  auto unknown = [](std::string s) { return s.empty() ? std::string("<unknown>") : s; };
  const auto& info = At(node, {"status", "nodeInfo"});
  row.cells = {Name(node),
               Join(status, ","),
               OrNone(Join(std::vector<std::string>(roles.begin(), roles.end()), ",")),
               Created(node, now),
               Str(info, {"kubeletVersion"}),
               NodeAddress(node, "InternalIP"),
               NodeAddress(node, "ExternalIP"),
               unknown(Str(info, {"osImage"})),
               unknown(Str(info, {"kernelVersion"})),
               unknown(Str(info, {"containerRuntimeVersion"}))};
  return row;
}

Row NamespaceRow(const nlohmann::json& ns, int64_t now) {
  Row row;
  row.cells = {Name(ns), Str(ns, {"status", "phase"}), Created(ns, now)};
  return row;
}

Row ComponentStatusRow(const nlohmann::json& cs, int64_t /*now*/) {
  std::string status = "Unknown";
  std::string message;
  std::string error;
  const nlohmann::json& conditions = At(cs, {"conditions"});
  if (conditions.is_array()) {
    for (const nlohmann::json& c : conditions) {
      if (Str(c, {"type"}) != "Healthy") continue;
      status = Str(c, {"status"}) == "True" ? "Healthy" : "Unhealthy";
      message = Str(c, {"message"});
      error = Str(c, {"error"});
      break;
    }
  }
  Row row;
  row.cells = {Name(cs), status, message, error};
  return row;
}

Row ConfigMapRow(const nlohmann::json& cm, int64_t now) {
  Row row;
  row.cells = {Name(cm), Size(At(cm, {"data"})) + Size(At(cm, {"binaryData"})), Created(cm, now)};
  return row;
}

Row SecretRow(const nlohmann::json& s, int64_t now) {
  Row row;
  row.cells = {Name(s), Str(s, {"type"}), Size(At(s, {"data"})), Created(s, now)};
  return row;
}

Row ServiceAccountRow(const nlohmann::json& sa, int64_t now) {
  Row row;
  row.cells = {Name(sa), Size(At(sa, {"secrets"})), Created(sa, now)};
  return row;
}

Row LeaseRow(const nlohmann::json& l, int64_t now) {
  Row row;
  row.cells = {Name(l), Str(l, {"spec", "holderIdentity"}), Created(l, now)};
  return row;
}

std::string ToLower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

Row EventRow(const nlohmann::json& ev, int64_t now) {
  Row row;
  std::string first = Age(Str(ev, {"firstTimestamp"}), now);
  if (Str(ev, {"firstTimestamp"}).empty()) first = Age(Str(ev, {"eventTime"}), now);
  std::string last = Age(Str(ev, {"lastTimestamp"}), now);
  if (Str(ev, {"lastTimestamp"}).empty()) last = first;
  int64_t count = Int(ev, {"count"});
  if (At(ev, {"series"}).is_object()) {
    last = Age(Str(ev, {"series", "lastObservedTime"}), now);
    count = Int(ev, {"series", "count"});
  } else if (count == 0) {
    count = 1;
  }
  std::string kind = ToLower(Str(ev, {"involvedObject", "kind"}));
  std::string obj_name = Str(ev, {"involvedObject", "name"});
  std::string target = obj_name.empty() ? kind : StrCat(kind, "/", obj_name);
  std::string component = Str(ev, {"source", "component"});
  if (component.empty()) component = Str(ev, {"reportingComponent"});
  std::string instance = Str(ev, {"source", "host"});
  if (instance.empty()) instance = Str(ev, {"reportingInstance"});
  std::string source = instance.empty() ? component : StrCat(component, ", ", instance);
  std::string message = Str(ev, {"message"});
  size_t b = message.find_first_not_of(" \t\r\n");
  size_t e = message.find_last_not_of(" \t\r\n");
  message = b == std::string::npos ? "" : message.substr(b, e - b + 1);
  row.cells = {last,
               Str(ev, {"type"}),
               Str(ev, {"reason"}),
               target,
               Str(ev, {"involvedObject", "fieldPath"}),
               source,
               message,
               first,
               count,
               Name(ev)};
  return row;
}

Row IngressRow(const nlohmann::json& ing, int64_t now) {
  Row row;
  std::string cls = Str(ing, {"spec", "ingressClassName"});
  if (cls.empty()) cls = "<none>";
  // formatHosts: the first three rules' hosts, then " + N more..." counted
  // over rules (hostless rules included); "*" when none has a host.
  std::vector<std::string> hosts;
  const auto& rules = At(ing, {"spec", "rules"});
  size_t rule_count = rules.is_array() ? rules.size() : 0;
  bool more = false;
  for (size_t i = 0; i < rule_count; ++i) {
    if (hosts.size() == 3) more = true;
    if (!more && !Str(rules[i], {"host"}).empty()) hosts.push_back(Str(rules[i], {"host"}));
  }
  std::string host_str = hosts.empty() ? "*" : Join(hosts, ",");
  if (!hosts.empty() && more) host_str = StrCat(host_str, " + ", rule_count - 3, " more...");
  std::string ports = Size(At(ing, {"spec", "tls"})) > 0 ? "80, 443" : "80";
  row.cells = {Name(ing), cls, host_str, LoadBalancerIngress(ing), ports, Created(ing, now)};
  return row;
}

}  // namespace

const std::vector<Printer>& CorePrinters() {
  static const std::vector<Printer> kPrinters = {
      {"",
       "services",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Type", "string", "", "How the service is exposed.", 0},
        {"Cluster-IP", "string", "", "The cluster-internal IP of the service.", 0},
        {"External-IP", "string", "", "External addresses of the service.", 0},
        {"Port(s)", "string", "", "Ports the service exposes.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"Selector", "string", "", "Labels of the pods the service routes to.", 1}},
       &ServiceRow},
      {"",
       "endpoints",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Endpoints", "string", "", "Addresses of the endpoints.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &EndpointsRow},
      {"discovery.k8s.io",
       "endpointslices",
       {{"Name", "string", "name", kNameDesc, 0},
        {"AddressType", "string", "", "The address family of the slice.", 0},
        {"Ports", "string", "", "Ports of the slice.", 0},
        {"Endpoints", "string", "", "Addresses of the endpoints.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &EndpointSliceRow},
      {"",
       "nodes",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Status", "string", "", "The readiness of the node.", 0},
        {"Roles", "string", "", "The roles of the node.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"Version", "string", "", "Kubelet version reported by the node.", 0},
        {"Internal-IP", "string", "", "The node's internal IP.", 1},
        {"External-IP", "string", "", "The node's external IP.", 1},
        {"OS-Image", "string", "", "OS image reported by the node.", 1},
        {"Kernel-Version", "string", "", "Kernel version reported by the node.", 1},
        {"Container-Runtime", "string", "", "Container runtime reported by the node.", 1}},
       &NodeRow},
      {"",
       "namespaces",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Status", "string", "", "The phase of the namespace.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &NamespaceRow},
      {"",
       "componentstatuses",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Status", "string", "", "Whether the component is healthy.", 0},
        {"Message", "string", "", "The component's health message.", 0},
        {"Error", "string", "", "The error of an unhealthy component.", 0}},
       &ComponentStatusRow},
      {"",
       "configmaps",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Data", "integer", "", "Number of data and binaryData keys.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &ConfigMapRow},
      {"",
       "secrets",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Type", "string", "", "The type of the secret.", 0},
        {"Data", "integer", "", "Number of data keys.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &SecretRow},
      {"",
       "serviceaccounts",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Secrets", "integer", "", "Number of secrets of the service account.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &ServiceAccountRow},
      {"coordination.k8s.io",
       "leases",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Holder", "string", "", "The current holder of the lease.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &LeaseRow},
      {"",
       "events",
       {{"Last Seen", "string", "", "Time since the event was last seen.", 0},
        {"Type", "string", "", "Type of the event.", 0},
        {"Reason", "string", "", "Short reason for the event.", 0},
        {"Object", "string", "", "The object the event is about.", 0},
        {"Subobject", "string", "", "The part of the object the event is about.", 1},
        {"Source", "string", "", "The component reporting the event.", 1},
        {"Message", "string", "", "Description of the event.", 0},
        {"First Seen", "string", "", "Time since the event was first seen.", 1},
        {"Count", "integer", "", "Number of times the event occurred.", 1},
        {"Name", "string", "name", kNameDesc, 1}},
       &EventRow},
      {"networking.k8s.io",
       "ingresses",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Class", "string", "", "The ingress class.", 0},
        {"Hosts", "string", "", "Hosts the ingress serves.", 0},
        {"Address", "string", "", "Load balancer addresses.", 0},
        {"Ports", "string", "", "Ports of the ingress.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &IngressRow},
  };
  return kPrinters;
}

}  // namespace wisp::apimachinery::internal
