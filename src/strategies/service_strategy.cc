// File: src/strategies/service_strategy.cc
//
// core/v1 Services: defaults (type, affinity, ports, traffic policies, IP
// families, ingress ipMode), the allocated values (clusterIPs, nodePorts) an
// update keeps, and validation (service_validation.cc).
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

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
