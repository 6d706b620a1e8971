#include "wisp/api/type_check.h"

#include <gtest/gtest.h>

namespace wisp::api {
namespace {

using nlohmann::json;

class TypeCheckTest : public ::testing::Test {
 protected:
  std::string Mismatch(const char* group, const char* version, const char* plural,
                       const char* body) {
    const ResourceInfo* r = registry_->Find(group, version, plural);
    EXPECT_NE(r, nullptr) << plural;
    if (r == nullptr) return "<no resource>";
    return FindTypeMismatch(*registry_, *r, json::parse(body)).value_or("");
  }
  std::unique_ptr<Registry> registry_ = NewBuiltInRegistry();
};

TEST_F(TypeCheckTest, AcceptsWhatUpstreamDecodes) {
  // null anywhere, quantities as numbers or strings, int-or-string ports,
  // free-form values, unknown fields (field validation's business).
  EXPECT_EQ(Mismatch("", "v1", "pods", R"({"apiVersion":"v1","kind":"Pod",
      "metadata":{"name":"p","creationTimestamp":null,"labels":{"a":"b"},"bogus":[1]},
      "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}],
      "resources":{"limits":{"cpu":1,"memory":"1Gi"},"requests":{"cpu":0.5}},
      "readinessProbe":{"tcpSocket":{"port":"http"}},"livenessProbe":{"httpGet":{"port":8080}}}],
      "nodeSelector":null,"terminationGracePeriodSeconds":30,"hostNetwork":false}})"),
            "");
  EXPECT_EQ(Mismatch("", "v1", "services",
                     R"({"spec":{"ports":[{"port":80,"targetPort":"web"}],"selector":{"a":"b"}}})"),
            "");
}

TEST_F(TypeCheckTest, NamesThePathAndBothTypesAsGoDoes) {
  EXPECT_EQ(Mismatch("", "v1", "pods", R"({"spec":{"containers":[{"name":"c","ports":[
      {"containerPort":1.5}]}]}})"),
            "json: cannot unmarshal number 1.5 into Go struct field "
            "ContainerPort.spec.containers.ports.containerPort of type int32");
  EXPECT_EQ(
      Mismatch("", "v1", "pods", R"({"spec":{"hostNetwork":"yes"}})"),
      "json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool");
  EXPECT_EQ(Mismatch("", "v1", "pods", R"({"spec":{"containers":[{"resources":{"limits":
      {"cpu":true}}}]}})"),
            "json: cannot unmarshal bool into Go struct field "
            "ResourceRequirements.spec.containers.resources.limits "
            "of type resource.Quantity");
  // A malformed quantity string is the decoder's own error, unwrapped.
  EXPECT_EQ(Mismatch("", "v1", "pods", R"({"spec":{"containers":[{"resources":{"limits":
      {"cpu":"lots"}}}]}})"),
            "quantities must match the regular expression "
            "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  EXPECT_EQ(Mismatch("", "v1", "pods", R"({"spec":{"containers":[{"resources":{"requests":
      {"memory":"64Mi"}}}]}})"),
            "");
  EXPECT_EQ(
      Mismatch("", "v1", "pods", R"({"metadata":{"creationTimestamp":5}})"),
      "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of "
      "type v1.Time");
  EXPECT_EQ(Mismatch("", "v1", "configmaps", R"({"binaryData":["x"]})"),
            "json: cannot unmarshal array into Go struct field ConfigMap.binaryData of type "
            "map[string]string");
  EXPECT_EQ(Mismatch("apps", "v1", "deployments", R"({"spec":{"template":{"spec":
      {"containers":[{"args":"a b"}]}}}})"),
            "json: cannot unmarshal string into Go struct field "
            "Container.spec.template.spec.containers.args of type []string");
}

}  // namespace
}  // namespace wisp::api
