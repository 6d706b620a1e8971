// Generic REST semantics over the in-memory etcd: the same code paths the
// HTTPS server drives, without sockets.
#include "apiserver/rest.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "apiserver/bootstrap.h"
#include "apiserver/csr_signer.h"
#include "apiserver/service_allocator.h"
#include "unit/apiserver/fake_etcd.h"
#include "unit/apiserver/rest_fixture.h"
#include "wisp/api/registry.h"
#include "wisp/base/strings.h"
#include "wisp/strategies/strategy.h"
#include "wisp/tls/csr.h"

namespace wisp::apiserver {
namespace {

constexpr char kCm[] = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c",
  "labels":{"app":"web"}},"data":{"k":"v"}})";

TEST_F(RestTest, CreateSetsServerFieldsAndGetReturnsTheObject) {
  Result created = Call("POST", "/api/v1/namespaces/ns/configmaps", kCm);
  ASSERT_EQ(created.status, 201) << created.raw;
  const json& meta = created.body["metadata"];
  EXPECT_EQ(meta["namespace"], "ns");
  EXPECT_EQ(meta["uid"].get<std::string>().size(), 36u);
  EXPECT_TRUE(meta.contains("creationTimestamp"));
  EXPECT_FALSE(meta["resourceVersion"].get<std::string>().empty());
  Result got = Call("GET", "/api/v1/namespaces/ns/configmaps/c");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, created.body);
  EXPECT_TRUE(etcd_.Range("/registry/configmaps/ns/c", "", 0, 0)->kvs.size() == 1);
}

// A consistent GET (no resourceVersion) answers with the state after any
// write etcd acknowledged before it, even one made behind this server's back;
// resourceVersion=0 may be served from the cache as it is.
TEST_F(RestTest, ConsistentGetSeesWritesMadeDirectlyInEtcd) {
  Result created = Call("POST", "/api/v1/namespaces/ns/configmaps", kCm);
  ASSERT_EQ(created.status, 201) << created.raw;
  json next = created.body;
  next["data"]["k"] = "changed";
  next["metadata"].erase("resourceVersion");
  int64_t rv = std::stoll(created.body["metadata"]["resourceVersion"].get<std::string>());
  auto put = etcd_.CompareAndPut("/registry/configmaps/ns/c", next.dump(), rv);
  ASSERT_TRUE(put.ok() && put->succeeded);
  for (const char* target : {"/api/v1/namespaces/ns/configmaps/c",
                             "/api/v1/namespaces/ns/configmaps/c?resourceVersion=0"}) {
    Result got = Call("GET", target);
    ASSERT_EQ(got.status, 200) << target;
    EXPECT_EQ(got.body["data"]["k"], "changed") << target;
    EXPECT_EQ(got.body["metadata"]["resourceVersion"], std::to_string(put->revision)) << target;
  }
  ASSERT_TRUE(etcd_.CompareAndDelete("/registry/configmaps/ns/c", put->revision).ok());
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/c").status, 404);
}

// Bodies nesting deeper than upstream's decoder allows are refused before
// anything recursive sees them; the deepest allowed one is handled.
TEST_F(RestTest, DeeplyNestedBodiesAreRefusedNotFatal) {
  auto body = [](int depth, const char* name) {
    return std::string(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")") + name +
           R"("},"binaryData":)" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
  };
  for (int depth : {kMaxBodyNesting + 1, 200000}) {
    Result r = Call("POST", "/api/v1/namespaces/ns/configmaps", body(depth, "deep"));
    EXPECT_EQ(r.status, 400) << depth;
    EXPECT_EQ(r.body["message"],
              base::StrCat("the request body nests objects and arrays more than ", kMaxBodyNesting,
                           " levels deep"));
    Result yaml =
        Call("POST", "/api/v1/namespaces/ns/configmaps",
             "metadata: {name: deep}\ndata: " + std::string(depth, '[') + std::string(depth, ']'),
             "application/yaml");
    EXPECT_EQ(yaml.status, 400) << depth;
    Result patch = Call("PATCH", "/api/v1/namespaces/ns/configmaps/c", body(depth, "c"),
                        "application/merge-patch+json");
    EXPECT_EQ(patch.status, 400) << depth;
  }
  // The deepest allowed body is answered (here: binaryData is no list, a 400
  // from the type check) without exhausting the stack.
  Result allowed = Call("POST", "/api/v1/namespaces/ns/configmaps", body(kMaxBodyNesting, "ok"));
  EXPECT_EQ(allowed.status, 400) << allowed.raw;
  EXPECT_NE(allowed.raw.find("cannot unmarshal array into Go struct field ConfigMap.binaryData"),
            std::string::npos)
      << allowed.raw;
  // Brackets inside strings are text, not nesting.
  json cm = json::parse(kCm);
  cm["data"]["k"] = std::string(20000, '[');
  EXPECT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", cm.dump()).status, 201);
}

// Values of the wrong JSON type are refused as upstream's typed decoding
// refuses them, before any handler code reads them (metadata.name as a number
// used to end the process); patches are checked on their result.
TEST_F(RestTest, WrongJsonTypesAreBadRequests) {
  struct Case {
    const char* path;
    const char* body;
    const char* message;
  } cases[] = {
      {"/api/v1/namespaces", R"({"metadata":{"name":7}})",
       "Namespace in version \"v1\" cannot be handled as a Namespace: json: cannot unmarshal "
       "number into Go struct field ObjectMeta.metadata.name of type string"},
      {"/api/v1/namespaces/ns/configmaps", R"({"metadata":{"name":"a"},"data":{"k":1}})",
       "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal "
       "number into Go struct field ConfigMap.data of type string"},
      {"/apis/apps/v1/namespaces/ns/deployments",
       R"({"metadata":{"name":"d"},"spec":{"replicas":"3"}})",
       "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal "
       "string into Go struct field DeploymentSpec.spec.replicas of type int32"},
      {"/api/v1/namespaces/ns/pods", R"({"metadata":{"name":"p"},"spec":{"containers":{}}})",
       "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal object into Go "
       "struct field PodSpec.spec.containers of type []v1.Container"},
  };
  for (const Case& c : cases) {
    Result r = Call("POST", c.path, c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(r.body["reason"], "BadRequest") << r.raw;
    EXPECT_EQ(r.body["message"], c.message) << r.raw;
  }
  // What upstream accepts: null anywhere, numbers or strings for quantities
  // and int-or-string ports.
  Result ok = Call("POST", "/api/v1/namespaces/ns/pods", R"({"metadata":{"name":"q",
    "creationTimestamp":null},"spec":{"containers":[{"name":"c","image":"i","resources":
    {"limits":{"cpu":1,"memory":"64Mi"}},"livenessProbe":{"httpGet":{"port":"http"}}}]}})");
  EXPECT_EQ(ok.status, 201) << ok.raw;
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", kCm).status, 201);
  Result patched = Call("PATCH", "/api/v1/namespaces/ns/configmaps/c", R"({"data":{"k":[1]}})",
                        "application/merge-patch+json");
  // A patch result that does not decode is upstream's 422 on `patch`.
  EXPECT_EQ(patched.status, 422) << patched.raw;
  EXPECT_EQ(patched.body["details"]["causes"][0]["field"], "patch") << patched.raw;
  EXPECT_NE(patched.raw.find("json: cannot unmarshal array into Go struct field ConfigMap.data of "
                             "type string"),
            std::string::npos)
      << patched.raw;
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/c").body["data"]["k"], "v");
  // DeleteOptions bodies too; the object stays.
  Result del = Call("DELETE", "/api/v1/namespaces/ns/configmaps/c",
                    R"({"gracePeriodSeconds":"0","preconditions":{"uid":5}})");
  EXPECT_EQ(del.status, 400) << del.raw;
  EXPECT_EQ(del.body["message"],
            "DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: json: cannot "
            "unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64");
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/c").status, 200);
}

