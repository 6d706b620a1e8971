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
// and the reviews other components ask about someone else (creating them is
// a write, so only system:masters may until RBAC exists):
//
//   TokenReview                   who a bearer token belongs to
//   SubjectAccessReview           status.allowed for spec.user/groups
//   LocalSubjectAccessReview      the same within the request's namespace
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

bool IsReview(std::string_view group, std::string_view resource) {
  return IsSelfReview(group, resource) ||
         (group == "authentication.k8s.io" && resource == "tokenreviews") ||
         (group == "authorization.k8s.io" &&
          (resource == "subjectaccessreviews" || resource == "localsubjectaccessreviews"));
}

void Rest::SetTokenAuthenticator(TokenAuthenticator authenticate) {
  token_authn_ = std::move(authenticate);
}

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
  if (info.kind == "TokenReview") return ReviewToken(call, review);
  UserInfo subject = call.user;
  if (info.kind == "SubjectAccessReview" || info.kind == "LocalSubjectAccessReview") {
    subject = UserInfo{StrField(spec, "user"), {}, StrField(spec, "uid"), {}};
    for (const json& g : ArrField(spec, "groups")) {
      if (g.is_string()) subject.groups.push_back(g.get<std::string>());
    }
    if (subject.name.empty() && subject.groups.empty()) {
      return ReplyError(call, am::Invalid(info.group, info.kind, "",
                                          {am::FieldInvalid("spec.user", "",
                                                            "at least one of user or group must "
                                                            "be specified")}));
    }
  }
  if (info.kind == "LocalSubjectAccessReview") {
    const std::string& ns = call.info.namespace_;
    review["metadata"]["namespace"] = ns;
    if (ObjField(spec, "nonResourceAttributes").is_object() &&
        !ObjField(spec, "nonResourceAttributes").empty()) {
      return ReplyError(
          call,
          am::Invalid(info.group, info.kind, "",
                      {am::FieldInvalid("spec.nonResourceAttributes", spec["nonResourceAttributes"],
                                        "disallowed on this kind of request")}));
    }
    json& attrs = review["spec"]["resourceAttributes"];
    if (attrs.is_object() && StrField(attrs, "namespace").empty()) attrs["namespace"] = ns;
    if (attrs.is_object() && StrField(attrs, "namespace") != ns) {
      return ReplyError(call, am::BadRequest(base::StrCat(
                                  "spec.resourceAttributes.namespace must match namespace: ", ns)));
    }
  }
  if (info.kind != "SelfSubjectRulesReview") {
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
    bool allowed = res != nullptr ? ResourceAllowed(subject, *res)
                                  : MayWrite(subject) || StrField(*nonres, "verb") == "get";
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

// TokenReview (upstream pkg/registry/authentication/tokenreview): the
// token is authenticated as on a request, for the audiences asked about.
void Rest::ReviewToken(Call& call, json& review) {
  const json& spec = ObjField(review, "spec");
  const std::string token = StrField(spec, "token");
  if (token.empty()) {
    return ReplyError(call, am::BadRequest("token is required for TokenReview in authentication"));
  }
  std::vector<std::string> audiences;
  for (const json& a : ArrField(spec, "audiences")) {
    if (a.is_string()) audiences.push_back(a.get<std::string>());
  }
  std::string error;
  std::optional<UserInfo> user =
      token_authn_ ? token_authn_(token, &audiences, &error) : std::nullopt;
  if (user) {
    review["status"] = {{"authenticated", true}, {"user", UserInfoJson(*user)}};
    if (!audiences.empty()) review["status"]["audiences"] = audiences;
  } else {
    review["status"] = {{"authenticated", false},
                        {"error", error.empty() ? "invalid bearer token" : error}};
  }
  Reply(call, 201, review);
}

}  // namespace wisp::apiserver
