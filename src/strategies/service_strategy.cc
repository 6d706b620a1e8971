// core/v1 Services: defaults (type, affinity, ports, traffic policies, IP
// families), validation of types and ports, and the allocated values
// (clusterIPs, nodePorts) an update keeps.
#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/names.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using apimachinery::FieldInvalid;
using apimachinery::FieldNotSupported;
using apimachinery::FieldRequired;

bool NeedsNodePort(const std::string& type) { return type == "NodePort" || type == "LoadBalancer"; }

// A LoadBalancer keeping client addresses gets a health-check node port.
bool NeedsHealthCheck(const Json& spec) {
  return Str(spec, "type") == "LoadBalancer" && Str(spec, "externalTrafficPolicy") == "Local";
}

// Upstream's validateServiceExternalTrafficPolicy.
void ValidateTrafficPolicy(const Json& spec, const std::string& type, Causes& causes) {
  const bool external = NeedsNodePort(type) || Size(spec, "externalIPs") != 0;
  const std::string policy = Str(spec, "externalTrafficPolicy");
  if (!external) {
    if (!policy.empty()) {
      causes.push_back(FieldInvalid("spec.externalTrafficPolicy", Json(policy),
                                    "may only be set for externally-accessible services"));
    }
  } else if (policy.empty()) {
    causes.push_back(FieldRequired("spec.externalTrafficPolicy", ""));
  } else if (policy != "Cluster" && policy != "Local") {
    causes.push_back(
        FieldNotSupported("spec.externalTrafficPolicy", Json(policy), {"Cluster", "Local"}));
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

void DefaultPorts(Json& spec) {
  Json* ports = ArrayAt(spec, "ports");
  if (ports == nullptr) return;
  for (Json& port : *ports) {
    if (!port.is_object()) continue;
    SetDefault(port, "protocol", "TCP");
    const Json* target = Find(port, "targetPort");
    bool unset = target == nullptr || *target == 0 || *target == "";
    if (unset) port["targetPort"] = ValueOr(port, "port");
  }
}

void ValidatePorts(const Json& spec, const std::string& type, Causes& causes) {
  const Json* ports = ArrayAt(spec, "ports");
  size_t n = ports != nullptr ? ports->size() : 0;
  if (n == 0) {
    if (Str(spec, "clusterIP") != "None" && type != "ExternalName") {
      causes.push_back(FieldRequired("spec.ports", ""));
    }
    return;
  }
  std::set<std::string> names;
  std::set<std::string> port_protocols;
  for (size_t i = 0; i < n; ++i) {
    const Json& port = (*ports)[i];
    std::string path = Index("spec.ports", i);
    std::string name = Str(port, "name");
    if (name.empty()) {
      if (n > 1) causes.push_back(FieldRequired(Child(path, "name"), ""));
    } else {
      AddInvalid(causes, Child(path, "name"), Json(name), apimachinery::IsDns1123Label(name));
      if (!names.insert(name).second) {
        causes.push_back(apimachinery::FieldDuplicate(Child(path, "name"), name));
      }
    }
    int64_t number = Int(port, "port").value_or(0);
    AddInvalid(causes, Child(path, "port"), Json(number),
               apimachinery::IsValidPortNum(static_cast<int>(number)));
    std::string protocol = Str(port, "protocol");
    if (protocol.empty()) {
      causes.push_back(FieldRequired(Child(path, "protocol"), ""));
    } else if (protocol != "TCP" && protocol != "UDP" && protocol != "SCTP") {
      causes.push_back(
          FieldNotSupported(Child(path, "protocol"), Json(protocol), {"SCTP", "TCP", "UDP"}));
    }
    const Json target = ValueOr(port, "targetPort");
    if (target.is_number_integer()) {
      AddInvalid(causes, Child(path, "targetPort"), target,
                 apimachinery::IsValidPortNum(target.get<int>()));
    } else if (target.is_string()) {
      AddInvalid(causes, Child(path, "targetPort"), target,
                 IsValidPortName(target.get<std::string>()));
    }
    if (std::optional<int64_t> node_port = Int(port, "nodePort"); node_port.value_or(0) != 0) {
      if (!NeedsNodePort(type)) {
        causes.push_back(apimachinery::FieldForbidden(
            Child(path, "nodePort"), "may not be used when `type` is 'ClusterIP'"));
      }
      AddInvalid(causes, Child(path, "nodePort"), Json(*node_port),
                 apimachinery::IsValidPortNum(static_cast<int>(*node_port)));
    }
    if (!port_protocols.insert(base::StrCat(number, "/", protocol)).second) {
      causes.push_back(apimachinery::FieldDuplicate(path, port));
    }
  }
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
    SetDefault(*spec, "type", "ClusterIP");
    SetDefault(*spec, "sessionAffinity", "None");
    std::string type = Str(*spec, "type");
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
    DefaultPorts(*spec);
    // Externally-accessible services (upstream's ExternallyAccessible).
    if (NeedsNodePort(type) || Size(*spec, "externalIPs") != 0) {
      SetDefault(*spec, "externalTrafficPolicy", "Cluster");
    }
    if (type == "LoadBalancer") SetDefault(*spec, "allocateLoadBalancerNodePorts", true);
    if (type != "ExternalName") {
      SetDefault(*spec, "internalTrafficPolicy", "Cluster");
      SetDefault(*spec, "ipFamilyPolicy", "SingleStack");
      std::string ip = Str(*spec, "clusterIP");
      if (!ip.empty() && Size(*spec, "clusterIPs") == 0) (*spec)["clusterIPs"] = Json::array({ip});
      bool v6 = ip.find(':') != std::string::npos;
      SetDefault(*spec, "ipFamilies", Json::array({v6 ? "IPv6" : "IPv4"}));
    }
  }

  void PrepareForCreate(Json& obj) const override {
    Strategy::PrepareForCreate(obj);
    if (obj.is_object()) obj["status"] = {{"loadBalancer", Json::object()}};
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
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    std::string type = Str(spec, "type");
    static const std::vector<std::string> kTypes = {"ClusterIP", "ExternalName", "LoadBalancer",
                                                    "NodePort"};
    if (type.empty()) {
      causes.push_back(FieldRequired("spec.type", ""));
    } else if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end()) {
      causes.push_back(FieldNotSupported("spec.type", Json(type), kTypes));
    }
    std::string affinity = Str(spec, "sessionAffinity");
    if (affinity.empty()) {
      causes.push_back(FieldRequired("spec.sessionAffinity", ""));
    } else if (affinity != "None" && affinity != "ClientIP") {
      causes.push_back(
          FieldNotSupported("spec.sessionAffinity", Json(affinity), {"ClientIP", "None"}));
    }
    if (affinity == "ClientIP") {
      std::optional<int64_t> timeout =
          Int(ValueOr(ValueOr(spec, "sessionAffinityConfig", Json::object()), "clientIP",
                      Json::object()),
              "timeoutSeconds");
      if (timeout.has_value() && (*timeout <= 0 || *timeout > 86400)) {
        causes.push_back(FieldInvalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                                      Json(*timeout),
                                      "must be greater than 0 and less than 86400"));
      }
    }
    if (type == "ExternalName") {
      std::string external = Str(spec, "externalName");
      if (external.empty()) {
        causes.push_back(FieldRequired("spec.externalName", ""));
      } else {
        // A CNAME may end in a dot (fully qualified).
        if (external.size() > 1 && external.back() == '.') external.pop_back();
        AddInvalid(causes, "spec.externalName", Json(external),
                   apimachinery::IsDns1123Subdomain(external));
      }
      std::string ip = Str(spec, "clusterIP");
      if (!ip.empty()) {
        causes.push_back(apimachinery::FieldForbidden("spec.clusterIP",
                                                      "may not be set for type `ExternalName`"));
      }
    }
    if (NeedsNodePort(type) && Str(spec, "clusterIP") == "None") {
      // A headless service has no virtual IP for node ports to forward to.
      causes.push_back(apimachinery::FieldInvalid(
          "spec.clusterIPs[0]", Json("None"),
          base::StrCat("may not be set to 'None' for ", type, " services")));
    }
    ValidateClusterIps(spec, causes);
    ValidatePorts(spec, type, causes);
    ValidateTrafficPolicy(spec, type, causes);
    if (const Json* selector = ObjectAt(spec, "selector")) {
      Append(causes, apimachinery::ValidateLabels(*selector, "spec.selector"));
    }
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    const Json old_spec = ValueOr(old, "spec", Json::object());
    if (Str(spec, "type") == "ExternalName" || Str(old_spec, "type") == "ExternalName") return;
    const Json ips = ValueOr(spec, "clusterIPs", Json::array());
    const Json old_ips = ValueOr(old_spec, "clusterIPs", Json::array());
    if (old_ips.is_array() && !old_ips.empty() &&
        (!ips.is_array() || ips.empty() || ips[0] != old_ips[0])) {
      causes.push_back(FieldInvalid("spec.clusterIPs[0]", ips, "may not change once set"));
    }
  }

 private:
  // clusterIP and clusterIPs[0] stay in step (validateServiceClusterIPsRelatedFields).
  static void ValidateClusterIps(const Json& spec, Causes& causes) {
    const std::string ip = Str(spec, "clusterIP");
    const Json ips = ValueOr(spec, "clusterIPs", Json::array());
    const size_t n = ips.is_array() ? ips.size() : 0;
    if (!ip.empty() && n == 0) {
      causes.push_back(FieldRequired("spec.clusterIPs", ""));
    } else if (!ip.empty() && ips[0] != ip) {
      causes.push_back(FieldInvalid("spec.clusterIPs", ips, "first value must match `clusterIP`"));
    } else if (ip.empty() && n > 0) {
      causes.push_back(
          FieldInvalid("spec.clusterIPs", ips, "must be empty when `clusterIP` is not specified"));
    }
  }

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
