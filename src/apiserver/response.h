// File: src/apiserver/response.h (private to the apiserver)
//
// Small helpers shared by the API server's handlers: answering with JSON or a
// Status error, reading the query, negotiating the response form (plain JSON,
// Table, PartialObjectMetadata) and decoding request bodies (JSON or YAML).
// Pure functions; thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "wisp/apimachinery/status.h"
#include "wisp/net/http.h"

namespace wisp::api {
class Registry;
}  // namespace wisp::api

namespace wisp::apiserver {

// What the client asked the response to look like (Accept header).
enum class ResponseForm { kObject, kTable, kPartialMetadata };

struct Negotiated {
  ResponseForm form = ResponseForm::kObject;
  bool ok = true;     // false: nothing acceptable (406)
  bool yaml = false;  // application/yaml preferred (objects, lists and errors)
};
Negotiated NegotiateAccept(const net::HttpRequest& request);

void RespondJson(net::Responder& responder, int status, std::string body,
                 std::string_view content_type = "application/json");
void RespondError(net::Responder& responder, const apimachinery::ApiError& error,
                  bool yaml = false);

// A JSON value as block YAML; strings a YAML 1.1 reader could take for
// anything else (numbers, booleans, null, "") are double-quoted.
std::string JsonToYaml(const nlohmann::json& value);
// The Status answer to a request the HTTPS server rejected on its own
// (net::HttpsServerOptions::reject_response): 413, 431 or 400.
net::HttpResponse RejectResponse(int status, std::string_view reason, size_t max_body_bytes);
// Maps an internal error (etcd unavailable, timeouts) to a Status response.
apimachinery::ApiError InternalToApiError(const absl::Status& status);

// The first value of a query parameter, or nullopt.
std::optional<std::string> Query(const net::HttpRequest& request, const std::string& key);
// A boolean query parameter as upstream converts one: absent is nullopt,
// "0" and "false" (any case) are false, anything else is true.
std::optional<bool> QueryBool(const net::HttpRequest& request, const std::string& key);
bool QueryTrue(const net::HttpRequest& request, const std::string& key);
// Parses an integer query parameter; errors name the parameter.
absl::StatusOr<std::optional<int64_t>> QueryInt(const net::HttpRequest& request,
                                                const std::string& key);

// Bodies may nest objects and arrays at most this deep: far more than any
// Kubernetes object needs, and shallow enough for the recursive steps after
// parsing (copies, walks, YAML output) on a handler thread's stack, also in
// the sanitizer build. Deeper bodies get a 400 before anything parses them.
inline constexpr int kMaxBodyNesting = 1000;

// True when the JSON (or YAML flow) text opens more than `limit` objects or
// arrays inside each other; brackets in double-quoted strings do not count.
bool NestsDeeperThan(std::string_view text, int limit);

// Decodes a request body as a JSON object (application/json, YAML for
// application/yaml, and -- when `registry` is given -- Kubernetes protobuf
// for application/vnd.kubernetes.protobuf). Errors are 400/415 ApiErrors
// with upstream wording.
absl::StatusOr<nlohmann::json> DecodeBody(const net::HttpRequest& request,
                                          apimachinery::ApiError* error,
                                          const api::Registry* registry = nullptr);

// The time now as RFC 3339 with second precision ("2026-11-28T13:00:00Z").
std::string NowRfc3339();
std::string Rfc3339(std::chrono::system_clock::time_point t);
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view s);
// A random RFC 4122 version 4 UUID.
std::string NewUid();
// generateName suffix: five characters from upstream's alphabet.
std::string RandomNameSuffix();

}  // namespace wisp::apiserver
