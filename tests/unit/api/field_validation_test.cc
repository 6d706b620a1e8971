#include "wisp/api/field_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wisp::api {
namespace {

using ::testing::ElementsAre;

class FieldValidationTest : public ::testing::Test {
 protected:
  std::vector<std::string> Problems(const char* group, const char* plural, const char* body) {
    const ResourceInfo* r = registry_->Find(group, "v1", plural);
    EXPECT_NE(r, nullptr);
    auto problems = FindUnknownAndDuplicateFields(*registry_, *r, body);
    EXPECT_TRUE(problems.ok()) << problems.status();
    return problems.ok() ? *problems : std::vector<std::string>{"<error>"};
  }
  std::unique_ptr<Registry> registry_ = NewBuiltInRegistry();
};

TEST_F(FieldValidationTest, AcceptsAValidPod) {
  EXPECT_TRUE(Problems("", "pods", R"({"apiVersion":"v1","kind":"Pod",
      "metadata":{"name":"p","labels":{"any-key":"x"},"annotations":{"a/b":"c"}},
      "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}],
      "resources":{"limits":{"cpu":"1"}}}],"nodeSelector":{"k":"v"}}})")
                  .empty());
}

TEST_F(FieldValidationTest, FindsUnknownFieldsAtDepthAndInLists) {
  EXPECT_THAT(Problems("", "pods", R"({"apiVersion":"v1","kind":"Pod","foo":1,
      "metadata":{"name":"p","bogus":{"deep":1}},
      "spec":{"containers":[{"name":"a"},{"name":"b","imagee":"x",
      "securityContext":{"privileged":true,"root":true}}]}})"),
              ElementsAre("unknown field \"foo\"", "unknown field \"metadata.bogus\"",
                          "unknown field \"spec.containers[1].imagee\"",
                          "unknown field \"spec.containers[1].securityContext.root\""));
}

TEST_F(FieldValidationTest, FindsDuplicateFields) {
  EXPECT_THAT(Problems("", "configmaps", R"({"kind":"ConfigMap","metadata":{"name":"a","name":"b"},
      "data":{"k":"1","k":"2"}})"),
              ElementsAre("duplicate field \"metadata.name\"", "duplicate field \"data.k\""));
}

TEST_F(FieldValidationTest, MapKeysAndRawExtensionsAcceptAnything) {
  EXPECT_TRUE(Problems("", "configmaps", R"({"data":{"whatever":"x","more":"y"}})").empty());
  EXPECT_TRUE(Problems("apps", "controllerrevisions",
                       R"({"revision":1,"data":{"anything":{"goes":[1,2,{"x":1}]}}})")
                  .empty());
  EXPECT_TRUE(
      Problems("", "pods", R"({"metadata":{"managedFields":[{"fieldsV1":{"f:a":{}}}]}})").empty());
}

TEST_F(FieldValidationTest, DoesNotDescendIntoUnknownFields) {
  EXPECT_THAT(Problems("", "pods", R"({"spec":{"extra":{"a":1,"a":2}}})"),
              ElementsAre("unknown field \"spec.extra\""));
}

TEST_F(FieldValidationTest, RejectsMalformedJsonNamingTheByte) {
  const ResourceInfo* pods = registry_->Find("", "v1", "pods");
  auto problems = FindUnknownAndDuplicateFields(*registry_, *pods, R"({"spec": {)");
  ASSERT_FALSE(problems.ok());
  EXPECT_NE(problems.status().message().find("byte"), std::string::npos);
}

}  // namespace
}  // namespace wisp::api

namespace wisp::api {
namespace {

TEST(PruneUnknownFieldsTest, QuantitiesAreStoredInCanonicalForm) {
  std::unique_ptr<Registry> registry = NewBuiltInRegistry();
  nlohmann::json quota = nlohmann::json::parse(R"({"apiVersion":"v1","kind":"ResourceQuota",
      "metadata":{"name":"q"},"spec":{"hard":{"memory":"1024Mi","cpu":"4000m","pods":10,
      "requests.cpu":0.5}}})");
  EXPECT_TRUE(PruneUnknownFields(*registry, "io.k8s.api.core.v1.ResourceQuota", quota).empty());
  EXPECT_EQ(quota["spec"]["hard"], nlohmann::json::parse(R"({"memory":"1Gi","cpu":"4",
      "pods":"10","requests.cpu":"500m"})"));
  nlohmann::json pv = nlohmann::json::parse(R"({"spec":{"capacity":{"storage":"2048Mi"}}})");
  PruneUnknownFields(*registry, "io.k8s.api.core.v1.PersistentVolume", pv);
  EXPECT_EQ(pv["spec"]["capacity"]["storage"], "2Gi");
}

}  // namespace
}  // namespace wisp::api

