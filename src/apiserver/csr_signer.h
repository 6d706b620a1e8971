// File: src/apiserver/csr_signer.h (private to the apiserver)
//
// The `kubernetes.io/kube-apiserver-client` signer, upstream's
// controller-manager job, done by the API server's housekeeping until a
// controller-manager exists: an approved CertificateSigningRequest for that
// signer gets a client certificate from the cluster CA in
// status.certificate (subject, O and SANs from the request; valid for
// spec.expirationSeconds, at most a year). A request whose usages are not
// client usages, or whose PEM does not parse, gets a Failed condition.
#pragma once

#include "absl/status/status.h"
#include "apiserver/rest.h"
#include "wisp/tls/ca.h"

namespace wisp::apiserver {

// One pass over the CSRs in the watch cache. Returns the first write error.
absl::Status SignApprovedCsrs(Rest& rest, const tls::CertificateAuthority& ca);

}  // namespace wisp::apiserver
