// networking.k8s.io/v1 NetworkPolicies: policyTypes from the rules present,
// port protocol TCP; validation as upstream's ValidateNetworkPolicySpec
// (pod selector, rule ports, peers with their ipBlock CIDRs, policy types).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/names.h"
#include "strategies/selector.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

// An address in 16 bytes; IPv4 is mapped into ::ffff:0:0/96 as Go keeps it.
using Ip = std::array<uint8_t, 16>;

// A CIDR as upstream reads it (netutils.ParseCIDRSloppy, Go 1.16's
// net.ParseCIDR): `ip` is the network (address with host bits cleared),
// `bits` the prefix over all 128 bits, `mask_size` the prefix as written.
struct Cidr {
  Ip ip;
  int bits;
  int mask_size;
};

constexpr char kInvalidCidr[] = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

// Go's dtoi/xtoi: the number spelled by the digits at the front of `s`;
// nullopt without digits or once it reaches 0xFFFFFF. `used` counts digits.
std::optional<int> LeadingNumber(std::string_view s, int base, size_t& used) {
  int n = 0;
  for (used = 0; used < s.size(); ++used) {
    char c = s[used];
    int digit = 0;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      break;
    }
    n = n * base + digit;
    if (n >= 0xFFFFFF) return std::nullopt;
  }
  if (used == 0) return std::nullopt;
  return n;
}

// Dotted quad; octets may have leading zeros (the "sloppy" parser).
std::optional<Ip> ParseIpv4(std::string_view s) {
  Ip ip{};
  ip[10] = ip[11] = 0xff;
  for (int i = 0; i < 4; ++i) {
    if (s.empty()) return std::nullopt;
    if (i > 0) {
      if (s[0] != '.') return std::nullopt;
      s.remove_prefix(1);
    }
    size_t used = 0;
    std::optional<int> octet = LeadingNumber(s, 10, used);
    if (!octet || *octet > 0xFF) return std::nullopt;
    s.remove_prefix(used);
    ip[12 + i] = static_cast<uint8_t>(*octet);
  }
  if (!s.empty()) return std::nullopt;
  return ip;
}

// IPv6 with at most one "::" and an optional trailing dotted quad; no zone.
std::optional<Ip> ParseIpv6(std::string_view s) {
  Ip ip{};
  int ellipsis = -1;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return ip;
  }
  int i = 0;
  while (i < 16) {
    size_t used = 0;
    std::optional<int> group = LeadingNumber(s, 16, used);
    if (!group || *group > 0xFFFF) return std::nullopt;
    if (used < s.size() && s[used] == '.') {
      if ((ellipsis < 0 && i != 12) || i + 4 > 16) return std::nullopt;
      std::optional<Ip> v4 = ParseIpv4(s);
      if (!v4) return std::nullopt;
      for (int k = 0; k < 4; ++k) ip[i + k] = (*v4)[12 + k];
      s = {};
      i += 4;
      break;
    }
    ip[i] = static_cast<uint8_t>(*group >> 8);
    ip[i + 1] = static_cast<uint8_t>(*group & 0xff);
    i += 2;
    s.remove_prefix(used);
    if (s.empty()) break;
    if (s[0] != ':' || s.size() == 1) return std::nullopt;
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) return std::nullopt;
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return std::nullopt;
  if (i < 16) {
    if (ellipsis < 0) return std::nullopt;
    int shift = 16 - i;
    for (int j = i - 1; j >= ellipsis; --j) ip[j + shift] = ip[j];
    for (int j = ellipsis + shift - 1; j >= ellipsis; --j) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return std::nullopt;  // "::" must stand for at least one group.
  }
  return ip;
}

std::optional<Cidr> ParseCidr(std::string_view s) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view addr = s.substr(0, slash);
  std::string_view mask = s.substr(slash + 1);
  int width = 32;
  std::optional<Ip> ip = ParseIpv4(addr);
  if (!ip) {
    width = 128;
    ip = ParseIpv6(addr);
  }
  size_t used = 0;
  std::optional<int> prefix = LeadingNumber(mask, 10, used);
  if (!ip || !prefix || used != mask.size() || *prefix > width) return std::nullopt;
  Cidr cidr{*ip, 128 - width + *prefix, *prefix};
  for (int b = cidr.bits; b < 128; ++b) cidr.ip[b / 8] &= static_cast<uint8_t>(~(0x80 >> (b % 8)));
  return cidr;
}

bool IsIpv4(const Ip& ip) {
  for (int i = 0; i < 10; ++i) {
    if (ip[i] != 0) return false;
  }
  return ip[10] == 0xff && ip[11] == 0xff;
}

// Go's IPNet.Contains: an IPv4 network never holds an IPv6 address nor the
// reverse (IPv4-mapped IPv6 counts as IPv4).
bool Contains(const Cidr& net, const Ip& ip) {
  if (IsIpv4(net.ip) != IsIpv4(ip)) return false;
  for (int b = 0; b < net.bits; ++b) {
    uint8_t bit = static_cast<uint8_t>(0x80 >> (b % 8));
    if ((net.ip[b / 8] & bit) != (ip[b / 8] & bit)) return false;
  }
  return true;
}

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
  std::optional<Cidr> cidr = ParseCidr(text);
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
    std::optional<Cidr> inner = ParseCidr(except_text);
    if (!inner) {
      causes.push_back(apimachinery::FieldInvalid(except_path, Json(except_text), kInvalidCidr));
    } else if (!Contains(*cidr, inner->ip) || cidr->mask_size >= inner->mask_size) {
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
