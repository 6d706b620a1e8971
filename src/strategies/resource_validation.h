// File: src/strategies/resource_validation.h
//
// Upstream validation of a container's ResourceRequirements (core
// ValidateResourceRequirements): resource names (standard for containers, or
// qualified extended resources), non-negative and, for extended resources,
// whole-number quantities, requests not above limits and equal to them for
// resources that cannot be overcommitted. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// Validates the ResourceRequirements `resources` found at `path` (e.g.
// "spec.containers[0].resources").
void ValidateResourceRequirements(const Json& resources, std::string_view path, Causes& causes);

// upstream validateContainerResourceName (`container`) or validateResourceName:
// a qualified name, standard when unprefixed.
void ValidateResourceName(const std::string& name, const std::string& path, bool container,
                          Causes& causes);

// Native resources other than hugepages may have requests below limits.
bool IsOvercommitAllowed(std::string_view name);

// A Quantity value (string or number) in milli-units, negative ones included;
// nullopt when it does not parse.
std::optional<int64_t> QuantityMilli(const Json& q);
// A Quantity value as upstream's Quantity.String() prints it.
std::string CanonicalQuantity(const Json& q);

}  // namespace wisp::strategies
