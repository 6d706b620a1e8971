// File: src/strategies/service_validation.h
//
// core/v1 Service validation as upstream's (v1.32) and the shape helpers
// defaulting shares with it. Stateless; thread-safe.
#pragma once

#include <string>

#include "strategies/json_util.h"

namespace wisp::strategies {

// obj.spec, or an empty object.
const Json& ServiceSpecOf(const Json& obj);
bool NeedsNodePort(const std::string& type);
// Upstream's ExternallyAccessible: node ports or external IPs.
bool ExternallyAccessible(const Json& spec);
// A LoadBalancer keeping client addresses gets a health-check node port.
bool NeedsHealthCheck(const Json& spec);

// Upstream's initIPFamilyFields defaulting on this single-stack IPv4
// cluster (run before validation, on create with `old_spec` null):
// ipFamilyPolicy is the old one, RequireDualStack for a headless service
// without selector, else SingleStack; ipFamilies follow the cluster IPs given
// (IPv4 by default), and a headless service without selector gets both
// families unless it is SingleStack.
void DefaultIpFamilies(Json& spec, const Json* old_spec);
// initIPFamilyFields' errors, which upstream answers before any other
// validation: the clusterIP fields' own rules, then a SingleStack policy
// with two IPs or families, cluster IPs or families of a family this cluster
// does not serve, and RequireDualStack.
Causes IpFamilyErrors(const Json& spec);

// Upstream's ValidateService, ObjectMeta aside.
void ValidateService(const Json& obj, Causes& causes);
// The rules of upstream's ValidateServiceUpdate that precede ValidateService.
void ValidateServiceUpdateRules(const Json& spec, const Json& old_spec, Causes& causes);
// Upstream's validateLoadBalancerClassField, less the update rule.
void ValidateLoadBalancerClass(const Json& spec, Causes& causes);
// Upstream's ValidateLoadBalancerStatus (status of a /status write).
void ValidateLoadBalancerStatus(const Json& obj, Causes& causes);

}  // namespace wisp::strategies
