// File: src/strategies/volume_validation.h
//
// Upstream validation of a pod spec's volumes (core ValidateVolumes): unique
// DNS-1123 names, exactly one volume source, and the checks of the common
// sources (hostPath, gitRepo, secret, configMap, nfs, iscsi,
// persistentVolumeClaim, downwardAPI, projected, csi, ephemeral, emptyDir).
// Stateless; thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// Validates spec.volumes of the pod spec at `path`; returns the volume names.
std::set<std::string> ValidateVolumes(const Json& spec, std::string_view path, Causes& causes);

// The checks of a PersistentVolumeClaimSpec at `path` (access modes, a
// storage request, the volume mode) that claims and ephemeral volume claim
// templates share.
void ValidatePersistentVolumeClaimSpec(const Json& spec, std::string_view path, Causes& causes);

// upstream validateLocalDescendingPath (mount sub-paths, item paths): a
// relative path without "..".
void ValidateDescendingPath(const std::string& value, const std::string& path, Causes& causes);

}  // namespace wisp::strategies
