// File: wisp/api/type_check.h
//
// The JSON type check upstream's typed decoding does before anything else
// sees an object: a string where the schema has an int32, an array where it
// has a map, a number for metadata.name. Such a body is a 400 upstream
// ("cannot be handled as a Deployment"), and the server's own code may rely
// on the types it checks. Pure function of its arguments; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "nlohmann/json.hpp"
#include "wisp/api/registry.h"

namespace wisp::api {

// The first value of `obj` (a decoded request body of `resource`'s kind)
// whose JSON type its schema does not accept, worded as Go's decoder does:
//   json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32
// (the innermost Go struct, then the whole path)
// nullopt when every known field has an acceptable type. null is accepted
// anywhere (it means "unset"); unknown fields are field validation's business;
// int-or-string, quantities and free-form values accept what upstream does.
std::optional<std::string> FindTypeMismatch(const Registry& registry, const ResourceInfo& resource,
                                            const nlohmann::json& obj);

// The same check for a body of the named definition (e.g.
// "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"), with `kind` as the
// Go type in messages.
std::optional<std::string> FindTypeMismatchOf(const Registry& registry,
                                              const std::string& definition,
                                              const std::string& kind, const nlohmann::json& obj);

}  // namespace wisp::api
