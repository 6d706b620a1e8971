// File: src/strategies/security_context_validation.h
//
// Upstream validation of security settings (pkg/apis/core/validation): the
// pod's securityContext (ids, sysctls, fsGroupChangePolicy), a container's
// securityContext, their seccomp, AppArmor and Windows options, and the
// fields spec.os forbids for its operating system. Field paths, messages
// and order of causes as upstream v1.32. Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// validatePodSpecSecurityContext: spec.securityContext of the pod spec
// `spec` at `path` (with spec.hostNetwork/hostPID/hostIPC/
// shareProcessNamespace, which upstream keeps in the security context).
void ValidatePodSecurityContext(const Json& spec, std::string_view path, Causes& causes);

// ValidateSecurityContext: the securityContext of the container `c` at
// `path` (e.g. "spec.containers[0]").
void ValidateContainerSecurityContext(const Json& c, const std::string& path, Causes& causes);

// validateWindowsHostProcessPod: when the pod or any container sets
// securityContext.windowsOptions.hostProcess, container values agree with
// the pod's, every container (init and ephemeral ones too) is a hostProcess
// one, and spec.hostNetwork is true.
void ValidateWindowsHostProcessPod(const Json& spec, std::string_view path, Causes& causes);

// validateOS with validateLinux / validateWindows: spec.os.name is linux or
// windows, and a pod for one may not set the other's security fields.
void ValidatePodOs(const Json& spec, std::string_view path, Causes& causes);

}  // namespace wisp::strategies
