// File: src/apiserver/volume_protection.h (private to the apiserver)
//
// Upstream's pvc-protection and pv-protection controllers, done in the API
// server's housekeeping until a controller-manager exists. Claims and
// volumes are created with the kubernetes.io/pvc-protection and
// kubernetes.io/pv-protection finalizers (their strategies); once deleted,
// a claim is released when no pod that may still run uses it, a volume when
// it is not Bound. The last finalizer gone, the object is removed.
#pragma once

#include "absl/status/status.h"
#include "apiserver/rest.h"

namespace wisp::apiserver {

// One pass over the claims and volumes being deleted (from the watch caches).
absl::Status ReleaseProtectedVolumes(Rest& rest);

}  // namespace wisp::apiserver
