// File: src/apiserver/namespace_finalizer.h (private to the apiserver)
//
// The namespace controller's job, done in the API server until a
// controller-manager exists: a Terminating namespace's content is deleted
// (Background propagation), its status conditions report what remains as
// upstream's namespace deleter does (NamespaceContentRemaining,
// NamespaceFinalizersRemaining, ...), and a namespace whose content is gone
// is deleted.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "apiserver/rest.h"

namespace wisp::apiserver {

// One pass over Terminating namespaces. Returns how many namespaces remain
// Terminating.
absl::StatusOr<int> FinalizeNamespaces(Rest& rest);

// What a pass found left in one namespace: objects per "<resource>.<group>"
// and objects per finalizer.
struct RemainingContent {
  std::map<std::string, int> resources;
  std::map<std::string, int> finalizers;
};

// `conditions` (a namespace's status.conditions) updated to upstream's five
// deletion conditions for `remaining`; a condition whose status, reason and
// message stay keeps its lastTransitionTime, others get `now`.
nlohmann::json DeletionConditions(const nlohmann::json& conditions,
                                  const RemainingContent& remaining, const std::string& now);

}  // namespace wisp::apiserver
