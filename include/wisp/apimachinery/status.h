// File: wisp/apimachinery/status.h
//
// ApiError is a failed API request in the shape of a meta/v1 Status, and the
// constructors below build the errors the Kubernetes API server returns, with
// upstream's HTTP codes, reasons and message wording
// (k8s.io/apimachinery/pkg/api/errors). `resource` arguments are plural
// resource names ("pods"); messages print the GroupResource as upstream does:
// "pods" for the core group, "deployments.apps" otherwise.
//
// Value types and pure functions: thread-compatible, no shared state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wisp::apimachinery {

// One entry of Status.details.causes. `reason` is a CauseType such as
// "FieldValueInvalid", "FieldValueRequired", "FieldValueNotSupported",
// "FieldValueDuplicate", "FieldValueForbidden", "FieldValueTooLong".
struct Cause {
  std::string reason;
  std::string message;
  std::string field;
};

// A failed request as a meta/v1 Status.
class ApiError {
 public:
  int code = 500;
  std::string reason;
  std::string message;
  std::string details_name, details_group, details_kind;
  std::vector<Cause> causes;
  int retry_after_seconds = 0;
  // metadata.continue: where a list whose snapshot expired may go on.
  std::string list_continue;

  // The Status JSON document; empty fields (and a details object with no
  // content) are omitted as upstream's omitempty does.
  std::string ToJson() const;
};

// "pods" for the core group, "deployments.apps" otherwise.
std::string GroupResourceString(std::string_view group, std::string_view resource);

// With no resource and no name (an unknown path): upstream's "the server
// could not find the requested resource".
ApiError NotFound(std::string_view group, std::string_view resource, std::string_view name);
ApiError AlreadyExists(std::string_view group, std::string_view resource, std::string_view name);
ApiError Conflict(std::string_view group, std::string_view resource, std::string_view name,
                  std::string_view detail);
ApiError ConflictModified(std::string_view group, std::string_view resource, std::string_view name);
// 422. `kind` is the Kind ("Pod"); details.kind = kind, details.group = group.
ApiError Invalid(std::string_view group, std::string_view kind, std::string_view name,
                 std::vector<Cause> causes);
ApiError BadRequest(std::string_view message);
ApiError Unauthorized(std::string_view message = "Unauthorized");
// 403: `pods "x" is forbidden: why`, `pods is forbidden: why` without a
// name, `forbidden: why` without a resource.
ApiError Forbidden(std::string_view group, std::string_view resource, std::string_view name,
                   std::string_view why);
ApiError MethodNotAllowed(std::string_view message);
ApiError NotAcceptable(std::string_view message);
// 415. Upstream's message lists the accepted types, not the rejected one.
ApiError UnsupportedMediaType(std::string_view content_type,
                              const std::vector<std::string>& accepted = {
                                  "application/json", "application/yaml",
                                  "application/vnd.kubernetes.protobuf"});
ApiError Expired(std::string_view message);
ApiError Gone(std::string_view message);
// 413 `Request entity too large: <message>`.
ApiError RequestEntityTooLarge(std::string_view message);
ApiError TooManyRequests(std::string_view message, int retry_after_seconds);
// 500 `Internal error occurred: <message>` with the message as a cause.
ApiError InternalError(std::string_view message);
ApiError ServiceUnavailable(std::string_view message);
// 504 `Timeout: <message>`.
ApiError Timeout(std::string_view message);
// 403 as upstream's NamespaceLifecycle admission, plus a NamespaceTerminating
// cause on metadata.namespace.
ApiError NamespaceTerminating(std::string_view group, std::string_view resource,
                              std::string_view name, std::string_view ns);

}  // namespace wisp::apimachinery
