// networking.k8s.io/v1 NetworkPolicies: policyTypes from the rules present,
// port protocol TCP; validation as upstream's ValidateNetworkPolicySpec
// (pod selector, rule ports, peers with their ipBlock CIDRs, policy types).
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "strategies/ip_validation.h"
#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/names.h"
#include "strategies/selector.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

constexpr char kInvalidCidr[] = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

// Go's %q of a string, as the field-error builders print it.
std::string GoQuoted(const std::string& s) {
  constexpr std::string_view kPrefix = "Invalid value: ";
  return apimachinery::FieldInvalid("", Json(s), "").message.substr(kPrefix.size());
}

void ValidateIpBlock(const Json& block, const std::string& path, Causes& causes) {
  const std::string cidr_path = Child(path, "cidr");
  const std::string text = Str(block, "cidr");
  if (text.empty()) {
    causes.push_back(apimachinery::FieldRequired(cidr_path, ""));
    return;
  }
  std::optional<Cidr> cidr = ParseCidrSloppy(text);
  if (!cidr) {
    causes.push_back(apimachinery::FieldInvalid(cidr_path, Json(text), kInvalidCidr));
    return;
  }
  const Json* except = ArrayAt(block, "except");
  if (except == nullptr) return;
  for (size_t i = 0; i < except->size(); ++i) {
    const std::string except_path = Index(Child(path, "except"), i);
    const Json& entry = (*except)[i];
    const std::string except_text = entry.is_string() ? entry.get<std::string>() : "";
    std::optional<Cidr> inner = ParseCidrSloppy(except_text);
    if (!inner) {
      causes.push_back(apimachinery::FieldInvalid(except_path, Json(except_text), kInvalidCidr));
    } else if (!CidrContains(*cidr, inner->ip) || cidr->mask_size >= inner->mask_size) {
      causes.push_back(apimachinery::FieldInvalid(except_path, Json(except_text),
                                                  "must be a strict subset of `cidr`"));
    }
  }
}

void ValidatePeer(const Json& peer, const std::string& path, Causes& causes) {
  int peers = 0;
  for (const char* key : {"podSelector", "namespaceSelector"}) {
    if (const Json* selector = Find(peer, key)) {
      ++peers;
      ValidateLabelSelector(*selector, Child(path, key), causes);
    }
  }
  const Json* ip_block = Find(peer, "ipBlock");
  if (ip_block != nullptr) {
    ++peers;
    ValidateIpBlock(*ip_block, Child(path, "ipBlock"), causes);
  }
  if (peers == 0) {
    causes.push_back(apimachinery::FieldRequired(path, "must specify a peer"));
  } else if (peers > 1 && ip_block != nullptr) {
    causes.push_back(
        apimachinery::FieldForbidden(path, "may not specify both ipBlock and another peer"));
  }
}

void ValidatePort(const Json& port, const std::string& path, Causes& causes) {
  if (const Json* protocol = Find(port, "protocol")) {
    if (*protocol != "TCP" && *protocol != "UDP" && *protocol != "SCTP") {
      causes.push_back(apimachinery::FieldNotSupported(Child(path, "protocol"), *protocol,
                                                       {"TCP", "UDP", "SCTP"}));
    }
  }
  const std::string port_path = Child(path, "port");
  const std::string end_path = Child(path, "endPort");
  const Json* number = Find(port, "port");
  std::optional<int64_t> end = Int(port, "endPort");
  if (number == nullptr) {
    if (end) {
      causes.push_back(apimachinery::FieldInvalid(
          end_path, Json(*end), "may not be specified when `port` is not specified"));
    }
  } else if (number->is_number_integer()) {
    int64_t value = number->get<int64_t>();
    AddInvalid(causes, port_path, Json(value), apimachinery::IsValidPortNum(value));
    if (end) {
      // Upstream (v1.32) shows `port`, not endPort, as the bad value here.
      if (*end < value) {
        causes.push_back(apimachinery::FieldInvalid(end_path, Json(value),
                                                    "must be greater than or equal to `port`"));
      }
      AddInvalid(causes, end_path, Json(*end), apimachinery::IsValidPortNum(*end));
    }
  } else if (number->is_string()) {
    if (end) {
      causes.push_back(apimachinery::FieldInvalid(
          end_path, Json(*end), "may not be specified when `port` is non-numeric"));
    }
    AddInvalid(causes, port_path, *number, IsValidPortName(number->get<std::string>()));
  }
}