// Accept: application/yaml gets YAML back (objects, lists, errors) whose
// strings read back as the same strings, however number- or bool-like.
TEST_F(RestTest, YamlResponsesRoundTrip) {
  json cm = json::parse(kCm);
  cm["data"] = {{"n", "123"},    {"b", "true"},   {"e", ""},     {"ml", "one\ntwo"},
                {"c", "a: b"},   {"y", "y"},      {"f", "1.5"},  {"neg", "-1"},
                {"sp", " lead"}, {"nul", "null"}, {"hash", "#x"}};
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", cm.dump()).status, 201);
  Result yaml = Call("GET", "/api/v1/namespaces/ns/configmaps/c", "", "", "application/yaml");
  ASSERT_EQ(yaml.status, 200);
  EXPECT_EQ(yaml.content_type, "application/yaml");
  EXPECT_TRUE(yaml.body.is_discarded()) << "not JSON: " << yaml.raw;
  EXPECT_NE(yaml.raw.find("kind: ConfigMap"), std::string::npos) << yaml.raw;
  // The YAML as an update body: every value survives as the same string.
  Result put = Call("PUT", "/api/v1/namespaces/ns/configmaps/c", yaml.raw, "application/yaml");
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["data"], cm["data"]);
  // JSON stays the default, and is chosen when listed first.
  Result list = Call("GET", "/api/v1/namespaces/ns/configmaps", "", "",
                     "application/yaml, application/json;q=0.9");
  EXPECT_EQ(list.content_type, "application/yaml");
  EXPECT_NE(list.raw.find("kind: ConfigMapList"), std::string::npos) << list.raw;
  Result json_first =
      Call("GET", "/api/v1/namespaces/ns/configmaps", "", "", "application/json, application/yaml");
  EXPECT_EQ(json_first.content_type, "application/json");
  Result missing = Call("GET", "/api/v1/namespaces/ns/configmaps/nope", "", "", "application/yaml");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.content_type, "application/yaml");
  EXPECT_NE(missing.raw.find("reason: NotFound"), std::string::npos) << missing.raw;
}

TEST_F(RestTest, DuplicateMissingAndNamespaceErrors) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", kCm).status, 201);
  Result dup = Call("POST", "/api/v1/namespaces/ns/configmaps", kCm);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.body["reason"], "AlreadyExists");
  EXPECT_EQ(dup.body["message"], "configmaps \"c\" already exists");
  Result missing = Call("GET", "/api/v1/namespaces/ns/configmaps/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["message"], "configmaps \"nope\" not found");
  Result no_ns = Call("POST", "/api/v1/namespaces/ghost/configmaps", kCm);
  EXPECT_EQ(no_ns.status, 404);
  EXPECT_EQ(no_ns.body["message"], "namespaces \"ghost\" not found");
  Result mismatch = Call("POST", "/api/v1/namespaces/ns/configmaps",
                         R"({"metadata":{"name":"x","namespace":"other"}})");
  EXPECT_EQ(mismatch.status, 400);
  Result garbage = Call("POST", "/api/v1/namespaces/ns/configmaps", "{not json");
  EXPECT_EQ(garbage.status, 400);
  Result invalid =
      Call("POST", "/api/v1/namespaces/ns/configmaps", R"({"metadata":{"name":"Bad_Name"}})");
  EXPECT_EQ(invalid.status, 422) << invalid.raw;
  EXPECT_EQ(invalid.body["reason"], "Invalid");
}

TEST_F(RestTest, SystemNamespacesCannotBeDeleted) {
  for (const char* name : {"default", "kube-system", "kube-public"}) {
    ASSERT_EQ(
        Call("POST", "/api/v1/namespaces", json({{"metadata", {{"name", name}}}}).dump()).status,
        201);
    Result refused = Call("DELETE", base::StrCat("/api/v1/namespaces/", name));
    EXPECT_EQ(refused.status, 403) << refused.raw;
    EXPECT_EQ(refused.body["reason"], "Forbidden");
    EXPECT_EQ(
        refused.body["message"],
        base::StrCat("namespaces \"", name, "\" is forbidden: this namespace may not be deleted"));
    Result still = Call("GET", base::StrCat("/api/v1/namespaces/", name));
    EXPECT_EQ(still.status, 200);
    EXPECT_FALSE(still.body["metadata"].contains("deletionTimestamp"));
  }
  // Other namespaces, kube-node-lease included, are deleted as usual.
  ASSERT_EQ(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"kube-node-lease"}})").status,
            201);
  EXPECT_EQ(Call("DELETE", "/api/v1/namespaces/kube-node-lease").status, 200);
  EXPECT_EQ(Call("DELETE", "/api/v1/namespaces/ns").status, 200);
}

TEST_F(RestTest, EachNamespaceGetsADefaultServiceAccountAndTheRootCa) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"going"}})").status, 201);
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/going/configmaps", kCm).status, 201);
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/going").status, 200);
  // A consistent read makes the watch caches catch up with every write so far.
  ASSERT_EQ(Call("GET", "/api/v1/namespaces/going").status, 200);
  ASSERT_TRUE(PublishNamespaceDefaults(*rest_, "PEM-1").ok());

  Result sa = Call("GET", "/api/v1/namespaces/ns/serviceaccounts/default");
  ASSERT_EQ(sa.status, 200) << sa.raw;
  EXPECT_FALSE(sa.body["metadata"].value("uid", "").empty());
  Result cm = Call("GET", "/api/v1/namespaces/ns/configmaps/kube-root-ca.crt");
  ASSERT_EQ(cm.status, 200) << cm.raw;
  EXPECT_EQ(cm.body["data"], json({{"ca.crt", "PEM-1"}}));
  // Nothing is added to a namespace being deleted.
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/going/serviceaccounts/default").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/going/configmaps/kube-root-ca.crt").status, 404);

  // A pass with nothing to do writes nothing; an edited or deleted copy comes back.
  std::string rv = cm.body["metadata"]["resourceVersion"];
  ASSERT_TRUE(PublishNamespaceDefaults(*rest_, "PEM-1").ok());
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/kube-root-ca.crt")
                .body["metadata"]["resourceVersion"],
            rv);
  json edited = cm.body;
  edited["data"]["ca.crt"] = "tampered";
  ASSERT_EQ(Call("PUT", "/api/v1/namespaces/ns/configmaps/kube-root-ca.crt", edited.dump()).status,
            200);
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/serviceaccounts/default").status, 200);
  ASSERT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/kube-root-ca.crt").status, 200);
  ASSERT_TRUE(PublishNamespaceDefaults(*rest_, "PEM-1").ok());
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/kube-root-ca.crt").body["data"]["ca.crt"],
            "PEM-1");
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/serviceaccounts/default").status, 200);
}

constexpr char kTwoContainerPod[] = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
    "spec":{"initContainers":[{"name":"init","image":"busybox"}],
            "containers":[{"name":"a","image":"busybox"},{"name":"b","image":"busybox"}]}})";

TEST_F(RestTest, OnlyTheVerbsDiscoveryListsAreServed) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", kTwoContainerPod).status, 201);
  struct Case {
    const char* method;
    const char* path;
    const char* what;
  };
  for (const Case& c :
       {Case{"GET", "/api/v1/namespaces/ns/bindings", "get bindings"},
        Case{"POST", "/api/v1/componentstatuses", "post componentstatuses"},
        Case{"PUT", "/api/v1/namespaces/ns/pods/p/log", "put pods log"},
        Case{"GET", "/api/v1/namespaces/ns/pods/p/binding", "get pods binding"},
        Case{"DELETE", "/api/v1/namespaces/ns/pods/p/status", "delete pods status"}}) {
    Result r = Call(c.method, c.path, c.method[0] == 'G' || c.method[0] == 'D' ? "" : "{}");
    EXPECT_EQ(r.status, 405) << c.method << " " << c.path << " " << r.raw;
    EXPECT_EQ(r.body["message"],
              base::StrCat("the server does not allow this method on the requested resource (",
                           c.what, ")"));
  }
  // Nothing was stored for the refused create.
  EXPECT_TRUE(etcd_.Range("/registry//", "/registry/0", 0, 0)->kvs.empty());
  // PUT and PATCH need an object's name.
  EXPECT_EQ(Call("PUT", "/api/v1/namespaces/ns/configmaps", "{}").status, 405);
  EXPECT_EQ(Call("PATCH", "/api/v1/namespaces/ns/configmaps", "{}", "text/plain").status, 405);
}

