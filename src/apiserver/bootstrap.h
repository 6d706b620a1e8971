// File: src/apiserver/bootstrap.h (private to the apiserver)
//
// What the API server itself keeps in the store: the system namespaces, the
// `default/kubernetes` Service with its Endpoints and EndpointSlice pointing
// at the API server, and the namespace finalizer that empties a Terminating
// namespace and then removes it (the namespace controller's job, done here
// until the controller-manager exists).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "apiserver/rest.h"
#include "apiserver/service_allocator.h"

namespace wisp::apiserver {

// Creates what is missing; existing objects are left as they are, except the
// kubernetes Endpoints, which are kept pointing at `address:port`.
absl::Status BootstrapCluster(Rest& rest, ServiceAllocator& services, const std::string& address,
                              int port);

// One pass over Terminating namespaces: deletes their content; a namespace
// whose content is gone is deleted. Returns how many namespaces remain
// Terminating.
absl::StatusOr<int> FinalizeNamespaces(Rest& rest);

}  // namespace wisp::apiserver
