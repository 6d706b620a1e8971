// File: wisp/apimachinery/table.h
//
// Server-side printing: builds the meta.k8s.io/v1 Table that kubectl asks
// for (Accept: application/json;as=Table;v=v1;g=meta.k8s.io) with upstream's
// printer columns and cell values (pkg/printers/internalversion/printers.go),
// always in wide form as the API server does: columns with priority 1 are
// the ones kubectl shows only with -o wide.
//
// Known resources (group, plural): pods, deployments, replicasets,
// statefulsets, daemonsets, jobs, cronjobs, services, endpoints, nodes,
// namespaces, configmaps, secrets, events, serviceaccounts, leases,
// ingresses, persistentvolumeclaims, persistentvolumes,
// replicationcontrollers, horizontalpodautoscalers, endpointslices,
// priorityclasses, storageclasses, roles, clusterroles, rolebindings,
// clusterrolebindings. Anything else gets the default table (Name, Created
// At).
//
// The returned Table's metadata is empty: the caller sets
// metadata.resourceVersion / metadata.continue / remainingItemCount.
//
// Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace wisp::apimachinery {

struct TableOptions {
  // Row "object" content: "None" (omitted), "Metadata" (a
  // PartialObjectMetadata) or "Object" (the full object).
  std::string include_object = "Metadata";
  // "Now" for the age columns, in Unix seconds.
  int64_t now_unix_seconds = 0;
  // When set, the form of each object the printer reads (a resource served
  // in several versions is printed from one); rows still carry the object
  // as given.
  std::function<nlohmann::json(const nlohmann::json&)> printable;
};

nlohmann::json BuildTable(std::string_view group, std::string_view resource,
                          const std::vector<nlohmann::json>& objects, const TableOptions& options);

// True if BuildTable has specific columns for this resource.
bool HasTablePrinter(std::string_view group, std::string_view resource);

}  // namespace wisp::apimachinery