TEST_F(RestTest, BindingAssignsAPodToANodeOnce) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", kTwoContainerPod).status, 201);
  Result missing_target = Call("POST", "/api/v1/namespaces/ns/pods/p/binding",
                               R"({"metadata":{"name":"p"},"target":{"kind":"Pod"}})");
  EXPECT_EQ(missing_target.status, 422) << missing_target.raw;
  EXPECT_EQ(missing_target.body["details"]["causes"].size(), 2u);
  Result other_name = Call("POST", "/api/v1/namespaces/ns/pods/p/binding",
                           R"({"metadata":{"name":"q"},"target":{"name":"n1"}})");
  EXPECT_EQ(other_name.status, 400);
  EXPECT_EQ(other_name.body["message"], "name in URL does not match name in Binding object");

  Result bound = Call("POST", "/api/v1/namespaces/ns/pods/p/binding",
                      R"({"metadata":{"name":"p","annotations":{"why":"test"}},
                          "target":{"kind":"Node","name":"n1"}})");
  ASSERT_EQ(bound.status, 201) << bound.raw;
  EXPECT_EQ(bound.body["status"], "Success");
  json pod = Call("GET", "/api/v1/namespaces/ns/pods/p").body;
  EXPECT_EQ(pod["spec"]["nodeName"], "n1");
  EXPECT_EQ(pod["metadata"]["annotations"]["why"], "test");
  ASSERT_EQ(pod["status"]["conditions"].size(), 1u);
  EXPECT_EQ(pod["status"]["conditions"][0]["type"], "PodScheduled");
  EXPECT_EQ(pod["status"]["conditions"][0]["status"], "True");
  EXPECT_EQ(pod["status"]["phase"], "Pending");

  // The bindings resource does the same, and a bound pod stays where it is.
  Result again = Call("POST", "/api/v1/namespaces/ns/bindings",
                      R"({"metadata":{"name":"p"},"target":{"name":"n2"}})");
  EXPECT_EQ(again.status, 409) << again.raw;
  EXPECT_EQ(again.body["message"],
            "Operation cannot be fulfilled on pods/binding \"p\": pod p is already assigned to "
            "node \"n1\"");
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/pods/p").body["spec"]["nodeName"], "n1");
  EXPECT_EQ(Call("POST", "/api/v1/namespaces/ns/bindings",
                 R"({"metadata":{"name":"ghost"},"target":{"name":"n1"}})")
                .status,
            404);
}

TEST_F(RestTest, LogsAndExecCheckThePodAndItsContainers) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", kTwoContainerPod).status, 201);
  Result which = Call("GET", "/api/v1/namespaces/ns/pods/p/log");
  EXPECT_EQ(which.status, 400);
  EXPECT_EQ(which.body["message"],
            "a container name must be specified for pod p, choose one of: [init a b]");
  Result bad = Call("GET", "/api/v1/namespaces/ns/pods/p/log?container=zzz");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["message"], "container zzz is not valid for pod p");
  // A pod on no node has an empty log (not the pod object).
  Result empty = Call("GET", "/api/v1/namespaces/ns/pods/p/log?container=a");
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.raw, "");
  EXPECT_EQ(empty.content_type, "text/plain");
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/pods/nope/log").status, 404);
  Result exec = Call("POST", "/api/v1/namespaces/ns/pods/p/exec?container=b&command=ls");
  EXPECT_EQ(exec.status, 400);
  EXPECT_EQ(exec.body["message"], "pod p does not have a host assigned");

  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods/p/binding",
                 R"({"metadata":{"name":"p"},"target":{"name":"n1"}})")
                .status,
            201);
  for (const char* path : {"/api/v1/namespaces/ns/pods/p/log?container=a",
                           "/api/v1/namespaces/ns/pods/p/exec?container=a&command=ls"}) {
    Result r = Call("GET", path);
    EXPECT_EQ(r.status, 503) << path << " " << r.raw;
    EXPECT_EQ(r.body["reason"], "ServiceUnavailable");
  }
}

