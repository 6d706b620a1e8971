// File: wisp/strategies/conversion.h
//
// Conversion between the served versions of one stored resource, the
// counterpart of upstream's pkg/apis/<group>/<version>/conversion.go.
//
// A resource served in more than one schema (core v1 and events.k8s.io/v1
// Events, autoscaling/v1 and v2 HorizontalPodAutoscalers) is stored in ONE
// of them, its storage version. The API server converts every object it
// writes to the storage version and every object it returns to the version
// the client asked for, so each client sees the whole object in its own
// schema whichever version wrote it. Fields one version cannot express
// travel in annotations, as upstream does, so a round trip through the
// older version loses nothing.
//
// Stateless; thread-safe. Never throws: malformed values are carried over
// as they are and left to validation.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "wisp/api/registry.h"

namespace wisp::strategies {

// The apiVersion objects of `resource` are stored in, or "" when the
// resource has a single schema (objects are stored as served).
std::string_view StorageVersion(const api::ResourceInfo& resource);

// Converts `obj` (an object of the kind, any of its versions, as named by
// its apiVersion) to `api_version`. An object already in `api_version`, or
// of a kind or version without a conversion, is left unchanged.
void ConvertObject(nlohmann::json& obj, std::string_view api_version);

// The storage version's name of the field selector label `label` of
// `resource` ("regarding.name" of events.k8s.io/v1 is "involvedObject.name").
std::string_view StorageFieldLabel(const api::ResourceInfo& resource, std::string_view label);

}  // namespace wisp::strategies