void ValidateRules(const Json& spec, const char* rules_key, const char* peers_key, Causes& causes) {
  const Json* rules = ArrayAt(spec, rules_key);
  if (rules == nullptr) return;
  for (size_t i = 0; i < rules->size(); ++i) {
    const std::string rule_path = Index(Child("spec", rules_key), i);
    const Json& rule = (*rules)[i];
    if (const Json* ports = ArrayAt(rule, "ports")) {
      for (size_t j = 0; j < ports->size(); ++j) {
        ValidatePort((*ports)[j], Index(Child(rule_path, "ports"), j), causes);
      }
    }
    if (const Json* peers = ArrayAt(rule, peers_key)) {
      for (size_t j = 0; j < peers->size(); ++j) {
        ValidatePeer((*peers)[j], Index(Child(rule_path, peers_key), j), causes);
      }
    }
  }
}

void ValidatePolicyTypes(const Json& types, Causes& causes) {
  if (types.size() > 2) {
    // Upstream prints the list with %#v.
    std::string printed = "[]networking.PolicyType{";
    for (size_t i = 0; i < types.size(); ++i) {
      if (i > 0) printed += ", ";
      printed += GoQuoted(types[i].is_string() ? types[i].get<std::string>() : types[i].dump());
    }
    printed += "}";
    causes.push_back(apimachinery::FieldInvalidGo("spec.policyTypes", printed,
                                                  "may not specify more than two policyTypes"));
    return;
  }
  for (size_t i = 0; i < types.size(); ++i) {
    const Json& t = types[i];
    if (t != "Ingress" && t != "Egress") {
      causes.push_back(
          apimachinery::FieldNotSupported(Index("spec.policyTypes", i), t, {"Ingress", "Egress"}));
    }
  }
}

void DefaultRulePorts(Json& spec, const char* rules_key) {
  Json* rules = ArrayAt(spec, rules_key);
  if (rules == nullptr) return;
  for (Json& rule : *rules) {
    if (Json* ports = ArrayAt(rule, "ports")) {
      for (Json& port : *ports) SetDefault(port, "protocol", "TCP");
    }
  }
}

class NetworkPolicyStrategy : public Strategy {
 public:
  NetworkPolicyStrategy() : Strategy({.namespaced = true, .has_generation = true}) {}

  void Default(Json& obj) const override {
    Json* spec = ObjectAt(obj, "spec");
    if (spec == nullptr) return;
    DefaultRulePorts(*spec, "ingress");
    DefaultRulePorts(*spec, "egress");
    if (Size(*spec, "policyTypes") == 0) {
      Json types = Json::array({"Ingress"});
      if (Size(*spec, "egress") > 0) types.push_back("Egress");
      (*spec)["policyTypes"] = std::move(types);
    }
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    if (const Json* selector = ObjectAt(spec, "podSelector")) {
      ValidateLabelSelector(*selector, "spec.podSelector", causes);
    }
    ValidateRules(spec, "ingress", "from", causes);
    ValidateRules(spec, "egress", "to", causes);
    if (const Json* types = ArrayAt(spec, "policyTypes")) ValidatePolicyTypes(*types, causes);
  }
};

}  // namespace

std::unique_ptr<Strategy> NewNetworkPolicyStrategy() {
  return std::make_unique<NetworkPolicyStrategy>();
}

}  // namespace wisp::strategies
