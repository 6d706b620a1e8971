// File: src/strategies/pod_validation.h
//
// Upstream validation of pod specs and pod templates (the key parts of
// pkg/apis/core/validation ValidatePodSpec): containers, ports, volumes and
// mounts, policies. Field paths and messages as upstream. Stateless;
// thread-safe.
#pragma once

#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// Validates a (defaulted) PodSpec found at `path` (e.g. "spec").
void ValidatePodSpec(const Json& spec, std::string_view path, Causes& causes);
// ValidatePodTemplateSpec: validates a PodTemplateSpec at `path` (e.g.
// "spec.template"): its metadata as ValidatePodTemplateMetadata, the spec,
// security annotations matching their fields, no ephemeral containers.
void ValidatePodTemplate(const Json& pod_template, std::string_view path, Causes& causes);
// The metadata part of ValidatePodTemplateSpec (all StatefulSets check):
// labels, annotations and ValidatePodSecurityAnnotations. As upstream, the
// paths leave out "metadata": "<path>.labels", "<path>.annotations[...]".
void ValidatePodTemplateMetadata(const Json& pod_template, std::string_view path, Causes& causes);

// ValidatePodSpecificAnnotations, its seccomp and AppArmor parts: the
// values of seccomp.security.alpha.kubernetes.io/pod and
// container.seccomp.security.alpha.kubernetes.io/<c> are seccomp profiles;
// container.apparmor.security.beta.kubernetes.io/<c> names a container of
// `spec` and holds an AppArmor profile. `path` is the annotations' path
// (e.g. "metadata.annotations"). Causes in key order.
void ValidatePodSecurityAnnotations(const Json& annotations, const Json& spec,
                                    std::string_view path, Causes& causes);
// Create only (validateSeccompAnnotationsAndFields and
// validateAppArmorAnnotationsAndFieldsMatchOnCreate): a profile set both as
// a field and as an annotation must agree. `path` is the spec's ("spec").
void ValidateSecurityAnnotationsMatchFields(const Json& annotations, const Json& spec,
                                            std::string_view path, Causes& causes);
// The AppArmor part of ValidatePodSpecificAnnotationUpdates: those
// annotations may not be added, changed or removed after create.
void ValidateAppArmorAnnotationUpdates(const Json& annotations, const Json& old_annotations,
                                       Causes& causes);

}  // namespace wisp::strategies
