// File: src/apiserver/request_info.h (private to the apiserver)
//
// Parses a Kubernetes API request path and method into what the request is
// about, following upstream's RequestInfoFactory:
//
//   /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}
//   /apis/{group}/{version}/{resource}/{name}
//   /api/v1/watch/...               (legacy watch prefix)
//   /api/v1/namespaces/{ns}[/status|/finalize]   (the namespace object itself)
//
// Anything else (/healthz, /version, /openapi/v3, discovery roots) is a
// non-resource request. Pure and thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace wisp::apiserver {

struct RequestInfo {
  bool is_resource = false;
  std::string api_prefix;  // "api" or "apis"
  std::string group;
  std::string version;
  std::string namespace_;
  std::string resource;
  std::string name;
  std::string subresource;
  // get list watch create update patch delete deletecollection, or for a
  // non-resource request the lower-case HTTP method.
  std::string verb;
  std::string path;
};

RequestInfo ParseRequestInfo(std::string_view method, std::string_view path,
                             const std::multimap<std::string, std::string>& query);

}  // namespace wisp::apiserver