TEST_F(RestTest, SelfReviewsAnswerForTheCallerAndStoreNothing) {
  Result who = Call("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                    R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})");
  ASSERT_EQ(who.status, 201) << who.raw;
  EXPECT_EQ(
      who.body["status"]["userInfo"],
      json::parse(R"({"username":"admin","groups":["system:masters","system:authenticated"]})"));
  auto can = [&](const std::string& spec) {
    Result r = Call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                    R"({"kind":"SelfSubjectAccessReview","spec":)" + spec + "}");
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body["status"]["allowed"] == true;
  };
  const std::string create_pods =
      R"({"resourceAttributes":{"namespace":"ns","verb":"create","resource":"pods"}})";
  const std::string list_pods = R"({"resourceAttributes":{"verb":"list","resource":"pods"}})";
  const std::string get_healthz = R"({"nonResourceAttributes":{"path":"/healthz","verb":"get"}})";
  EXPECT_TRUE(can(create_pods));
  EXPECT_TRUE(can(list_pods));
  Result rules = Call("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
                      R"({"spec":{"namespace":"ns"}})");
  ASSERT_EQ(rules.status, 201) << rules.raw;
  EXPECT_EQ(rules.body["status"]["resourceRules"][0]["verbs"], json({"*"}));

  // Another user may read and review itself, not write.
  user_ = UserInfo{"bob", {"devs", "system:authenticated"}};
  who = Call("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}");
  EXPECT_EQ(who.body["status"]["userInfo"]["username"], "bob");
  EXPECT_FALSE(can(create_pods));
  EXPECT_TRUE(can(list_pods));
  EXPECT_TRUE(can(get_healthz));
  EXPECT_FALSE(can(R"({"nonResourceAttributes":{"path":"/healthz","verb":"post"}})"));
  EXPECT_TRUE(can(R"({"resourceAttributes":{"verb":"create","group":"authorization.k8s.io",
                                              "resource":"selfsubjectaccessreviews"}})"));
  rules = Call("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
               R"({"spec":{"namespace":"ns"}})");
  EXPECT_EQ(rules.body["status"]["resourceRules"][0]["verbs"], json({"get", "list", "watch"}));

  // A review names exactly one kind of request; the rules review a namespace.
  Result neither =
      Call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", R"({"spec":{}})");
  EXPECT_EQ(neither.status, 422) << neither.raw;
  Result no_ns =
      Call("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", R"({"spec":{}})");
  EXPECT_EQ(no_ns.status, 400);
  EXPECT_EQ(no_ns.body["message"], "no namespace on request");
  EXPECT_EQ(Call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                 R"({"kind":"Pod","spec":{}})")
                .status,
            400);
  EXPECT_EQ(Call("GET", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews").status, 405);
  EXPECT_TRUE(etcd_.Range("/registry//", "/registry/0", 0, 0)->kvs.empty());
}

TEST_F(RestTest, ComponentStatusesReportTheDatastore) {
  Result list = Call("GET", "/api/v1/componentstatuses");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(list.body["kind"], "ComponentStatusList");
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_EQ(list.body["items"][0]["metadata"]["name"], "etcd-0");
  EXPECT_EQ(list.body["items"][0]["conditions"][0],
            json::parse(R"({"type":"Healthy","status":"True","message":"ok"})"));
  Result one = Call("GET", "/api/v1/componentstatuses/etcd-0");
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(one.body["kind"], "ComponentStatus");
  EXPECT_EQ(Call("GET", "/api/v1/componentstatuses/scheduler").status, 404);
  Result table = Call("GET", "/api/v1/componentstatuses", "", "",
                      "application/json;as=Table;v=v1;g=meta.k8s.io");
  ASSERT_EQ(table.status, 200) << table.raw;
  EXPECT_EQ(table.body["rows"][0]["cells"], json({"etcd-0", "Healthy", "ok", ""}));
  EXPECT_EQ(table.body["columnDefinitions"][3]["name"], "Error");
}

TEST_F(RestTest, EvictionHonoursDisruptionBudgets) {
  // A running pod on a node, labelled app=web.
  auto running_pod = [&](const std::string& name) {
    json pod = json::parse(kTwoContainerPod);
    pod["metadata"]["name"] = name;
    pod["metadata"]["labels"] = {{"app", "web"}};
    ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", pod.dump()).status, 201);
    ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods/" + name + "/binding",
                   json({{"metadata", {{"name", name}}}, {"target", {{"name", "n1"}}}}).dump())
                  .status,
              201);
    json st = Call("GET", "/api/v1/namespaces/ns/pods/" + name).body;
    st["status"]["phase"] = "Running";
    st["status"]["conditions"].push_back({{"type", "Ready"}, {"status", "True"}});
    ASSERT_EQ(Call("PUT", "/api/v1/namespaces/ns/pods/" + name + "/status", st.dump()).status, 200);
  };
  auto evict = [&](const std::string& name, const std::string& extra = "") {
    return Call("POST", "/api/v1/namespaces/ns/pods/" + name + "/eviction",
                R"({"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":")" + name +
                    "\"}" + extra + "}");
  };
  running_pod("a");
  running_pod("b");
  EXPECT_EQ(evict("a").status, 201);
  json gone = Call("GET", "/api/v1/namespaces/ns/pods/a").body;  // graceful: still there
  EXPECT_TRUE(gone["metadata"].contains("deletionTimestamp")) << gone.dump();
  EXPECT_EQ(gone["status"]["conditions"].back()["type"], "DisruptionTarget");
  EXPECT_EQ(Call("POST", "/api/v1/namespaces/ns/pods/b/eviction", R"({"metadata":{"name":"a"}})")
                .body["message"],
            "name in URL does not match name in Eviction object");
  EXPECT_EQ(evict("ghost").status, 404);

  // A budget the disruption controller has not processed refuses.
  ASSERT_EQ(Call("POST", "/apis/policy/v1/namespaces/ns/poddisruptionbudgets",
                 R"({"metadata":{"name":"pdb"},"spec":{"minAvailable":1,
                     "selector":{"matchLabels":{"app":"web"}}}})")
                .status,
            201);
  Result refused = evict("b");
  EXPECT_EQ(refused.status, 429) << refused.raw;
  EXPECT_EQ(refused.body["reason"], "TooManyRequests");
  EXPECT_EQ(refused.body["message"],
            "Cannot evict pod as it would violate the pod's disruption budget.");
  EXPECT_EQ(refused.body["details"]["causes"][0]["reason"], "DisruptionBudget");
  // Processed, with no disruption allowed: refused, naming the numbers.
  json pdb = Call("GET", "/apis/policy/v1/namespaces/ns/poddisruptionbudgets/pdb").body;
  pdb["status"] = {{"observedGeneration", 1},
                   {"disruptionsAllowed", 0},
                   {"currentHealthy", 1},
                   {"desiredHealthy", 1},
                   {"expectedPods", 1}};
  ASSERT_EQ(Call("PUT", "/apis/policy/v1/namespaces/ns/poddisruptionbudgets/pdb/status", pdb.dump())
                .status,
            200);
  refused = evict("b");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.body["details"]["causes"][0]["message"],
            "The disruption budget pdb needs 1 healthy pods and has 1 currently");
  // One disruption allowed: the eviction takes it.
  pdb = Call("GET", "/apis/policy/v1/namespaces/ns/poddisruptionbudgets/pdb").body;
  pdb["status"]["disruptionsAllowed"] = 1;
  pdb["status"]["currentHealthy"] = 2;
  ASSERT_EQ(Call("PUT", "/apis/policy/v1/namespaces/ns/poddisruptionbudgets/pdb/status", pdb.dump())
                .status,
            200);
  EXPECT_EQ(evict("b", R"(,"deleteOptions":{"dryRun":["All"]})").status, 201);
  EXPECT_EQ(Call("GET", "/apis/policy/v1/namespaces/ns/poddisruptionbudgets/pdb")
                .body["status"]["disruptionsAllowed"],
            1);
  EXPECT_EQ(evict("b", R"(,"deleteOptions":{"gracePeriodSeconds":0})").status, 201);
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/pods/b").status, 404);
  json after = Call("GET", "/apis/policy/v1/namespaces/ns/poddisruptionbudgets/pdb").body;
  EXPECT_EQ(after["status"]["disruptionsAllowed"], 0);
  EXPECT_TRUE(after["status"]["disruptedPods"].contains("b"));
}

TEST_F(RestTest, DryRunInTheDeleteBodyDeletesNothing) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", kCm).status, 201);
  EXPECT_EQ(Call("DELETE", "/api/v1/namespaces/ns/configmaps/c", R"({"dryRun":["All"]})").status,
            200);
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/c").status, 200);
}

TEST_F(RestTest, ServicesSelectByClusterIpAndType) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/services",
                 R"({"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}})")
                .status,
            201);
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/services",
                 R"({"metadata":{"name":"headless"},"spec":{"clusterIP":"None",
                     "ports":[{"port":80}]}})")
                .status,
            201);
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/services",
                 R"({"metadata":{"name":"np"},"spec":{"type":"NodePort","ports":[{"port":80}]}})")
                .status,
            201);
  auto names = [&](const std::string& selector) {
    Result r = Call("GET", "/api/v1/namespaces/ns/services?fieldSelector=" + selector);
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<std::string> out;
    for (const json& item : r.body["items"]) out.push_back(item["metadata"]["name"]);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names("spec.clusterIP!=None"), (std::vector<std::string>{"np", "web"}));
  EXPECT_EQ(names("spec.type=NodePort"), (std::vector<std::string>{"np"}));
  EXPECT_EQ(names("spec.type=ClusterIP,spec.clusterIP=None"),
            (std::vector<std::string>{"headless"}));
}

TEST_F(RestTest, CsrApprovalChangesOnlyConditionsAndRecordsTheRequestor) {
  // Any base64 will do for the request here; validation of the PEM is not in play.
  Result created = Call("POST", "/apis/certificates.k8s.io/v1/certificatesigningrequests",
                        R"({"metadata":{"name":"alice"},"spec":{"request":"UkVR",
                            "signerName":"kubernetes.io/kube-apiserver-client",
                            "usages":["client auth"],"username":"mallory"}})");
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body["spec"]["username"], "admin");
  EXPECT_EQ(created.body["spec"]["groups"], json({"system:masters", "system:authenticated"}));

  json approve = created.body;
  approve["status"]["conditions"] = json::parse(
      R"([{"type":"Approved","status":"True","reason":"KubectlApprove","message":"ok"}])");
  approve["spec"]["usages"] = {"server auth"};  // ignored: approval changes conditions only
  Result approved =
      Call("PUT", "/apis/certificates.k8s.io/v1/certificatesigningrequests/alice/approval",
           approve.dump());
  ASSERT_EQ(approved.status, 200) << approved.raw;
  json stored = Call("GET", "/apis/certificates.k8s.io/v1/certificatesigningrequests/alice").body;
  ASSERT_EQ(stored["status"]["conditions"].size(), 1u);
  EXPECT_EQ(stored["status"]["conditions"][0]["type"], "Approved");
  EXPECT_FALSE(stored["status"]["conditions"][0].value("lastUpdateTime", "").empty());
  EXPECT_EQ(stored["spec"]["usages"], json({"client auth"}));

  json both = stored;
  both["status"]["conditions"].push_back({{"type", "Denied"}, {"status", "True"}});
  Result refused = Call(
      "PUT", "/apis/certificates.k8s.io/v1/certificatesigningrequests/alice/approval", both.dump());
  EXPECT_EQ(refused.status, 422) << refused.raw;
  json removed = stored;
  removed["status"]["conditions"] = json::array();
  EXPECT_EQ(Call("PUT", "/apis/certificates.k8s.io/v1/certificatesigningrequests/alice/approval",
                 removed.dump())
                .status,
            422);
}

