// meta/v1 Status errors with upstream's codes, reasons and wording
// (k8s.io/apimachinery/pkg/api/errors/errors.go).
#include "wisp/apimachinery/status.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "apimachinery/go_format.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery {

using base::StrCat;
using internal::GoQuote;

namespace {

ApiError Make(int code, std::string_view reason, std::string message) {
  ApiError e;
  e.code = code;
  e.reason = std::string(reason);
  e.message = std::move(message);
  return e;
}

ApiError WithDetails(ApiError e, std::string_view group, std::string_view kind,
                     std::string_view name) {
  e.details_group = std::string(group);
  e.details_kind = std::string(kind);
  e.details_name = std::string(name);
  return e;
}

}  // namespace

std::string ApiError::ToJson() const {
  nlohmann::ordered_json j;
  j["kind"] = "Status";
  j["apiVersion"] = "v1";
  j["metadata"] = nlohmann::ordered_json::object();
  if (!list_continue.empty()) j["metadata"]["continue"] = list_continue;
  j["status"] = "Failure";
  if (!message.empty()) j["message"] = message;
  if (!reason.empty()) j["reason"] = reason;
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
  if (!details_name.empty()) details["name"] = details_name;
  if (!details_group.empty()) details["group"] = details_group;
  if (!details_kind.empty()) details["kind"] = details_kind;
  if (!causes.empty()) {
    auto& arr = details["causes"] = nlohmann::ordered_json::array();
    for (const Cause& c : causes) {
      nlohmann::ordered_json cj = nlohmann::ordered_json::object();
      if (!c.reason.empty()) cj["reason"] = c.reason;
      if (!c.message.empty()) cj["message"] = c.message;
      if (!c.field.empty()) cj["field"] = c.field;
      arr.push_back(std::move(cj));
    }
  }
  if (retry_after_seconds != 0) details["retryAfterSeconds"] = retry_after_seconds;
  if (!details.empty()) j["details"] = std::move(details);
  if (code != 0) j["code"] = code;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string GroupResourceString(std::string_view group, std::string_view resource) {
  if (group.empty()) return std::string(resource);
  return StrCat(resource, ".", group);
}

ApiError NotFound(std::string_view group, std::string_view resource, std::string_view name) {
  if (resource.empty() && name.empty()) {  // a path that names no resource
    return Make(404, "NotFound", "the server could not find the requested resource");
  }
  return WithDetails(
      Make(404, "NotFound",
           StrCat(GroupResourceString(group, resource), " ", GoQuote(name), " not found")),
      group, resource, name);
}

ApiError AlreadyExists(std::string_view group, std::string_view resource, std::string_view name) {
  return WithDetails(
      Make(409, "AlreadyExists",
           StrCat(GroupResourceString(group, resource), " ", GoQuote(name), " already exists")),
      group, resource, name);
}

ApiError Conflict(std::string_view group, std::string_view resource, std::string_view name,
                  std::string_view detail) {
  return WithDetails(
      Make(409, "Conflict",
           StrCat("Operation cannot be fulfilled on ", GroupResourceString(group, resource), " ",
                  GoQuote(name), ": ", detail)),
      group, resource, name);
}

ApiError ConflictModified(std::string_view group, std::string_view resource,
                          std::string_view name) {
  return Conflict(group, resource, name,
                  "the object has been modified; please apply your changes to the latest "
                  "version and try again");
}

ApiError Invalid(std::string_view group, std::string_view kind, std::string_view name,
                 std::vector<Cause> causes) {
  // GroupKind.String() is "Kind" or "Kind.group".
  std::string qualified = group.empty() ? std::string(kind) : StrCat(kind, ".", group);
  std::string message = StrCat(qualified, " ", GoQuote(name), " is invalid");
  // errs.ToAggregate(): one error prints bare, several as "[a, b]";
  // duplicate messages are dropped.
  std::vector<std::string> msgs;
  for (const Cause& c : causes) {
    std::string m = c.field.empty() ? c.message : StrCat(c.field, ": ", c.message);
    bool seen = false;
    for (const auto& x : msgs) seen = seen || x == m;
    if (!seen) msgs.push_back(std::move(m));
  }
  if (msgs.size() == 1) {
    message += StrCat(": ", msgs[0]);
  } else if (!msgs.empty()) {
    message += ": [";
    for (size_t i = 0; i < msgs.size(); ++i) {
      if (i > 0) message += ", ";
      message += msgs[i];
    }
    message += "]";
  }
  ApiError e = WithDetails(Make(422, "Invalid", std::move(message)), group, kind, name);
  e.causes = std::move(causes);
  return e;
}

ApiError BadRequest(std::string_view message) {
  return Make(400, "BadRequest", std::string(message));
}

ApiError Unauthorized(std::string_view message) {
  return Make(401, "Unauthorized", message.empty() ? "not authorized" : std::string(message));
}

ApiError Forbidden(std::string_view group, std::string_view resource, std::string_view name,
                   std::string_view why) {
  std::string message;
  if (group.empty() && resource.empty()) {
    message = StrCat("forbidden: ", why);
  } else if (name.empty()) {
    message = StrCat(GroupResourceString(group, resource), " is forbidden: ", why);
  } else {
    message =
        StrCat(GroupResourceString(group, resource), " ", GoQuote(name), " is forbidden: ", why);
  }
  return WithDetails(Make(403, "Forbidden", std::move(message)), group, resource, name);
}

ApiError MethodNotAllowed(std::string_view message) {
  return Make(405, "MethodNotAllowed", std::string(message));
}

ApiError NotAcceptable(std::string_view message) {
  return Make(406, "NotAcceptable", std::string(message));
}

ApiError UnsupportedMediaType(std::string_view content_type,
                              const std::vector<std::string>& accepted) {
  (void)content_type;  // upstream names only the accepted types
  std::string list;
  for (size_t i = 0; i < accepted.size(); ++i) {
    if (i > 0) list += ", ";
    list += accepted[i];
  }
  return Make(415, "UnsupportedMediaType",
              StrCat("the body of the request was in an unknown format - accepted media types "
                     "include: ",
                     list));
}

ApiError Expired(std::string_view message) { return Make(410, "Expired", std::string(message)); }

ApiError Gone(std::string_view message) { return Make(410, "Gone", std::string(message)); }

ApiError RequestEntityTooLarge(std::string_view message) {
  return Make(413, "RequestEntityTooLarge", StrCat("Request entity too large: ", message));
}

ApiError TooManyRequests(std::string_view message, int retry_after_seconds) {
  ApiError e = Make(429, "TooManyRequests", std::string(message));
  e.retry_after_seconds = retry_after_seconds;
  return e;
}

ApiError InternalError(std::string_view message) {
  ApiError e = Make(500, "InternalError", StrCat("Internal error occurred: ", message));
  e.causes.push_back(Cause{"", std::string(message), ""});
  return e;
}

ApiError ServiceUnavailable(std::string_view message) {
  return Make(503, "ServiceUnavailable", std::string(message));
}

ApiError Timeout(std::string_view message) {
  return Make(504, "Timeout", StrCat("Timeout: ", message));
}

ApiError NamespaceTerminating(std::string_view group, std::string_view resource,
                              std::string_view name, std::string_view ns) {
  ApiError e = Forbidden(
      group, resource, name,
      StrCat("unable to create new content in namespace ", ns, " because it is being terminated"));
  e.causes.push_back(Cause{"NamespaceTerminating", StrCat("namespace ", ns, " is being terminated"),
                           "metadata.namespace"});
  return e;
}

}  // namespace wisp::apimachinery
