// File: src/worker/cni_config.cc
#include "wisp/worker/cni_config.h"

#include <arpa/inet.h>

#include <nlohmann/json.hpp>

#include "wisp/base/strings.h"

namespace wisp::worker {

absl::StatusOr<std::string> StandaloneNodeSubnet(const std::string& pod_cidr) {
  auto bad = [&](const char* why) {
    return absl::InvalidArgumentError(base::StrCat("pod CIDR \"", pod_cidr, "\": ", why,
                                                   " (want an IPv4 CIDR like 10.244.0.0/16)"));
  };
  size_t slash = pod_cidr.find('/');
  if (slash == std::string::npos) return bad("missing /prefix");
  std::string addr = pod_cidr.substr(0, slash);
  std::string prefix_text = pod_cidr.substr(slash + 1);
  if (prefix_text.empty() || prefix_text.size() > 2 ||
      prefix_text.find_first_not_of("0123456789") != std::string::npos) {
    return bad("bad prefix length");
  }
  int prefix = std::stoi(prefix_text);
  if (prefix > 32) return bad("prefix length above 32");
  in_addr a{};
  if (inet_pton(AF_INET, addr.c_str(), &a) != 1) return bad("not an IPv4 address");
  uint32_t host = ntohl(a.s_addr);
  // The CIDR's own network address, then its first /24 (or the CIDR itself).
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  int node_prefix = prefix > 24 ? prefix : 24;
  in_addr net{htonl(host & mask)};
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &net, buf, sizeof buf);
  return base::StrCat(buf, "/", node_prefix);
}

std::string RenderCniConflist(const CniNetwork& n) {
  nlohmann::json ipam = {{"type", "host-local"},
                         {"ranges", {{{{"subnet", n.subnet}}}}},
                         {"routes", {{{"dst", "0.0.0.0/0"}}}}};
  if (!n.ipam_dir.empty()) ipam["dataDir"] = n.ipam_dir;
  nlohmann::json conf = {{"cniVersion", "1.0.0"},
                         {"name", n.name},
                         {"plugins",
                          {{{"type", "bridge"},
                            {"bridge", n.bridge},
                            {"isGateway", true},
                            {"ipMasq", false},
                            {"hairpinMode", true},
                            {"ipam", ipam}},
                           {{"type", "portmap"}, {"capabilities", {{"portMappings", true}}}}}}};
  return conf.dump(2) + "\n";
}

}  // namespace wisp::worker