// CertificateSubjectRestriction: the masters group is not for sale.
TEST_F(RestTest, ClientCsrsForSystemMastersAreRefused) {
  auto key = tls::GenerateKeyPair();
  ASSERT_TRUE(key.ok());
  tls::CertRequest want;
  want.common_name = "mallory";
  want.organizations = {"system:masters"};
  want.usages.client_auth = true;
  auto pem = tls::CreateCsr(want, key->private_pem);
  ASSERT_TRUE(pem.ok());
  json csr = {{"metadata", {{"name", "root"}}},
              {"spec",
               {{"request", absl::Base64Escape(*pem)},
                {"signerName", "kubernetes.io/kube-apiserver-client"},
                {"usages", {"client auth"}}}}};
  Result r = Call("POST", "/apis/certificates.k8s.io/v1/certificatesigningrequests", csr.dump());
  EXPECT_EQ(r.status, 403) << r.raw;
  EXPECT_EQ(r.body["message"],
            "certificatesigningrequests.certificates.k8s.io \"root\" is forbidden: use of "
            "kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed");
}

TEST_F(RestTest, ApprovedClientCsrsAreSignedAndBadOnesFail) {
  auto ca = tls::CertificateAuthority::Create("test-ca");
  ASSERT_TRUE(ca.ok());
  auto key = tls::GenerateKeyPair();
  ASSERT_TRUE(key.ok());
  tls::CertRequest want;
  want.common_name = "alice";
  want.organizations = {"devs"};
  want.usages.client_auth = true;
  auto pem = tls::CreateCsr(want, key->private_pem);
  ASSERT_TRUE(pem.ok());
  auto submit = [&](const std::string& name, const std::string& usages) {
    json csr = {{"metadata", {{"name", name}}},
                {"spec",
                 {{"request", absl::Base64Escape(*pem)},
                  {"signerName", "kubernetes.io/kube-apiserver-client"},
                  {"usages", json::parse(usages)}}}};
    Result created =
        Call("POST", "/apis/certificates.k8s.io/v1/certificatesigningrequests", csr.dump());
    ASSERT_EQ(created.status, 201) << created.raw;
    json approve = created.body;
    approve["status"]["conditions"] = {{{"type", "Approved"}, {"status", "True"}}};
    ASSERT_EQ(
        Call("PUT", "/apis/certificates.k8s.io/v1/certificatesigningrequests/" + name + "/approval",
             approve.dump())
            .status,
        200);
  };
  submit("good", R"(["client auth","digital signature"])");
  submit("server", R"(["server auth"])");
  ASSERT_EQ(Call("GET", "/apis/certificates.k8s.io/v1/certificatesigningrequests").status, 200);
  ASSERT_TRUE(SignApprovedCsrs(*rest_, *ca).ok());

  json good = Call("GET", "/apis/certificates.k8s.io/v1/certificatesigningrequests/good").body;
  std::string cert;
  ASSERT_TRUE(absl::Base64Unescape(good["status"].value("certificate", ""), &cert));
  auto info = tls::InspectCertificate(cert);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->common_name, "alice");
  EXPECT_EQ(info->organizations, std::vector<std::string>{"devs"});
  EXPECT_EQ(info->issuer_common_name, "test-ca");
  EXPECT_TRUE(info->usages.client_auth);
  EXPECT_FALSE(info->usages.server_auth);
  json server = Call("GET", "/apis/certificates.k8s.io/v1/certificatesigningrequests/server").body;
  EXPECT_FALSE(server["status"].contains("certificate"));
  ASSERT_EQ(server["status"]["conditions"].size(), 2u);
  EXPECT_EQ(server["status"]["conditions"][1]["type"], "Failed");
  EXPECT_EQ(server["status"]["conditions"][1]["reason"], "SignerValidationFailure");
}

TEST_F(RestTest, NullsWhereObjectsOrStringsBelongAreReadAsAbsent) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", kTwoContainerPod).status, 201);
  // Each answered as upstream answers a body without the field, never as a
  // handler failure ("the request could not be handled").
  auto expect = [&](const std::string& target, const std::string& body, int status) {
    Result r = Call("POST", target, body);
    EXPECT_EQ(r.status, status) << target << " " << body << " " << r.raw;
    EXPECT_EQ(r.raw.find("could not be handled"), std::string::npos) << r.raw;
  };
  expect("/api/v1/namespaces/ns/pods/p/binding", R"({"metadata":null,"target":null})", 400);
  expect("/api/v1/namespaces/ns/pods/p/binding",
         R"({"metadata":{"name":"p"},"target":{"name":null}})", 422);
  expect("/api/v1/namespaces/ns/pods/p/eviction", R"({"kind":null,"metadata":{"name":null}})", 400);
  expect("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
         R"({"spec":{"resourceAttributes":{"verb":null,"resource":null}}})", 201);
  expect("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", R"({"spec":null})", 400);
  expect("/api/v1/namespaces/ns/bindings/p", R"({"metadata":{"name":"p"},"target":{"name":"n"}})",
         405);
  // A CSR without a spec is stored; the signer passes over it.
  ASSERT_EQ(Call("POST", "/apis/certificates.k8s.io/v1/certificatesigningrequests",
                 R"({"metadata":{"name":"empty"}})")
                .status,
            201);
  auto ca = tls::CertificateAuthority::Create("test-ca");
  ASSERT_TRUE(ca.ok());
  ASSERT_EQ(Call("GET", "/apis/certificates.k8s.io/v1/certificatesigningrequests").status, 200);
  EXPECT_TRUE(SignApprovedCsrs(*rest_, *ca).ok());
}

TEST_F(RestTest, ApprovalDefaultsStatusAndRefusesUnknownTypes) {
  ASSERT_EQ(Call("POST", "/apis/certificates.k8s.io/v1/certificatesigningrequests",
                 R"({"metadata":{"name":"c"},"spec":{"request":"UkVR",
                     "signerName":"example.com/x","usages":["client auth"]}})")
                .status,
            201);
  Result odd = Call("PUT", "/apis/certificates.k8s.io/v1/certificatesigningrequests/c/approval",
                    R"({"metadata":{"name":"c"},"status":{"conditions":[{"type":"Maybe"}]}})");
  EXPECT_EQ(odd.status, 422) << odd.raw;
  Result ok = Call("PUT", "/apis/certificates.k8s.io/v1/certificatesigningrequests/c/approval",
                   R"({"metadata":{"name":"c"},"status":{"conditions":[{"type":"Approved"}]}})");
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body["status"]["conditions"][0]["status"], "True");
}

