// File: wisp/apimachinery/patch.h
//
// The three PATCH bodies the API server accepts:
//  - ApplyMergePatch: RFC 7386 JSON merge patch
//    (application/merge-patch+json).
//  - ApplyJsonPatch: RFC 6902 JSON patch (application/json-patch+json), all
//    six ops including "test"; atomic: `target` is unchanged on error.
//  - ApplyStrategicMergePatch: Kubernetes strategic merge patch
//    (application/strategic-merge-patch+json). Lists are merged or replaced
//    per field as `meta` says (the patchStrategy / patchMergeKey tags of the
//    Go types). Honours the directives $patch (replace / delete / merge, on
//    maps and on list elements), $retainKeys, $deleteFromPrimitiveList/<f>;
//    $setElementOrder/<f> is accepted and ignored (merged lists keep the
//    original order, new items appended).
//
// Errors are absl::InvalidArgumentError naming the op index / path.
// Pure functions: thread-safe.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace wisp::apimachinery {

absl::Status ApplyMergePatch(nlohmann::json& target, const nlohmann::json& patch);

absl::Status ApplyJsonPatch(nlohmann::json& target, const nlohmann::json& ops);

struct PatchMeta {
  // "merge", "replace", "retainKeys", "merge,retainKeys" or "" (= replace
  // for lists, merge for maps).
  std::string strategy;
  // For merged lists of objects: the key identifying an element ("name",
  // "containerPort", ...). Empty for lists of primitives.
  std::string merge_key;
};

// `path` is the list of field names from the object root to a field, e.g.
// {"spec", "containers"} or {"spec", "containers", "ports"}; list elements
// add no segment.
using PatchMetaFn = std::function<PatchMeta(const std::vector<std::string>& path)>;

// `meta` may be empty (then every list is replaced, like a merge patch for
// unknown types / CRDs).
absl::Status ApplyStrategicMergePatch(nlohmann::json& target, const nlohmann::json& patch,
                                      const PatchMetaFn& meta);

}  // namespace wisp::apimachinery
