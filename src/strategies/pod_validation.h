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
// Validates a PodTemplateSpec at `path` (e.g. "spec.template"): labels and
// the spec.
void ValidatePodTemplate(const Json& pod_template, std::string_view path, Causes& causes);

}  // namespace wisp::strategies