TEST_F(RestTest, ReplacingAPodWithItsOwnManifestKeepsTheDefaultTolerations) {
  // (No token volume: the ServiceAccount admission adds it on create only,
  // so upstream refuses a replace that drops it, as here.)
  json mine = json::parse(kTwoContainerPod);  // as the user wrote it: no tolerations
  mine["spec"]["automountServiceAccountToken"] = false;
  mine["spec"]["serviceAccountName"] = "default";
  Result created = Call("POST", "/api/v1/namespaces/ns/pods", mine.dump());
  ASSERT_EQ(created.status, 201);
  ASSERT_EQ(created.body["spec"]["tolerations"].size(), 2u);
  mine["spec"]["activeDeadlineSeconds"] = 600;
  Result replaced = Call("PUT", "/api/v1/namespaces/ns/pods/p", mine.dump());
  ASSERT_EQ(replaced.status, 200) << replaced.raw;
  EXPECT_EQ(replaced.body["spec"]["tolerations"].size(), 2u);
  EXPECT_EQ(replaced.body["spec"]["activeDeadlineSeconds"], 600);
}

TEST_F(RestTest, UpdateWithStaleResourceVersionConflicts) {
  Result created = Call("POST", "/api/v1/namespaces/ns/configmaps", kCm);
  json changed = created.body;
  changed["data"]["k"] = "v2";
  Result ok = Call("PUT", "/api/v1/namespaces/ns/configmaps/c", changed.dump());
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_NE(ok.body["metadata"]["resourceVersion"], created.body["metadata"]["resourceVersion"]);
  EXPECT_EQ(ok.body["metadata"]["uid"], created.body["metadata"]["uid"]);
  Result stale = Call("PUT", "/api/v1/namespaces/ns/configmaps/c", changed.dump());
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body["message"],
            "Operation cannot be fulfilled on configmaps \"c\": the object has been modified; "
            "please apply your changes to the latest version and try again");
  // Without a resourceVersion the update is unconditional.
  changed["metadata"].erase("resourceVersion");
  changed["data"]["k"] = "v3";
  EXPECT_EQ(Call("PUT", "/api/v1/namespaces/ns/configmaps/c", changed.dump()).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/c").body["data"]["k"], "v3");
}

TEST_F(RestTest, MergeAndJsonPatch) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", kCm).status, 201);
  Result merged =
      Call("PATCH", "/api/v1/namespaces/ns/configmaps/c",
           R"({"metadata":{"labels":{"tier":"db","app":null}}})", "application/merge-patch+json");
  ASSERT_EQ(merged.status, 200) << merged.raw;
  EXPECT_EQ(merged.body["metadata"]["labels"], json({{"tier", "db"}}));
  Result jp =
      Call("PATCH", "/api/v1/namespaces/ns/configmaps/c",
           R"([{"op":"replace","path":"/data/k","value":"z"}])", "application/json-patch+json");
  ASSERT_EQ(jp.status, 200) << jp.raw;
  EXPECT_EQ(jp.body["data"]["k"], "z");
  Result bad = Call("PATCH", "/api/v1/namespaces/ns/configmaps/c", "{}", "text/plain");
  EXPECT_EQ(bad.status, 415);
  // A list of operations that cannot be applied: upstream's 422.
  Result failed =
      Call("PATCH", "/api/v1/namespaces/ns/configmaps/c",
           R"([{"op":"test","path":"/data/k","value":"other"}])", "application/json-patch+json");
  EXPECT_EQ(failed.status, 422) << failed.raw;
  EXPECT_EQ(failed.body["message"],
            "the server rejected our request due to an error in our request");
  EXPECT_FALSE(failed.body.contains("/details/causes"_json_pointer)) << failed.raw;
  Result not_list = Call("PATCH", "/api/v1/namespaces/ns/configmaps/c", R"({"op":"remove"})",
                         "application/json-patch+json");
  EXPECT_EQ(not_list.status, 400) << not_list.raw;
  // dryRun is checked as the verb's options.
  Result dry = Call("PATCH", "/api/v1/namespaces/ns/configmaps/c?dryRun=Bogus",
                    R"({"data":{"k":"q"}})", "application/merge-patch+json");
  EXPECT_EQ(dry.status, 422) << dry.raw;
  EXPECT_EQ(dry.body["message"],
            "PatchOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: "
            "[]string{\"Bogus\"}: supported values: \"All\"");
}

TEST_F(RestTest, ListSelectorsAndPagination) {
  for (const char* name : {"a", "b", "c"}) {
    json cm = {{"metadata", {{"name", name}, {"labels", {{"n", name}}}}}};
    ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", cm.dump()).status, 201);
  }
  Result all = Call("GET", "/api/v1/namespaces/ns/configmaps");
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_EQ(all.body["kind"], "ConfigMapList");
  EXPECT_EQ(all.body["items"].size(), 3u);
  Result sel = Call("GET", "/api/v1/namespaces/ns/configmaps?labelSelector=n%20in%20(a,c)");
  EXPECT_EQ(sel.body["items"].size(), 2u);
  Result fsel = Call("GET", "/api/v1/configmaps?fieldSelector=metadata.name%3Db");
  ASSERT_EQ(fsel.body["items"].size(), 1u);
  EXPECT_EQ(fsel.body["items"][0]["metadata"]["name"], "b");
  EXPECT_EQ(Call("GET", "/api/v1/configmaps?fieldSelector=data.k%3Dv").status, 400);

  Result page1 = Call("GET", "/api/v1/namespaces/ns/configmaps?limit=2");
  ASSERT_EQ(page1.body["items"].size(), 2u) << page1.raw;
  std::string token = page1.body["metadata"]["continue"];
  EXPECT_EQ(page1.body["metadata"]["remainingItemCount"], 1);
  // A write between pages is not visible: the pages share one revision.
  json d = {{"metadata", {{"name", "d"}}}};
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", d.dump()).status, 201);
  Result page2 = Call("GET", "/api/v1/namespaces/ns/configmaps?limit=2&continue=" + token);
  ASSERT_EQ(page2.status, 200) << page2.raw;
  ASSERT_EQ(page2.body["items"].size(), 1u);
  EXPECT_EQ(page2.body["items"][0]["metadata"]["name"], "c");
  EXPECT_FALSE(page2.body["metadata"].contains("continue"));
  // A limit with a resourceVersion reads exactly there (upstream's legacy
  // exact match): "d" was written after page1's revision.
  std::string rv1 = page1.body["metadata"]["resourceVersion"];
  Result exact = Call("GET", "/api/v1/namespaces/ns/configmaps?limit=10&resourceVersion=" + rv1);
  ASSERT_EQ(exact.status, 200) << exact.raw;
  EXPECT_EQ(exact.body["items"].size(), 3u);
  EXPECT_EQ(exact.body["metadata"]["resourceVersion"], rv1);
  etcd_.Compact(etcd_.revision());
  Result expired = Call("GET", "/api/v1/namespaces/ns/configmaps?limit=2&continue=" + token);
  EXPECT_EQ(expired.status, 410);
  EXPECT_EQ(expired.body["reason"], "Expired");
  // The expired page says where to go on, at the current revision.
  std::string again = expired.body["metadata"]["continue"];
  Result rest = Call("GET", "/api/v1/namespaces/ns/configmaps?limit=2&continue=" + again);
  ASSERT_EQ(rest.status, 200) << rest.raw;
  ASSERT_EQ(rest.body["items"].size(), 2u);
  EXPECT_EQ(rest.body["items"][0]["metadata"]["name"], "c");
  EXPECT_EQ(rest.body["items"][1]["metadata"]["name"], "d");
  Result too_old = Call("GET", "/api/v1/namespaces/ns/configmaps?limit=10&resourceVersion=" + rv1);
  EXPECT_EQ(too_old.status, 410) << too_old.raw;
  EXPECT_EQ(too_old.body["message"], "The resourceVersion for the provided list is too old.");
  // ListOptions are validated as upstream's ValidateListOptions: a 422.
  Result no_rv = Call("GET", "/api/v1/namespaces/ns/configmaps?resourceVersionMatch=Exact");
  EXPECT_EQ(no_rv.status, 422) << no_rv.raw;
  EXPECT_EQ(no_rv.body["message"],
            "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
            "resourceVersionMatch is forbidden unless resourceVersion is provided");
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps?sendInitialEvents=true").status, 422);
  Result garbage = Call("GET", "/api/v1/namespaces/ns/configmaps?limit=2&continue=%21%21");
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(garbage.body["message"].get<std::string>().rfind(
                "invalid continue token: continue key is not valid: ", 0),
            0u)
      << garbage.raw;
}

