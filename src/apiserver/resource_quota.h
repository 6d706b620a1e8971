// File: src/apiserver/resource_quota.h (private to the apiserver)
//
// ResourceQuota as upstream enforces it, in two halves:
//   - the quota admission plugin (Rest::AdmitQuota, rest_admission.cc): a
//     create in a namespace with quotas is refused (403) when it would take
//     a quota's used amount past its hard limit, or when a quota limits pod
//     CPU or memory and a container does not say how much it needs; else
//     its usage is charged to the quotas' status.used;
//   - the resource-quota controller (SyncResourceQuotas, run by the API
//     server's housekeeping until a controller-manager exists): status.hard
//     follows spec.hard and status.used is recomputed from the watch caches,
//     which also gives back what deleted objects used.
// Usage is upstream's evaluators': object counts (`pods`, `services`,
// `count/<resource>[.<group>]`, ...), pod compute (requests/limits of cpu,
// memory, ephemeral-storage and extended resources; init containers as the
// max, overhead added; only pods that have not finished), service node ports
// and load balancers, claim storage. Quota scopes (Terminating,
// NotTerminating, BestEffort, NotBestEffort, PriorityClass) select pods.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "apiserver/rest.h"

namespace wisp::apiserver {

struct QuotaAmount {
  int64_t milli = 0;    // the quantity times 1000 (counts: 1 = 1000)
  bool binary = false;  // printed with binary suffixes (it was written so)
};
using QuotaUsage = std::map<std::string, QuotaAmount>;

// What `obj`, an object of `info`, counts against quotas.
QuotaUsage ObjectQuotaUsage(const api::ResourceInfo& info, const nlohmann::json& obj,
                            std::chrono::system_clock::time_point now);

// Whether quota resource `name` is one objects of `info` can use (so a
// quota limiting it applies to them).
bool QuotaCovers(const api::ResourceInfo& info, const std::string& name);

// Whether `quota`'s scopes select `obj` (scopes only ever exclude pods).
bool QuotaSelects(const nlohmann::json& quota, const api::ResourceInfo& info,
                  const nlohmann::json& obj);

// The amounts of `hard` (resource → quantity) that the objects of namespace
// `ns` the quota selects use now (from the watch caches); every resource of
// `hard` is present.
QuotaUsage ComputeQuotaUsage(const Rest& rest, const nlohmann::json& quota, const std::string& ns,
                             std::chrono::system_clock::time_point now);

// Parses a ResourceList (`{"cpu":"1","pods":"10"}`); unparsable entries are
// left out.
QuotaUsage ParseResourceList(const nlohmann::json& list);
nlohmann::json FormatResourceList(const QuotaUsage& usage);

// How pod overhead enters PodResources: not at all (LimitRanger), into
// every request, or into the limits that are set (PodRequests/PodLimits).
enum class PodOverhead { kExclude, kAll, kWhereSet };
// Upstream's PodRequests / PodLimits over `spec` (which = "requests" or
// "limits"): the containers' sum; init containers run one at a time, each
// beside the restartable (sidecar) ones started before it, which keep
// running and add to the sum.
QuotaUsage PodResources(const nlohmann::json& spec, std::string_view which, PodOverhead overhead);
// A container's resources.requests or resources.limits (an empty object
// when absent).
const nlohmann::json& ContainerResources(const nlohmann::json& container, std::string_view which);

// upstream's prettyPrint: "cpu=1,pods=2" in name order.
std::string PrettyResourceList(const QuotaUsage& usage);

// The controller's pass: every quota whose status differs from what the
// caches show is rewritten.
absl::Status SyncResourceQuotas(Rest& rest);

// The pod resources whose quotas require every container to state them.
// Returns "" or upstream's "must specify ..." detail for `pod` under a
// quota limiting `hard`.
std::string MissingPodResources(const nlohmann::json& pod, const QuotaUsage& hard);

}  // namespace wisp::apiserver
