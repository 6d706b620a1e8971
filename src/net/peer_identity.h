// File: src/net/peer_identity.h (private)
//
// Reads the verified client certificate of a finished TLS handshake.
// Thread-compatible: touches only the given SSL object.
#pragma once

#include <openssl/ssl.h>

#include <optional>

#include "wisp/net/http.h"

namespace wisp::net {

// The subject CN and every O of the peer certificate, or nullopt when the
// peer sent none or it did not verify (SSL_get_verify_result != X509_V_OK).
std::optional<PeerIdentity> VerifiedPeerIdentity(SSL* ssl);

}  // namespace wisp::net
