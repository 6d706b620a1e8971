// File: wisp/api/discovery.h
//
// Discovery and OpenAPI documents derived from a Registry. Every function
// returns JSON text so callers need not include nlohmann. Pure functions of
// their arguments: safe to call concurrently; callers may cache the results.
#pragma once

#include <string>
#include <string_view>

#include "wisp/api/registry.h"

namespace wisp::api {

// GET /api: APIVersions with versions ["v1"] and one
// serverAddressByClientCIDRs entry {"0.0.0.0/0", server_address}.
std::string ApiVersionsJson(const Registry& registry, std::string_view server_address);
// GET /apis: APIGroupList (every group but core).
std::string ApiGroupListJson(const Registry& registry);
// GET /api/v1 and /apis/<group>/<version>: APIResourceList including
// subresources ("pods/status"). Unknown group/version: a list with no resources.
std::string ApiResourceListJson(const Registry& registry, std::string_view group,
                                std::string_view version);
// APIGroupDiscoveryList (apidiscovery.k8s.io/v2) for /api (core=true) or
// /apis (core=false). Serve it with kAggregatedDiscoveryContentType.
std::string AggregatedDiscoveryJson(const Registry& registry, bool core);
inline constexpr std::string_view kAggregatedDiscoveryContentType =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

// GET /openapi/v3: {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=H"}, ...}}
std::string OpenApiV3RootJson(const Registry& registry);
// GET /openapi/v3/api/v1 or /openapi/v3/apis/<g>/<v>: an OpenAPI 3.0.0
// document with the paths, operations and every referenced schema. Unknown
// group/version: empty string.
std::string OpenApiV3DocumentJson(const Registry& registry, std::string_view group,
                                  std::string_view version);
// GET /openapi/v2: Swagger 2.0 with the definitions of every served kind
// and no paths, as JSON or as gnostic's openapi.v2.Document protobuf (what
// client-go requests, with kOpenApiV2ProtobufContentType).
std::string OpenApiV2Json(const Registry& registry);
std::string OpenApiV2Protobuf(const Registry& registry);
inline constexpr std::string_view kOpenApiV2ProtobufContentType =
    "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

// A stable hash (hex) of OpenApiV3DocumentJson for the same arguments.
std::string OpenApiV3Hash(const Registry& registry, std::string_view group,
                          std::string_view version);

}  // namespace wisp::api
