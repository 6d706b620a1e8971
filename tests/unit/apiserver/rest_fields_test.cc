// Unknown fields and object identity on writes: dropped as upstream's typed
// decoding drops them, reported by fieldValidation on creates, updates and
// patches; patches may not rename, move or retype an object.
#include <gtest/gtest.h>

#include "unit/apiserver/rest_fixture.h"

namespace wisp::apiserver {
namespace {

constexpr const char* kConfigMaps = "/api/v1/namespaces/ns/configmaps";
constexpr const char* kCm = R"({"metadata":{"name":"c"},"data":{"k":"v"}})";

TEST_F(RestTest, UnknownFieldsAreDroppedWhateverTheValidation) {
  for (const char* mode : {"Ignore", "Warn"}) {
    const std::string name = std::string("c-") + (mode[0] == 'I' ? "i" : "w");
    Result r =
        Call("POST", std::string(kConfigMaps) + "?fieldValidation=" + mode,
             R"({"metadata":{"name":")" + name + R"(","bogus":1},"data":{"k":"v"},"extra":2})");
    ASSERT_EQ(r.status, 201) << r.raw;
    EXPECT_FALSE(r.body.contains("extra")) << r.raw;
    EXPECT_FALSE(r.body["metadata"].contains("bogus")) << r.raw;
    EXPECT_FALSE(Call("GET", std::string(kConfigMaps) + "/" + name).body.contains("extra"));
    if (mode[0] == 'W') {
      EXPECT_NE(r.warnings.find("unknown field \\\"extra\\\""), std::string::npos) << r.warnings;
      EXPECT_NE(r.warnings.find("unknown field \\\"metadata.bogus\\\""), std::string::npos);
    } else {
      EXPECT_EQ(r.warnings, "");
    }
  }
  // YAML bodies are checked too.
  Result yaml = Call("POST", std::string(kConfigMaps) + "?fieldValidation=Strict",
                     "metadata:\n  name: y\ndata:\n  k: v\nextra: 1\n", "application/yaml");
  EXPECT_EQ(yaml.status, 400) << yaml.raw;
  EXPECT_EQ(yaml.body["message"],
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: "
            "unknown field \"extra\"");
}

TEST_F(RestTest, EmptyOptionalListsAndMapsAreNotKept) {
  Result made = Call("POST", kConfigMaps,
                     R"({"metadata":{"name":"e","labels":{"a":"b"},"annotations":null,
                         "finalizers":[]},"data":{}})");
  ASSERT_EQ(made.status, 201) << made.raw;
  EXPECT_FALSE(made.body.contains("data")) << made.raw;
  EXPECT_FALSE(made.body["metadata"].contains("annotations")) << made.raw;
  EXPECT_FALSE(made.body["metadata"].contains("finalizers")) << made.raw;
  // Removing the last label leaves no labels map (kubectl label e a-).
  Result unlabeled = Call("PATCH", std::string(kConfigMaps) + "/e",
                          R"({"metadata":{"labels":{"a":null}}})", "application/merge-patch+json");
  ASSERT_EQ(unlabeled.status, 200) << unlabeled.raw;
  EXPECT_FALSE(unlabeled.body["metadata"].contains("labels")) << unlabeled.raw;
}

TEST_F(RestTest, PatchesAreFieldValidatedOnTheirResult) {
  ASSERT_EQ(Call("POST", kConfigMaps, kCm).status, 201);
  const std::string target = std::string(kConfigMaps) + "/c";
  Result strict =
      Call("PATCH", target + "?fieldValidation=Strict", R"({"data":{"k":"w"},"bogus":{"x":1}})",
           "application/strategic-merge-patch+json");
  EXPECT_EQ(strict.status, 422) << strict.raw;
  EXPECT_EQ(strict.body["message"],
            " \"\" is invalid: patch: Invalid value: \"map[bogus:map[x:1] data:map[k:w]]\": strict "
            "decoding error: unknown field \"bogus\"");
  EXPECT_EQ(Call("GET", target).body["data"]["k"], "v");
  Result warned =
      Call("PATCH", target, R"({"data":{"k":"w"},"bogus":1})", "application/merge-patch+json");
  ASSERT_EQ(warned.status, 200) << warned.raw;
  EXPECT_NE(warned.warnings.find("unknown field \\\"bogus\\\""), std::string::npos);
  EXPECT_FALSE(Call("GET", target).body.contains("bogus"));
  EXPECT_EQ(Call("GET", target).body["data"]["k"], "w");
}

