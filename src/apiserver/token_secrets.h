// File: src/apiserver/token_secrets.h (private to the apiserver)
//
// Upstream's tokens controller, done in the API server's housekeeping until
// a controller-manager exists: a Secret of type
// kubernetes.io/service-account-token naming a service account in its
// `kubernetes.io/service-account.name` annotation gets a legacy
// (non-expiring) token, `ca.crt` and `namespace` in its data and the
// account's uid in `kubernetes.io/service-account.uid`. The token works
// while the Secret, holding exactly it, and the account exist.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "apiserver/rest.h"
#include "apiserver/service_account_tokens.h"

namespace wisp::apiserver {

// One pass over the Secrets in the watch cache; writes only what is missing.
absl::Status FillServiceAccountTokenSecrets(Rest& rest, const ServiceAccountTokens& tokens,
                                            const std::string& root_ca_pem);

}  // namespace wisp::apiserver
