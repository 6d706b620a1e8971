// File: src/apiserver/bootstrap.h (private to the apiserver)
//
// What the API server itself keeps in the store: the system namespaces, the
// `default/kubernetes` Service with its Endpoints and EndpointSlice pointing
// at the API server, each namespace's default ServiceAccount and root CA
// ConfigMap. The namespace finalizer is namespace_finalizer.h.
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

// The service-account and root-CA publisher controllers' job, done here
// until the controller-manager exists: each namespace not being deleted gets
// a `default` ServiceAccount and a `kube-root-ca.crt` ConfigMap whose
// `ca.crt` is `root_ca_pem` (an edited copy is put back). Looks at the watch
// caches and writes only what is missing or differs.
absl::Status PublishNamespaceDefaults(Rest& rest, const std::string& root_ca_pem);

}  // namespace wisp::apiserver
