// File: src/apiserver/rest_reviews.cc
//
// The self reviews every authenticated user may create (`kubectl auth whoami`,
// `kubectl auth can-i`, `can-i --list`). They are answered, never stored:
//
//   SelfSubjectReview        status.userInfo = the caller as authenticated
//   SelfSubjectAccessReview  status.allowed for one resource or non-resource
//                            request, as the API server would decide it
//   SelfSubjectRulesReview   the caller's rules
//
// Until RBAC exists the API server's policy is: system:masters may do
// anything; every other authenticated user may read (get, list, watch), GET
// non-resource URLs and create these reviews (authn.h MayWrite).
#include "apiserver/authn.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "wisp/api/type_check.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

bool IsReadVerb(const std::string& verb) {
  return verb == "get" || verb == "list" || verb == "watch";
}

bool ResourceAllowed(const UserInfo& user, const json& attrs) {
  if (MayWrite(user)) return true;
  std::string verb = StrField(attrs, "verb");
  if (IsReadVerb(verb)) return true;
  return verb == "create" && IsSelfReview(StrField(attrs, "group"), StrField(attrs, "resource"));
}

json UserInfoJson(const UserInfo& user) {
  json out = {{"username", user.name}};
  if (!user.uid.empty()) out["uid"] = user.uid;
  if (!user.groups.empty()) out["groups"] = user.groups;
  if (!user.extra.empty()) out["extra"] = user.extra;
  return out;
}

json ReadRules() {
  return json::array(
      {{{"verbs", {"get", "list", "watch"}}, {"apiGroups", {"*"}}, {"resources", {"*"}}},
       {{"verbs", {"create"}},
        {"apiGroups", {"authorization.k8s.io"}},
        {"resources", {"selfsubjectaccessreviews", "selfsubjectrulesreviews"}}},
       {{"verbs", {"create"}},
        {"apiGroups", {"authentication.k8s.io"}},
        {"resources", {"selfsubjectreviews"}}}});
}

}  // namespace

bool IsSelfReview(std::string_view group, std::string_view resource) {
  return (group == "authentication.k8s.io" && resource == "selfsubjectreviews") ||
         (group == "authorization.k8s.io" &&
          (resource == "selfsubjectaccessreviews" || resource == "selfsubjectrulesreviews"));
}

void Rest::Review(Call& call) {
  const api::ResourceInfo& info = *call.rc->info;
  am::ApiError error;
  auto body = DecodeBody(call.http, &error, &registry_);
  if (!body.ok()) return ReplyError(call, error);
  json review = *std::move(body);
  if (!review.is_object())
    return ReplyError(call, am::BadRequest("the body must be a JSON object"));
  if (!CheckTypes(call, review)) return;
  if (!CheckTypeMeta(review, info, "", &error)) return ReplyError(call, error);
  review["metadata"]["creationTimestamp"] = nullptr;
  const json spec = ObjField(review, "spec");

  if (info.kind == "SelfSubjectReview") {
    review["status"] = {{"userInfo", UserInfoJson(call.user)}};
    return Reply(call, 201, review);
  }
  if (info.kind == "SelfSubjectAccessReview") {
    const json* res = spec.contains("resourceAttributes") && spec["resourceAttributes"].is_object()
                          ? &spec["resourceAttributes"]
                          : nullptr;
    const json* nonres =
        spec.contains("nonResourceAttributes") && spec["nonResourceAttributes"].is_object()
            ? &spec["nonResourceAttributes"]
            : nullptr;
    if ((res == nullptr) == (nonres == nullptr)) {
      std::vector<am::Cause> causes;
      if (res == nullptr) {
        causes.push_back(am::FieldInvalid("spec.resourceAttributes", nullptr,
                                          "exactly one of nonResourceAttributes or "
                                          "resourceAttributes must be specified"));
      } else {
        causes.push_back(am::FieldInvalid("spec.nonResourceAttributes", *nonres,
                                          "cannot be specified in combination with "
                                          "resourceAttributes"));
      }
      return ReplyError(call, am::Invalid(info.group, info.kind, "", causes));
    }
    bool allowed = res != nullptr ? ResourceAllowed(call.user, *res)
                                  : MayWrite(call.user) || StrField(*nonres, "verb") == "get";
    // Like RBAC's, a denial carries no reason (kubectl prints a plain "no").
    review["status"] = {{"allowed", allowed}};
    return Reply(call, 201, review);
  }
  // SelfSubjectRulesReview
  if (StrField(spec, "namespace").empty()) {
    return ReplyError(call, am::BadRequest("no namespace on request"));
  }
  json status;
  if (MayWrite(call.user)) {
    status = {{"resourceRules",
               json::array({{{"verbs", {"*"}}, {"apiGroups", {"*"}}, {"resources", {"*"}}}})},
              {"nonResourceRules", json::array({{{"verbs", {"*"}}, {"nonResourceURLs", {"*"}}}})},
              {"incomplete", false}};
  } else {
    status = {{"resourceRules", ReadRules()},
              {"nonResourceRules", json::array({{{"verbs", {"get"}}, {"nonResourceURLs", {"*"}}}})},
              {"incomplete", false}};
  }
  review["status"] = status;
  Reply(call, 201, review);
}

}  // namespace wisp::apiserver