TEST_F(RestTest, GenerateNameAndDryRun) {
  Result gen =
      Call("POST", "/api/v1/namespaces/ns/configmaps", R"({"metadata":{"generateName":"web-"}})");
  ASSERT_EQ(gen.status, 201) << gen.raw;
  std::string name = gen.body["metadata"]["name"];
  EXPECT_EQ(name.size(), 9u);
  EXPECT_EQ(name.substr(0, 4), "web-");
  Result dry = Call("POST", "/api/v1/namespaces/ns/configmaps?dryRun=All", kCm);
  EXPECT_EQ(dry.status, 201);
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/c").status, 404);
  // A dry run still conflicts with an existing object.
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", kCm).status, 201);
  Result again = Call("POST", "/api/v1/namespaces/ns/configmaps?dryRun=All", kCm);
  EXPECT_EQ(again.status, 409) << again.raw;
  EXPECT_EQ(again.body["reason"], "AlreadyExists");
}

TEST_F(RestTest, DeleteAndFinalizers) {
  json cm = json::parse(kCm);
  cm["metadata"]["finalizers"] = {"example.com/hold"};
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", cm.dump()).status, 201);
  Result del = Call("DELETE", "/api/v1/namespaces/ns/configmaps/c");
  ASSERT_EQ(del.status, 200) << del.raw;
  EXPECT_TRUE(del.body["metadata"].contains("deletionTimestamp"));
  Result still = Call("GET", "/api/v1/namespaces/ns/configmaps/c");
  ASSERT_EQ(still.status, 200);
  Result release = Call("PATCH", "/api/v1/namespaces/ns/configmaps/c",
                        R"({"metadata":{"finalizers":null}})", "application/merge-patch+json");
  EXPECT_EQ(release.status, 200) << release.raw;
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/c").status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/namespaces/ns/configmaps/c").status, 404);
}

TEST_F(RestTest, ScheduledPodsDeleteGracefullyEverythingElseAtOnce) {
  json pod = {{"metadata", {{"name", "p"}}},
              {"spec", {{"containers", json::array({{{"name", "c"}, {"image", "busybox"}}})}}}};
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", pod.dump()).status, 201);
  // No kubelet will ever finish an unscheduled pod: it goes at once, even
  // when the client asks for a grace period (kubectl delete --grace-period,
  // replace --force).
  EXPECT_EQ(Call("DELETE", "/api/v1/namespaces/ns/pods/p?gracePeriodSeconds=5").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/pods/p").status, 404);
  // Kinds without graceful deletion ignore the period too.
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", R"({"metadata":{"name":"c"}})").status,
            201);
  EXPECT_EQ(Call("DELETE", "/api/v1/namespaces/ns/configmaps/c",
                 R"({"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":30})")
                .status,
            200);
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/configmaps/c").status, 404);
  pod["spec"]["nodeName"] = "node1";
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", pod.dump()).status, 201);
  Result del = Call("DELETE", "/api/v1/namespaces/ns/pods/p");
  ASSERT_EQ(del.status, 200);
  EXPECT_EQ(del.body["metadata"]["deletionGracePeriodSeconds"], 30);
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/pods/p").status, 200);
  Result now = Call("DELETE", "/api/v1/namespaces/ns/pods/p?gracePeriodSeconds=0");
  EXPECT_EQ(now.status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/pods/p").status, 404);
}

TEST_F(RestTest, ScaleSubresourceAndGenerations) {
  json deploy = {
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", {{"name", "web"}}},
      {"spec",
       {{"selector", {{"matchLabels", {{"app", "web"}}}}},
        {"template",
         {{"metadata", {{"labels", {{"app", "web"}}}}},
          {"spec", {{"containers", json::array({{{"name", "c"}, {"image", "nginx:1"}}})}}}}}}}};
  Result created = Call("POST", "/apis/apps/v1/namespaces/ns/deployments", deploy.dump());
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body["metadata"]["generation"], 1);
  EXPECT_EQ(created.body["spec"]["replicas"], 1);
  Result scale = Call("GET", "/apis/apps/v1/namespaces/ns/deployments/web/scale");
  ASSERT_EQ(scale.status, 200) << scale.raw;
  EXPECT_EQ(scale.body["kind"], "Scale");
  EXPECT_EQ(scale.body["spec"]["replicas"], 1);
  EXPECT_EQ(scale.body["status"]["selector"], "app=web");
  // As a Table (kubectl get --subresource=scale): a Scale's own columns.
  Result table = Call("GET", "/apis/apps/v1/namespaces/ns/deployments/web/scale", "", "",
                      "application/json;as=Table;v=v1;g=meta.k8s.io");
  ASSERT_EQ(table.status, 200) << table.raw;
  std::vector<std::string> columns;
  for (const auto& c : table.body["columnDefinitions"]) columns.push_back(c["name"]);
  EXPECT_EQ(columns, (std::vector<std::string>{"Name", "Desired", "Available", "Age"}));
  EXPECT_EQ(table.body["rows"][0]["cells"][1], 1);
  Result patched = Call("PATCH", "/apis/apps/v1/namespaces/ns/deployments/web/scale",
                        R"({"spec":{"replicas":4}})", "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(patched.body["spec"]["replicas"], 4);
  Result after = Call("GET", "/apis/apps/v1/namespaces/ns/deployments/web");
  EXPECT_EQ(after.body["spec"]["replicas"], 4);
  EXPECT_EQ(after.body["metadata"]["generation"], 2);
  // A negative count is the Scale's own error, patched or put.
  Result negative = Call("PATCH", "/apis/apps/v1/namespaces/ns/deployments/web/scale",
                         R"({"spec":{"replicas":-1}})", "application/merge-patch+json");
  EXPECT_EQ(negative.status, 422) << negative.raw;
  EXPECT_EQ(negative.body["message"],
            "Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be "
            "greater than or equal to 0");
  EXPECT_EQ(negative.body["details"]["kind"], "Scale");
  Result put = Call("PUT", "/apis/apps/v1/namespaces/ns/deployments/web/scale",
                    R"({"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web"},
                        "spec":{"replicas":-2}})");
  EXPECT_EQ(put.status, 422) << put.raw;
  EXPECT_EQ(put.body["details"]["kind"], "Scale");
  // A label change is not a spec change.
  Call("PATCH", "/apis/apps/v1/namespaces/ns/deployments/web",
       R"({"metadata":{"labels":{"a":"b"}}})", "application/merge-patch+json");
  EXPECT_EQ(
      Call("GET", "/apis/apps/v1/namespaces/ns/deployments/web").body["metadata"]["generation"], 2);
  // Zero replicas is an empty ScaleSpec both ways (omitempty).
  Result to_zero = Call("PUT", "/apis/apps/v1/namespaces/ns/deployments/web/scale",
                        R"({"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web"},
                            "spec":{}})");
  ASSERT_EQ(to_zero.status, 200) << to_zero.raw;
  EXPECT_EQ(to_zero.body["spec"], json::object());
  EXPECT_EQ(Call("GET", "/apis/apps/v1/namespaces/ns/deployments/web").body["spec"]["replicas"], 0);
}

TEST_F(RestTest, ServicesGetClusterIpsReleasedOnDelete) {
  json svc = {{"metadata", {{"name", "s"}}}, {"spec", {{"ports", json::array({{{"port", 80}}})}}}};
  Result created = Call("POST", "/api/v1/namespaces/ns/services", svc.dump());
  ASSERT_EQ(created.status, 201) << created.raw;
  std::string ip = created.body["spec"]["clusterIP"];
  EXPECT_EQ(ip.rfind("10.", 0), 0u);
  EXPECT_EQ(etcd_.Range("/registry/wisp/serviceips/" + ip, "", 0, 0)->kvs.size(), 1u);
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/services/s").status, 200);
  EXPECT_TRUE(etcd_.Range("/registry/wisp/serviceips/" + ip, "", 0, 0)->kvs.empty());
}