TEST_F(RestTest, PatchesMayNotChangeWhatTheObjectIs) {
  ASSERT_EQ(Call("POST", kConfigMaps, kCm).status, 201);
  const std::string target = std::string(kConfigMaps) + "/c";
  Result kind = Call("PATCH", target, R"({"kind":"Secret"})", "application/merge-patch+json");
  EXPECT_EQ(kind.status, 422) << kind.raw;
  EXPECT_NE(kind.raw.find("unable to decode /v1, Kind=Secret into *core.ConfigMap"),
            std::string::npos)
      << kind.raw;
  // A strategic patch decodes into the typed object, which stays a ConfigMap.
  Result typed =
      Call("PATCH", target, R"({"kind":"Secret"})", "application/strategic-merge-patch+json");
  EXPECT_EQ(typed.status, 200) << typed.raw;
  EXPECT_EQ(Call("GET", target).body["kind"], "ConfigMap");
  Result renamed =
      Call("PATCH", target, R"({"metadata":{"name":"other"}})", "application/merge-patch+json");
  EXPECT_EQ(renamed.status, 400) << renamed.raw;
  EXPECT_EQ(renamed.body["message"],
            "the name of the object (other) does not match the name on the URL (c)");
  Result moved = Call("PATCH", target, R"([{"op":"replace","path":"/metadata/namespace",
      "value":"elsewhere"}])",
                      "application/json-patch+json");
  EXPECT_EQ(moved.status, 400) << moved.raw;
  EXPECT_EQ(moved.body["message"],
            "the namespace of the object (elsewhere) does not match the namespace on the request "
            "(ns)");
  Result uid = Call("PATCH", target, R"({"metadata":{"uid":"not-the-uid"}})",
                    "application/merge-patch+json");
  EXPECT_EQ(uid.status, 422) << uid.raw;
  EXPECT_NE(uid.raw.find("metadata.uid: Invalid value: \\\"not-the-uid\\\": field is immutable"),
            std::string::npos)
      << uid.raw;
  Result media = Call("PATCH", target, "{}", "application/apply-patch+yaml");
  EXPECT_EQ(media.status, 415);
  EXPECT_EQ(media.body["message"],
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json, "
            "application/strategic-merge-patch+json");
}

TEST_F(RestTest, ABodyUidIsAPreconditionOfAnUpdate) {
  Result made = Call("POST", kConfigMaps, kCm);
  ASSERT_EQ(made.status, 201);
  json stale = made.body;
  stale["metadata"]["uid"] = "uid-of-an-earlier-object";
  stale["metadata"].erase("resourceVersion");
  Result put = Call("PUT", std::string(kConfigMaps) + "/c", stale.dump());
  EXPECT_EQ(put.status, 409) << put.raw;
  EXPECT_EQ(put.body["message"],
            "Operation cannot be fulfilled on configmaps \"c\": StorageError: invalid object, "
            "Code: 4, Key: /registry/configmaps/ns/c, ResourceVersion: 0, AdditionalErrorMsg: "
            "Precondition failed: UID in precondition: uid-of-an-earlier-object, UID in object "
            "meta: " +
                made.body["metadata"]["uid"].get<std::string>());
}

TEST_F(RestTest, ACreateCarryingAResourceVersionIsRefused) {
  constexpr const char* kWithRv = R"({"metadata":{"name":"rv","resourceVersion":"5"}})";
  Result made = Call("POST", kConfigMaps, kWithRv);
  EXPECT_EQ(made.status, 500) << made.raw;
  EXPECT_EQ(made.body["message"], "resourceVersion should not be set on objects to be created");
  EXPECT_FALSE(made.body.contains("reason"));
  EXPECT_EQ(Call("POST", std::string(kConfigMaps) + "?dryRun=All", kWithRv).status, 201);
  EXPECT_EQ(Call("GET", std::string(kConfigMaps) + "/rv").status, 404);
  // A version that does not parse, or 0, is no version: created.
  EXPECT_EQ(
      Call("POST", kConfigMaps, R"({"metadata":{"name":"rv0","resourceVersion":"0"}})").status,
      201);
}

