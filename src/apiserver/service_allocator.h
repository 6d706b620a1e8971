// File: src/apiserver/service_allocator.h (private to the apiserver)
//
// ClusterIP and NodePort allocation for Services (the ports' node ports and
// a Local LoadBalancer's healthCheckNodePort). Every allocated address and
// port is a key in etcd (/registry/wisp/serviceips/<ip>,
// /registry/wisp/nodeports/<port>) created with a create-if-absent
// transaction, so two API servers, or two concurrent requests, can never hand
// out the same one. Released on delete; Repair() at start drops reservations
// no Service uses and restores missing ones.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "apiserver/etcd_client.h"
#include "wisp/apimachinery/status.h"

namespace wisp::apiserver {

class ServiceAllocator {
 public:
  // `service_cidr` e.g. "10.96.0.0/12"; `node_ports` e.g. "30000-32767".
  static absl::StatusOr<std::unique_ptr<ServiceAllocator>> Create(EtcdClient& etcd,
                                                                  const std::string& service_cidr,
                                                                  const std::string& node_ports);

  // Fills spec.clusterIP(s) and node ports of a new Service, reserving them
  // unless `dry_run`. On failure `error` holds the 422/500 to answer.
  absl::Status Allocate(nlohmann::json& service, bool dry_run, apimachinery::ApiError* error);
  // An update from `current` to `next`: reserves (unless `dry_run`) the
  // node ports `next` needs that `current` does not hold, filling unset ones,
  // and a cluster IP when an ExternalName service gets a type that has one.
  // Returns them, so a write that fails can give them back (ReleasePorts);
  // on failure `error` holds the 422/500 and nothing new stays reserved.
  absl::StatusOr<std::vector<int>> AllocateUpdate(nlohmann::json& next,
                                                  const nlohmann::json& current, bool dry_run,
                                                  apimachinery::ApiError* error);
  // After an update is stored: frees the node ports and cluster IP `before`
  // held that `after` does not.
  void ReleaseUnused(const nlohmann::json& before, const nlohmann::json& after);
  void ReleasePorts(const std::vector<int>& ports);
  // Frees what `service` holds.
  void Release(const nlohmann::json& service);
  // Reconciles reservations with the stored Services.
  absl::Status Repair();

  // The first address of the range (the `kubernetes` Service's ClusterIP).
  std::string FirstIp() const;

 private:
  ServiceAllocator(EtcdClient& etcd, uint32_t base, uint32_t size, int port_lo, int port_hi)
      : etcd_(etcd), base_(base), size_(size), port_lo_(port_lo), port_hi_(port_hi) {}

  absl::StatusOr<bool> Reserve(const std::string& key);
  absl::StatusOr<std::string> AllocateIp(const std::string& wanted, bool dry_run,
                                         apimachinery::ApiError* error, const std::string& name);
  // Reserves `wanted` (or any free port when 0) for the field `field`.
  absl::StatusOr<int> AllocatePort(int wanted, bool dry_run, apimachinery::ApiError* error,
                                   const std::string& name, const std::string& field);

  EtcdClient& etcd_;
  const uint32_t base_;  // network address
  const uint32_t size_;  // addresses in the range
  const int port_lo_, port_hi_;
  std::mutex mu_;
  std::mt19937 rng_{std::random_device{}()};
};

std::string Ipv4ToString(uint32_t ip);
absl::StatusOr<uint32_t> ParseIpv4(const std::string& s);

}  // namespace wisp::apiserver
