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