// Kinds whose upstream strategy allows create on update: a PUT creates.
TEST_F(RestTest, APutCreatesAMissingEventButNotAMissingConfigMap) {
  Result cm = Call("PUT", std::string(kConfigMaps) + "/missing",
                   R"({"metadata":{"name":"missing"},"data":{"k":"v"}})");
  EXPECT_EQ(cm.status, 404) << cm.raw;
  Result ev = Call("PUT", "/api/v1/namespaces/ns/events/e1",
                   R"({"metadata":{"name":"e1"},"involvedObject":{"kind":"Pod","name":"p",
                       "namespace":"ns"},"reason":"R","message":"m","type":"Normal"})");
  EXPECT_EQ(ev.status, 201) << ev.raw;
  EXPECT_FALSE(ev.body["metadata"].value("uid", "").empty());
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/events/e1").status, 200);
}

// client-go's reflector relists on this cause (IsTooLargeResourceVersion).
TEST_F(RestTest, AListAheadOfTheStoreTimesOutWithTheTooLargeCause) {
  Result r = Call("GET", std::string(kConfigMaps) +
                             "?resourceVersion=999999&resourceVersionMatch=NotOlderThan");
  EXPECT_EQ(r.status, 504) << r.raw;
  EXPECT_EQ(r.body["reason"], "Timeout");
  EXPECT_EQ(r.body["details"]["retryAfterSeconds"], 1);
  EXPECT_EQ(r.body["details"]["causes"][0]["reason"], "ResourceVersionTooLarge");
  EXPECT_EQ(r.body["details"]["causes"][0]["message"], "Too large resource version");
}

TEST_F(RestTest, NameConflictsAndMissingNamesAsUpstream) {
  ASSERT_EQ(Call("POST", kConfigMaps, kCm).status, 201);
  Result gen = Call("POST", kConfigMaps, R"({"metadata":{"generateName":"c-","name":"c"}})");
  EXPECT_EQ(gen.status, 409) << gen.raw;
  EXPECT_EQ(gen.body["message"],
            "configmaps \"c\" already exists, the server was not able to generate a unique "
            "name for the object");
  EXPECT_EQ(gen.body["details"]["retryAfterSeconds"], 1);
  Result nameless = Call("PUT", std::string(kConfigMaps) + "/c", R"({"data":{"k":"w"}})");
  EXPECT_EQ(nameless.status, 400) << nameless.raw;
  EXPECT_EQ(nameless.body["message"],
            "the name of the object (c based on URL) was undeterminable: name must be provided");
}

TEST_F(RestTest, ClusterScopedKindsTakeTheNamespaceFieldSelector) {
  ASSERT_EQ(Call("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles",
                 R"({"metadata":{"name":"r"},"rules":[]})")
                .status,
            201);
  const std::string roles = "/apis/rbac.authorization.k8s.io/v1/clusterroles";
  Result none = Call("GET", roles + "?fieldSelector=metadata.namespace%3Dx");
  EXPECT_EQ(none.status, 200) << none.raw;
  EXPECT_TRUE(none.body["items"].empty());
  Result all = Call("GET", roles + "?fieldSelector=metadata.namespace%3D");
  EXPECT_EQ(all.status, 200) << all.raw;
  EXPECT_EQ(all.body["items"].size(), 1u);
  // Nodes have their own field labels, without metadata.namespace.
  EXPECT_EQ(Call("GET", "/api/v1/nodes?fieldSelector=metadata.namespace%3Dx").status, 400);
}

