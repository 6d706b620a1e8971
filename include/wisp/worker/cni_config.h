// File: wisp/worker/cni_config.h
//
// The node's CNI network: a conflist for containerd's CRI plugin (bridge with
// host-local IPAM over the node's pod subnet, then portmap; containerd adds
// the loopback plugin itself; egress masquerade is the worker's one
// node-wide rule, see src/worker/masquerade.h, not the bridge's per-pod
// ipMasq) and the choice of that subnet from the cluster's pod CIDR. Pure
// functions; thread-safe.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace wisp::worker {

struct CniNetwork {
  std::string name = "wisp";
  std::string bridge = "wisp0";
  std::string subnet;    // e.g. 10.244.0.0/24
  std::string ipam_dir;  // host-local's state dir, e.g. <data-dir>/cni/networks
};

// The pod subnet of a standalone node: the first /24 of an IPv4 `pod_cidr`
// (the CIDR itself when it is /24 or smaller). InvalidArgument naming the
// value if it is not an IPv4 CIDR.
absl::StatusOr<std::string> StandaloneNodeSubnet(const std::string& pod_cidr);

// The conflist JSON (cniVersion 1.0.0).
std::string RenderCniConflist(const CniNetwork& network);

}  // namespace wisp::worker