namespace wisp::api {
namespace {

TEST(PruneUnknownFieldsTest, StoresWhatGoWouldEncodeAgain) {
  std::unique_ptr<Registry> registry = NewBuiltInRegistry();
  // What `kubectl create deployment` sends as protobuf: every non-pointer
  // scalar written, zero or not.
  nlohmann::json d = nlohmann::json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"web","generation":0},
      "spec":{"replicas":0,"minReadySeconds":0,"paused":false,"selector":{"matchLabels":{"a":"b"}},
        "template":{"spec":{"hostNetwork":false,"containers":[{"name":"c","image":"nginx",
          "workingDir":"","stdin":false,"tty":false,"ports":[{"containerPort":80,"hostPort":0}],
          "securityContext":{"runAsUser":0,"privileged":false}}]}}}})");
  EXPECT_TRUE(PruneUnknownFields(*registry, "io.k8s.api.apps.v1.Deployment", d).empty());
  const nlohmann::json& spec = d["spec"];
  // Pointers keep their zero values; omitempty values do not.
  EXPECT_EQ(spec["replicas"], 0);
  EXPECT_FALSE(spec.contains("minReadySeconds"));
  EXPECT_FALSE(spec.contains("paused"));
  EXPECT_FALSE(d["metadata"].contains("generation"));
  const nlohmann::json& c = spec["template"]["spec"]["containers"][0];
  EXPECT_FALSE(c.contains("workingDir"));
  EXPECT_FALSE(c.contains("stdin"));
  EXPECT_FALSE(c.contains("tty"));
  EXPECT_FALSE(c["ports"][0].contains("hostPort"));
  EXPECT_EQ(c["securityContext"], nlohmann::json::parse(R"({"runAsUser":0,"privileged":false})"));
  EXPECT_FALSE(spec["template"]["spec"].contains("hostNetwork"));
  // Struct values are always there: a template's metadata with its null
  // creationTimestamp, a container's resources, the strategy, the status.
  EXPECT_EQ(spec["template"]["metadata"], nlohmann::json::parse(R"({"creationTimestamp":null})"));
  EXPECT_EQ(c["resources"], nlohmann::json::object());
  EXPECT_EQ(spec["strategy"], nlohmann::json::object());
  EXPECT_EQ(d["status"], nlohmann::json::object());
  // A value the client set is kept.
  EXPECT_EQ(c["image"], "nginx");
}

TEST(PruneUnknownFieldsTest, FieldsWithoutOmitemptyAreWrittenEmpty) {
  std::unique_ptr<Registry> registry = NewBuiltInRegistry();
  nlohmann::json role = nlohmann::json::parse(R"({"metadata":{"name":"r"}})");
  PruneUnknownFields(*registry, "io.k8s.api.rbac.v1.Role", role);
  EXPECT_TRUE(role.contains("rules"));
  EXPECT_TRUE(role["rules"].is_null());
  nlohmann::json empty = nlohmann::json::parse(R"({"metadata":{"name":"r"},"rules":[]})");
  PruneUnknownFields(*registry, "io.k8s.api.rbac.v1.Role", empty);
  EXPECT_EQ(empty["rules"], nlohmann::json::array());
  nlohmann::json event = nlohmann::json::parse(R"({"metadata":{"name":"e"},"reason":"X"})");
  PruneUnknownFields(*registry, "io.k8s.api.core.v1.Event", event);
  EXPECT_EQ(event["reportingComponent"], "");
  EXPECT_EQ(event["reportingInstance"], "");
  nlohmann::json pod = nlohmann::json::parse(R"({"spec":{"containers":[{"name":"c","env":[
      {"name":"L","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu"}}}]}]}})");
  PruneUnknownFields(*registry, "io.k8s.api.core.v1.Pod", pod);
  EXPECT_EQ(pod["spec"]["containers"][0]["env"][0]["valueFrom"]["resourceFieldRef"]["divisor"],
            "0");
}

TEST(PruneUnknownFieldsTest, TimestampsAreStoredAsGoEncodesThem) {
  std::unique_ptr<Registry> registry = NewBuiltInRegistry();
  nlohmann::json event = nlohmann::json::parse(R"({"metadata":{"name":"e",
      "creationTimestamp":"2024-05-01T10:00:00.5+01:00"},
      "firstTimestamp":"0001-01-01T00:00:00Z","lastTimestamp":"2024-05-01T10:00:00Z",
      "eventTime":"2024-05-01T10:00:00.000002-02:00"})");
  PruneUnknownFields(*registry, "io.k8s.api.core.v1.Event", event);
  EXPECT_EQ(event["metadata"]["creationTimestamp"], "2024-05-01T09:00:00Z");
  EXPECT_TRUE(event["firstTimestamp"].is_null());  // Go's zero time
  EXPECT_EQ(event["lastTimestamp"], "2024-05-01T10:00:00Z");
  EXPECT_EQ(event["eventTime"], "2024-05-01T12:00:00.000002Z");
}

TEST(PruneUnknownFieldsTest, ANodeWithoutStatusGetsGosEmptyNodeInfoAndDaemonEndpoints) {
  std::unique_ptr<Registry> registry = NewBuiltInRegistry();
  nlohmann::json node = nlohmann::json::parse(R"({"metadata":{"name":"n1"}})");
  PruneUnknownFields(*registry, "io.k8s.api.core.v1.Node", node);
  EXPECT_EQ(node["status"]["daemonEndpoints"],
            nlohmann::json::parse(R"({"kubeletEndpoint":{"Port":0}})"));
  const nlohmann::json& info = node["status"]["nodeInfo"];
  for (const char* key :
       {"machineID", "systemUUID", "bootID", "kernelVersion", "osImage", "containerRuntimeVersion",
        "kubeletVersion", "kubeProxyVersion", "operatingSystem", "architecture"}) {
    EXPECT_EQ(info.value(key, nlohmann::json()), "") << key;
  }
  EXPECT_FALSE(info.contains("swap"));
}

}  // namespace
}  // namespace wisp::api