TEST_F(RestTest, WatchOptionsAreValidatedAsUpstream) {
  Result no_match = Call(
      "GET", std::string(kConfigMaps) + "?watch=1&sendInitialEvents=true&allowWatchBookmarks=true");
  EXPECT_EQ(no_match.status, 422) << no_match.raw;
  EXPECT_EQ(no_match.body["message"],
            "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
            "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
  Result exact = Call("GET", std::string(kConfigMaps) +
                                 "?watch=1&sendInitialEvents=true&resourceVersionMatch=Exact");
  EXPECT_EQ(exact.status, 422);
  EXPECT_EQ(exact.body["details"]["causes"].size(), 2u) << exact.raw;
  Result without = Call("GET", std::string(kConfigMaps) +
                                   "?watch=1&resourceVersionMatch=NotOlderThan&resourceVersion=10");
  EXPECT_EQ(without.status, 422);
  EXPECT_EQ(without.body["details"]["causes"][0]["message"],
            "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is "
            "provided");
  // A named watch path with a field selector for another name.
  Result other = Call("GET",
                      "/api/v1/watch/namespaces/ns/configmaps/c?fieldSelector="
                      "metadata.name%3Dother");
  EXPECT_EQ(other.status, 400) << other.raw;
  EXPECT_EQ(other.body["message"], "fieldSelector metadata.name doesn't match requested name");
  // ?watch on one object's path is a plain get.
  ASSERT_EQ(Call("POST", kConfigMaps, kCm).status, 201);
  Result one = Call("GET", std::string(kConfigMaps) + "/c?watch=1");
  EXPECT_EQ(one.status, 200) << one.raw;
  EXPECT_EQ(one.body["metadata"]["name"], "c");
}

TEST_F(RestTest, PagedAndSingleReadsAheadOfTheStoreTimeOut) {
  ASSERT_EQ(Call("POST", kConfigMaps, kCm).status, 201);
  Result paged =
      Call("GET", std::string(kConfigMaps) +
                      "?limit=1&resourceVersion=999999&resourceVersionMatch=NotOlderThan");
  EXPECT_EQ(paged.status, 504) << paged.raw;
  EXPECT_EQ(paged.body["details"]["causes"][0]["reason"], "ResourceVersionTooLarge");
  Result one = Call("GET", std::string(kConfigMaps) + "/c?resourceVersion=999999");
  EXPECT_EQ(one.status, 504) << one.raw;
  Result now = Call("GET", std::string(kConfigMaps) + "/c?resourceVersion=1");
  EXPECT_EQ(now.status, 200) << now.raw;
}

TEST_F(RestTest, DeletePreconditionsFailAsUpstreamsBeforeDelete) {
  Result made = Call("POST", kConfigMaps, kCm);
  ASSERT_EQ(made.status, 201);
  const std::string uid = made.body["metadata"]["uid"];
  const std::string rv = made.body["metadata"]["resourceVersion"];
  Result wrong_uid =
      Call("DELETE", std::string(kConfigMaps) + "/c", R"({"preconditions":{"uid":"wrong"}})");
  EXPECT_EQ(wrong_uid.status, 409) << wrong_uid.raw;
  EXPECT_EQ(wrong_uid.body["message"],
            "Operation cannot be fulfilled on ConfigMap \"c\": the UID in the precondition "
            "(wrong) does not match the UID in record (" +
                uid + "). The object might have been deleted and then recreated");
  EXPECT_EQ(wrong_uid.body["details"]["kind"], "ConfigMap");
  Result wrong_rv = Call("DELETE", std::string(kConfigMaps) + "/c",
                         R"({"preconditions":{"resourceVersion":"1"}})");
  EXPECT_EQ(wrong_rv.status, 409) << wrong_rv.raw;
  EXPECT_EQ(wrong_rv.body["message"],
            "Operation cannot be fulfilled on ConfigMap \"c\": the ResourceVersion in the "
            "precondition (1) does not match the ResourceVersion in record (" +
                rv + "). The object might have been modified");
}

TEST_F(RestTest, ObjectsStoredWithDroppedFieldsStillUpdate) {
  // A pod as an older server stored it: an empty list and an unknown field.
  Result made =
      Call("POST", "/api/v1/namespaces/ns/pods",
           R"({"metadata":{"name":"old"},"spec":{"containers":[{"name":"c","image":"i"}]}})");
  ASSERT_EQ(made.status, 201) << made.raw;
  const std::string key = "/registry/pods/ns/old";
  auto stored = etcd_.Range(key, "", 0, 0);
  ASSERT_TRUE(stored.ok() && stored->kvs.size() == 1);
  json old = json::parse(stored->kvs[0].value);
  old["spec"]["tolerations"] = json::array();
  old["spec"]["legacyField"] = true;
  ASSERT_TRUE(etcd_.CompareAndPut(key, old.dump(), stored->kvs[0].mod_revision).ok());
  // Labelling it is not a change to its (immutable) spec, and a strict patch
  // is not blamed for the field it did not bring.
  Result labeled = Call("PATCH", "/api/v1/namespaces/ns/pods/old?fieldValidation=Strict",
                        R"({"metadata":{"labels":{"a":"b"}}})", "application/merge-patch+json");
  EXPECT_EQ(labeled.status, 200) << labeled.raw;
  EXPECT_EQ(labeled.warnings, "");
  EXPECT_FALSE(labeled.body["spec"].contains("legacyField"));
}

}  // namespace
}  // namespace wisp::apiserver
