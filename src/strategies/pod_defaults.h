// File: src/strategies/pod_defaults.h
//
// Upstream core/v1 defaulting of pod specs (SetDefaults_PodSpec, _Container,
// _Probe, _Volume, ...), shared by pods and every kind with a pod template.
// Stateless; thread-safe.
#pragma once

#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// Drops the fields of features upstream v1.32 has off (resizePolicy,
// hostUsers, pod-level resources, resourceClaims, ...); DefaultPodSpec does.
void DropDisabledPodFields(Json& spec);
// Defaults a PodSpec in place (containers, initContainers, volumes, probes).
void DefaultPodSpec(Json& spec);
// What Pods get and pod templates of workloads do not (SetDefaults_Pod and
// the Priority admission): enableServiceLinks, priority 0 and
// preemptionPolicy without a priorityClassName, and requests defaulted to
// limits for containers and init containers.
void DefaultPodOnly(Json& spec);
// The deprecated security annotations of pods and pod templates.
inline constexpr std::string_view kSeccompPodAnnotation =
    "seccomp.security.alpha.kubernetes.io/pod";
inline constexpr std::string_view kSeccompContainerPrefix =
    "container.seccomp.security.alpha.kubernetes.io/";
inline constexpr std::string_view kAppArmorContainerPrefix =
    "container.apparmor.security.beta.kubernetes.io/";
// The appArmorProfile an AppArmor annotation value means ({type,
// localhostProfile}), or null when the value is no valid profile.
Json AppArmorProfileForAnnotation(std::string_view annotation);
// Upstream's applyAppArmorVersionSkew (pod PrepareForCreate, not for
// Windows pods nor pod templates): a container with an AppArmor annotation
// and no appArmorProfile gets the field the annotation means (unless that
// is the pod's profile or not a valid one); a container without the
// annotation gets it from its own profile or else the pod's.
// Runs before Warnings, which therefore warns on the annotations themselves
// (pod_warnings.cc), not on fields missing.
void ApplyAppArmorVersionSkew(Json& pod);
// The defaults of volume sources a Volume and a PersistentVolumeSpec share
// (hostPath type, iscsi interface, rbd pool/user/keyring, azureDisk and
// scaleIO modes), on the object holding the source.
void DefaultVolumeSources(Json& holder);
// Defaults template.spec of a PodTemplateSpec in place.
void DefaultPodTemplate(Json& pod_template);
// imagePullPolicy upstream picks for an image: Always for ":latest" or no
// tag (digests count as a tag), IfNotPresent otherwise.
std::string_view DefaultPullPolicy(std::string_view image);

}  // namespace wisp::strategies
