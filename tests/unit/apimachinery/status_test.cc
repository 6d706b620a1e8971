#include "wisp/apimachinery/status.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace wisp::apimachinery {
namespace {

TEST(StatusTest, NotFoundCoreGroupMessageAndDetails) {
  ApiError e = NotFound("", "pods", "x");
  EXPECT_EQ(e.code, 404);
  EXPECT_EQ(e.reason, "NotFound");
  EXPECT_EQ(e.message, "pods \"x\" not found");
  EXPECT_EQ(e.details_kind, "pods");
  EXPECT_EQ(e.details_name, "x");
  EXPECT_EQ(e.details_group, "");
}

TEST(StatusTest, NotFoundOfAPathThatNamesNoResource) {
  ApiError e = NotFound("", "", "");
  EXPECT_EQ(e.code, 404);
  EXPECT_EQ(e.message, "the server could not find the requested resource");
  EXPECT_EQ(e.ToJson(),
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
            R"("message":"the server could not find the requested resource","reason":"NotFound",)"
            R"("code":404})");
}

TEST(StatusTest, NotFoundNamedGroupUsesGroupResource) {
  EXPECT_EQ(NotFound("apps", "deployments", "web").message, "deployments.apps \"web\" not found");
}

TEST(StatusTest, NameIsGoQuoted) {
  EXPECT_EQ(NotFound("", "pods", "a\"b\n").message, "pods \"a\\\"b\\n\" not found");
}

TEST(StatusTest, AlreadyExistsAndConflict) {
  ApiError a = AlreadyExists("", "configmaps", "c");
  EXPECT_EQ(a.code, 409);
  EXPECT_EQ(a.reason, "AlreadyExists");
  EXPECT_EQ(a.message, "configmaps \"c\" already exists");
  ApiError c = ConflictModified("apps", "deployments", "d");
  EXPECT_EQ(c.code, 409);
  EXPECT_EQ(c.reason, "Conflict");
  EXPECT_EQ(c.message,
            "Operation cannot be fulfilled on deployments.apps \"d\": the object has been "
            "modified; please apply your changes to the latest version and try again");
}

TEST(StatusTest, InvalidWithOneCausePrintsBare) {
  ApiError e = Invalid("", "Pod", "p", {Cause{"FieldValueRequired", "Required value", "spec.x"}});
  EXPECT_EQ(e.code, 422);
  EXPECT_EQ(e.reason, "Invalid");
  EXPECT_EQ(e.message, "Pod \"p\" is invalid: spec.x: Required value");
  EXPECT_EQ(e.details_kind, "Pod");
  ASSERT_EQ(e.causes.size(), 1u);
}

TEST(StatusTest, InvalidWithSeveralCausesPrintsBracketsAndDedups) {
  ApiError e = Invalid("apps", "Deployment", "d",
                       {Cause{"FieldValueRequired", "Required value", "a"},
                        Cause{"FieldValueInvalid", "Invalid value: 1: bad", "b"},
                        Cause{"FieldValueRequired", "Required value", "a"}});
  EXPECT_EQ(e.message,
            "Deployment.apps \"d\" is invalid: [a: Required value, b: Invalid value: 1: bad]");
  EXPECT_EQ(e.details_group, "apps");
  EXPECT_EQ(e.causes.size(), 3u);
}

TEST(StatusTest, InvalidWithoutCauses) {
  EXPECT_EQ(Invalid("", "Pod", "p", {}).message, "Pod \"p\" is invalid");
}

TEST(StatusTest, ForbiddenForms) {
  EXPECT_EQ(Forbidden("", "pods", "p", "no").message, "pods \"p\" is forbidden: no");
  EXPECT_EQ(Forbidden("", "pods", "", "no").message, "pods is forbidden: no");
  EXPECT_EQ(Forbidden("", "", "", "no").message, "forbidden: no");
  EXPECT_EQ(Forbidden("", "pods", "p", "no").code, 403);
}

TEST(StatusTest, SimpleErrors) {
  EXPECT_EQ(BadRequest("b").code, 400);
  EXPECT_EQ(Unauthorized().message, "Unauthorized");
  EXPECT_EQ(Unauthorized().code, 401);
  EXPECT_EQ(MethodNotAllowed("m").reason, "MethodNotAllowed");
  EXPECT_EQ(NotAcceptable("n").code, 406);
  EXPECT_EQ(Expired("too old resource version: 5 (9)").reason, "Expired");
  EXPECT_EQ(Expired("x").code, 410);
  EXPECT_EQ(Gone("x").reason, "Gone");
  EXPECT_EQ(RequestEntityTooLarge("limit is 3145728").message,
            "Request entity too large: limit is 3145728");
  EXPECT_EQ(InternalError("boom").message, "Internal error occurred: boom");
  EXPECT_EQ(InternalError("boom").causes.at(0).message, "boom");
  EXPECT_EQ(ServiceUnavailable("s").code, 503);
  EXPECT_EQ(Timeout("t").message, "Timeout: t");
  EXPECT_EQ(Timeout("t").code, 504);
}

TEST(StatusTest, UnsupportedMediaTypeListsAccepted) {
  ApiError e = UnsupportedMediaType("text/plain", {"application/json", "application/yaml"});
  EXPECT_EQ(e.code, 415);
  EXPECT_EQ(e.message,
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json, application/yaml");
}

TEST(StatusTest, TooManyRequestsCarriesRetryAfter) {
  ApiError e = TooManyRequests("slow down", 3);
  auto j = nlohmann::json::parse(e.ToJson());
  EXPECT_EQ(j["code"], 429);
  EXPECT_EQ(j["details"]["retryAfterSeconds"], 3);
}

TEST(StatusTest, NamespaceTerminatingWordingAndCause) {
  ApiError e = NamespaceTerminating("", "pods", "p", "ns1");
  EXPECT_EQ(e.code, 403);
  EXPECT_EQ(e.message,
            "pods \"p\" is forbidden: unable to create new content in namespace ns1 because it "
            "is being terminated");
  ASSERT_EQ(e.causes.size(), 1u);
  EXPECT_EQ(e.causes[0].reason, "NamespaceTerminating");
  EXPECT_EQ(e.causes[0].message, "namespace ns1 is being terminated");
  EXPECT_EQ(e.causes[0].field, "metadata.namespace");
}

TEST(StatusTest, ToJsonFieldOrderAndOmission) {
  EXPECT_EQ(NotFound("", "pods", "x").ToJson(),
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
            R"("message":"pods \"x\" not found","reason":"NotFound",)"
            R"("details":{"name":"x","kind":"pods"},"code":404})");
  EXPECT_EQ(BadRequest("b").ToJson(),
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
            R"("message":"b","reason":"BadRequest","code":400})");
}

TEST(StatusTest, ToJsonCauses) {
  auto j = nlohmann::json::parse(
      Invalid("", "Pod", "p", {Cause{"FieldValueRequired", "Required value", "spec"}}).ToJson());
  EXPECT_EQ(j["details"]["causes"][0]["reason"], "FieldValueRequired");
  EXPECT_EQ(j["details"]["causes"][0]["field"], "spec");
  EXPECT_EQ(j["details"]["kind"], "Pod");
}

// Every key ToJson emits must be a property of upstream's meta/v1 Status
// schema (swagger from /work/shared/reference).
TEST(StatusTest, ToJsonKeysExistInUpstreamSchema) {
  std::ifstream in(WISP_SOURCE_DIR "/../shared/reference/k8s-openapi/swagger-v1.32.json");
  if (!in) GTEST_SKIP() << "reference swagger not available";
  auto swagger = nlohmann::json::parse(in, nullptr, false);
  ASSERT_FALSE(swagger.is_discarded());
  const auto& defs = swagger["definitions"];
  const std::string meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  ApiError e = Invalid("apps", "Deployment", "d", {Cause{"FieldValueRequired", "m", "f"}});
  e.retry_after_seconds = 1;
  auto j = nlohmann::json::parse(e.ToJson());
  for (auto it = j.begin(); it != j.end(); ++it) {
    EXPECT_TRUE(defs[meta + "Status"]["properties"].contains(it.key())) << it.key();
  }
  for (auto it = j["details"].begin(); it != j["details"].end(); ++it) {
    EXPECT_TRUE(defs[meta + "StatusDetails"]["properties"].contains(it.key())) << it.key();
  }
  for (auto it = j["details"]["causes"][0].begin(); it != j["details"]["causes"][0].end(); ++it) {
    EXPECT_TRUE(defs[meta + "StatusCause"]["properties"].contains(it.key())) << it.key();
  }
}

}  // namespace
}  // namespace wisp::apimachinery
