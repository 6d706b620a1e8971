// Pod spec validation: upstream field paths and reasons.
#include "strategies/pod_validation.h"

#include "strategies/pod_defaults.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

Causes Validate(Json spec) {
  DefaultPodSpec(spec);
  Causes causes;
  ValidatePodSpec(spec, "spec", causes);
  return causes;
}

TEST(PodValidation, ValidSpecHasNoCauses) {
  Causes causes = Validate(J(R"({"containers":[{"name":"web","image":"nginx",
      "ports":[{"name":"http","containerPort":80}],
      "volumeMounts":[{"name":"data","mountPath":"/data"}]}],
      "volumes":[{"name":"data"}]})"));
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(PodValidation, ContainersAreRequired) {
  EXPECT_TRUE(HasCause(Validate(J("{}")), "spec.containers", "FieldValueRequired"));
  EXPECT_TRUE(
      HasCause(Validate(J(R"({"containers":[]})")), "spec.containers", "FieldValueRequired"));
}

TEST(PodValidation, ImageAndNameRequired) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a"},{"image":"x"}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].image", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[1].name", "FieldValueRequired"));
}

TEST(PodValidation, ContainerNamesAreUniqueDnsLabels) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"},{"name":"a","image":"x"}],
      "initContainers":[{"name":"Bad_Name","image":"x"}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[1].name", "FieldValueDuplicate"));
  EXPECT_TRUE(HasCause(causes, "spec.initContainers[0].name", "FieldValueInvalid"));
}

TEST(PodValidation, PortsAndProtocols) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x","ports":[
      {"containerPort":0},{"containerPort":70000,"protocol":"ICMP"},
      {"name":"http","containerPort":80},{"name":"http","containerPort":81},
      {"name":"Way_too_long_port_name","containerPort":82}]}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].ports[0].containerPort", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].ports[1].containerPort", "FieldValueInvalid"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].ports[1].protocol", "FieldValueNotSupported"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].ports[3].name", "FieldValueDuplicate"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].ports[4].name", "FieldValueInvalid",
                       "must be no more than 15 characters"));
}

TEST(PodValidation, MountsMustNameAVolume) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x",
      "volumeMounts":[{"name":"missing","mountPath":"/m"},{"name":"v"}]}],
      "volumes":[{"name":"v"},{"name":"v"}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].volumeMounts[0].name", "FieldValueNotFound",
                       "Not found: \"missing\""));
  EXPECT_TRUE(
      HasCause(causes, "spec.containers[0].volumeMounts[1].mountPath", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[1].name", "FieldValueDuplicate"));
}

TEST(PodValidation, PoliciesAndDeadlines) {
  Causes causes =
      Validate(J(R"({"containers":[{"name":"a","image":"x","imagePullPolicy":"Sometimes"}],
      "restartPolicy":"Maybe","dnsPolicy":"Google","terminationGracePeriodSeconds":-5,
      "activeDeadlineSeconds":0})"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].imagePullPolicy", "FieldValueNotSupported"));
  EXPECT_TRUE(HasCause(causes, "spec.restartPolicy", "FieldValueNotSupported"));
  EXPECT_TRUE(HasCause(causes, "spec.dnsPolicy", "FieldValueNotSupported"));
  EXPECT_TRUE(HasCause(causes, "spec.terminationGracePeriodSeconds", "FieldValueInvalid",
                       "must be greater than or equal to 0"));
  EXPECT_TRUE(HasCause(causes, "spec.activeDeadlineSeconds", "FieldValueInvalid",
                       "must be between 1 and 2147483647, inclusive"));
}

TEST(PodValidation, TemplatePathsArePrefixed) {
  Json tmpl = J(R"({"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"a"}]}})");
  DefaultPodTemplate(tmpl);
  Causes causes;
  ValidatePodTemplate(tmpl, "spec.template", causes);
  EXPECT_TRUE(HasCause(causes, "spec.template.spec.containers[0].image", "FieldValueRequired"));
}

}  // namespace
}  // namespace wisp::strategies
