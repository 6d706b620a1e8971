// File: wisp/apimachinery/continue_token.h
//
// List pagination tokens in upstream's format
// (k8s.io/apiserver/pkg/storage/continue.go): base64url without padding of
// {"v":"meta.k8s.io/v1","rv":N,"start":"<key relative to the resource
// prefix>"}. Tokens are therefore interchangeable with a real API server's.
// Decoding rejects tokens whose start key would escape the resource prefix
// (path traversal), with upstream's "continue key is not valid: ..." texts.
// Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wisp::apimachinery {

struct ContinueToken {
  int64_t resource_version = 0;
  // Relative to the resource prefix, without a leading '/' (e.g.
  // "default/pod-b\x00" for the next key after default/pod-b).
  std::string start_key;
};

std::string EncodeContinue(int64_t resource_version, std::string_view start_key);
absl::StatusOr<ContinueToken> DecodeContinue(std::string_view token);

}  // namespace wisp::apimachinery