TEST_F(RestTest, ServiceTypeChangesAllocateAndReleaseNodePorts) {
  json svc = {{"metadata", {{"name", "s"}}}, {"spec", {{"ports", json::array({{{"port", 80}}})}}}};
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/services", svc.dump()).status, 201);
  auto reserved = [&](const json& port) {
    return etcd_.Range("/registry/wisp/nodeports/" + port.dump(), "", 0, 0)->kvs.size();
  };
  // ClusterIP → NodePort: a node port is allocated and reserved.
  Result np = Call("PATCH", "/api/v1/namespaces/ns/services/s", R"({"spec":{"type":"NodePort"}})",
                   "application/merge-patch+json");
  ASSERT_EQ(np.status, 200) << np.raw;
  json port = np.body["spec"]["ports"][0]["nodePort"];
  ASSERT_TRUE(port.is_number_integer()) << np.raw;
  EXPECT_GE(port.get<int>(), 30000);
  EXPECT_EQ(np.body["spec"]["externalTrafficPolicy"], "Cluster");
  EXPECT_EQ(reserved(port), 1u);
  // NodePort → ClusterIP: the untouched node port and policy are dropped and freed.
  Result ip = Call("PATCH", "/api/v1/namespaces/ns/services/s", R"({"spec":{"type":"ClusterIP"}})",
                   "application/merge-patch+json");
  ASSERT_EQ(ip.status, 200) << ip.raw;
  EXPECT_FALSE(ip.body["spec"]["ports"][0].contains("nodePort")) << ip.raw;
  EXPECT_FALSE(ip.body["spec"].contains("externalTrafficPolicy"));
  EXPECT_EQ(reserved(port), 0u);
  // A node port another Service holds cannot be taken by an update.
  json other = {{"metadata", {{"name", "o"}}},
                {"spec", {{"type", "NodePort"}, {"ports", json::array({{{"port", 81}}})}}}};
  Result o = Call("POST", "/api/v1/namespaces/ns/services", other.dump());
  ASSERT_EQ(o.status, 201) << o.raw;
  json taken = {
      {"spec",
       {{"type", "NodePort"},
        {"ports",
         json::array({{{"port", 80}, {"nodePort", o.body["spec"]["ports"][0]["nodePort"]}}})}}}};
  Result clash = Call("PATCH", "/api/v1/namespaces/ns/services/s", taken.dump(),
                      "application/merge-patch+json");
  EXPECT_EQ(clash.status, 422) << clash.raw;
}

TEST_F(RestTest, TableResponses) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", kCm).status, 201);
  Result table = Call("GET", "/api/v1/namespaces/ns/configmaps", "", "",
                      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
  ASSERT_EQ(table.status, 200) << table.raw;
  EXPECT_EQ(table.body["kind"], "Table");
  ASSERT_FALSE(table.body["columnDefinitions"].empty());
  EXPECT_EQ(table.body["columnDefinitions"][0]["name"], "Name");
  EXPECT_EQ(table.body["rows"][0]["cells"][0], "c");
  Result none = Call("GET", "/api/v1/namespaces/ns/configmaps", "", "",
                     "application/vnd.kubernetes.protobuf");
  EXPECT_EQ(none.status, 406);
}

}  // namespace
}  // namespace wisp::apiserver

namespace wisp::apiserver {
namespace {

TEST_F(RestTest, FieldSelectorsSeeTypedZeroValuesAndRenamedLabels) {
  auto names = [&](const std::string& url) {
    Result r = Call("GET", url);
    EXPECT_EQ(r.status, 200) << url << " " << r.raw;
    std::string out;
    for (const auto& item : r.body["items"])
      out += item["metadata"]["name"].get<std::string>() + " ";
    return out;
  };
  json pod = json::parse(kTwoContainerPod);
  pod["spec"]["nodeName"] = "node1";
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", pod.dump()).status, 201);
  EXPECT_EQ(names("/api/v1/pods?fieldSelector=spec.hostNetwork%3Dfalse"), "p ");
  EXPECT_EQ(names("/api/v1/pods?fieldSelector=spec.host%3Dnode1"), "p ");
  EXPECT_EQ(names("/api/v1/pods?fieldSelector=spec.host%3Dnode2"), "");
  ASSERT_EQ(Call("POST", "/api/v1/nodes", R"({"metadata":{"name":"n"}})").status, 201);
  EXPECT_EQ(names("/api/v1/nodes?fieldSelector=spec.unschedulable%3Dfalse"), "n ");
  EXPECT_EQ(names("/api/v1/nodes?fieldSelector=spec.unschedulable%3Dtrue"), "");
}

TEST_F(RestTest, EventsAreWrittenWithAnExpiringLease) {
  rest_->SetEventTtl(std::chrono::hours(1));
  auto event = [](const char* name) {
    return json({{"metadata", {{"name", name}}},
                 {"involvedObject", {{"kind", "Pod"}, {"name", "p"}, {"namespace", "ns"}}},
                 {"reason", "Started"},
                 {"type", "Normal"}})
        .dump();
  };
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/events", event("e1")).status, 201);
  ASSERT_EQ(
      Call("POST", "/apis/events.k8s.io/v1/namespaces/ns/events",
           R"({"metadata":{"name":"e2"},"regarding":{"kind":"Pod","name":"p","namespace":"ns"},
                     "reason":"Started","type":"Normal","action":"Run","reportingController":"x",
                     "reportingInstance":"y","eventTime":"2024-01-01T00:00:00.000000Z"})")
          .status,
      201);
  // One lease, an hour plus the reuse window, shared by writes close together.
  const int64_t lease = etcd_.LeaseOf("/registry/events/ns/e1");
  EXPECT_NE(lease, 0);
  EXPECT_EQ(etcd_.LeaseOf("/registry/events/ns/e2"), lease);
  EXPECT_EQ(etcd_.LeaseTtls(), std::vector<int64_t>{3660});
  // An update keeps the event on a lease (a plain put would detach it).
  Result patched = Call("PATCH", "/api/v1/namespaces/ns/events/e1", R"({"count":2})",
                        "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(etcd_.LeaseOf("/registry/events/ns/e1"), lease);
  // Other kinds get none.
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", kCm).status, 201);
  EXPECT_EQ(etcd_.LeaseOf("/registry/configmaps/ns/c"), 0);
}

TEST_F(RestTest, ReplicationControllersDefaultFromTheTemplateAndScale) {
  Result rc = Call("POST", "/api/v1/namespaces/ns/replicationcontrollers",
                   R"({"metadata":{"name":"rc"},"spec":{"template":{
                       "metadata":{"labels":{"app":"web"}},
                       "spec":{"containers":[{"name":"c","image":"nginx"}]}}}})");
  ASSERT_EQ(rc.status, 201) << rc.raw;
  EXPECT_EQ(rc.body["spec"]["selector"], json({{"app", "web"}}));
  EXPECT_EQ(rc.body["spec"]["replicas"], 1);
  EXPECT_EQ(rc.body["status"], json({{"replicas", 0}}));
  Result scale = Call("GET", "/api/v1/namespaces/ns/replicationcontrollers/rc/scale");
  ASSERT_EQ(scale.status, 200) << scale.raw;
  EXPECT_EQ(scale.body["status"]["selector"], "app=web");
  Result listed =
      Call("GET", "/api/v1/namespaces/ns/replicationcontrollers?fieldSelector=status.replicas%3D0");
  ASSERT_EQ(listed.body["items"].size(), 1u) << listed.raw;
}

}  // namespace
}  // namespace wisp::apiserver
