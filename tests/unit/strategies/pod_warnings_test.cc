// Upstream's pod and pod template warnings.
#include "strategies/pod_warnings.h"

#include <gmock/gmock.h>

#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using ::testing::Contains;
using testing::J;

TEST(PodWarnings, DeprecatedLabelsFractionalBytesAndHiddenEnv) {
  Json spec = J(R"({"nodeSelector":{"beta.kubernetes.io/os":"linux"},
      "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{
        "nodeSelectorTerms":[{"matchExpressions":[
          {"key":"failure-domain.beta.kubernetes.io/zone","operator":"Exists"}]}]}}},
      "imagePullSecrets":[{"name":"a"},{"name":"a"}],
      "terminationGracePeriodSeconds":-1,
      "containers":[{"name":"c","image":"x","resources":{"requests":{"memory":"1.5"}},
        "env":[{"name":"A","value":"1"},{"name":"A","value":"2"},
               {"name":"B","value":"1"},{"name":"B","value":"$(B):2"}]}]})");
  std::vector<std::string> w = PodSpecWarnings(spec, Json::object(), "");
  EXPECT_THAT(w, Contains("spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "
                          "\"kubernetes.io/os\" instead"));
  EXPECT_THAT(w,
              Contains("spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                       ".nodeSelectorTerms[0].matchExpressions[0].key: "
                       "failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "
                       "\"topology.kubernetes.io/zone\" instead"));
  EXPECT_THAT(w, Contains("spec.imagePullSecrets[1].name: duplicate name \"a\""));
  EXPECT_THAT(w, Contains("spec.terminationGracePeriodSeconds: must be >= 0; negative values are "
                          "invalid and will be treated as 1"));
  EXPECT_THAT(w, Contains("spec.containers[0].resources.requests[memory]: fractional byte value "
                          "\"1500m\" is invalid, must be an integer"));
  EXPECT_THAT(w, Contains("spec.containers[0].env[1]: hides previous definition of \"A\", which "
                          "may be dropped when using apply"));
  EXPECT_EQ(w.size(), 6u);  // B builds on its earlier value: no warning
}

TEST(PodWarnings, AnnotationsAndVolumesOfAPodInUpstreamOrder) {
  Json spec =
      J(R"({"securityContext":{"appArmorProfile":{"type":"Localhost","localhostProfile":"p"}},
      "containers":[{"name":"c","image":"x"},{"name":"d","image":"x"}],
      "volumes":[{"name":"g","gitRepo":{"repository":"r"}},
        {"name":"ceph","cephfs":{"monitors":["m"]}},
        {"name":"cm","configMap":{"name":"x","items":[{"key":"a","path":"p"},{"key":"b","path":"p/q"}]}},
        {"name":"e","ephemeral":{"volumeClaimTemplate":{"spec":{"resources":{
          "requests":{"storage":"1.5"}}}}}},
        {"name":"pr","projected":{"sources":[
          {"configMap":{"name":"a","items":[{"key":"k","path":"x"}]}},
          {"secret":{"name":"s","items":[{"key":"k","path":"x/"}]}},{}]}}]})");
  Json meta = J(R"({"annotations":{
      "scheduler.alpha.kubernetes.io/critical-pod":"",
      "seccomp.security.alpha.kubernetes.io/pod":"runtime/default",
      "container.seccomp.security.alpha.kubernetes.io/c":"runtime/default",
      "container.apparmor.security.beta.kubernetes.io/c":"runtime/default",
      "container.apparmor.security.beta.kubernetes.io/d":"localhost/p"}})");
  EXPECT_EQ(
      PodSpecWarnings(spec, meta, ""),
      (std::vector<std::string>{
          // d's annotation only repeats the pod's profile.
          "metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: deprecated "
          "since v1.30; use the \"appArmorProfile\" field instead",
          "metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in "
          "v1.16+; use the \"priorityClassName\" field instead",
          "spec.volumes[0].gitRepo: deprecated in v1.11",
          "spec.volumes[1].cephfs: deprecated in v1.28, non-functional in v1.31+",
          "spec.volumes[3].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: "
          "fractional byte value \"1500m\" is invalid, must be an integer",
          "volume \"cm\" (ConfigMap \"x\"): overlapping paths: \"p/q\" with \"p\"",
          "volume \"pr\" (Projected Secret \"s\"): overlapping paths: \"x\" with \"x\"",
          "volume \"pr\" (Projected) has no sources provided",
          "metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in "
          "v1.27+; use the \"seccompProfile\" field instead",
          "metadata.annotations[container.seccomp.security.alpha.kubernetes.io/c]: "
          "non-functional in v1.27+; use the \"seccompProfile\" field instead"}));
}

TEST(PodWarnings, TemplatePortsAndPodAffinity) {
  Json spec = J(R"({"containers":[
      {"name":"c","image":"x","ports":[{"containerPort":80,"protocol":"TCP"},
        {"containerPort":80,"protocol":"TCP"},
        {"containerPort":81,"protocol":"TCP","hostIP":"1.2.3.4"}]},
      {"name":"d","image":"x","ports":[{"containerPort":80,"protocol":"TCP","hostPort":8080},
        {"containerPort":90,"protocol":"TCP","hostPort":9090,"hostIP":"10.0.0.1"},
        {"containerPort":90,"protocol":"TCP","hostPort":9090}]}],
      "affinity":{"podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
          {"topologyKey":"k"}]},
        "podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
          {"weight":1,"podAffinityTerm":{"topologyKey":"k"}}]}}})");
  Json meta = J(R"({"annotations":{
      "container.apparmor.security.beta.kubernetes.io/c":"runtime/default"}})");
  const std::string c = "spec.template.spec.containers[0].ports";
  const std::string d = "spec.template.spec.containers[1].ports";
  EXPECT_EQ(
      PodSpecWarnings(spec, meta, "spec.template"),
      (std::vector<std::string>{
          "spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: "
          "deprecated since v1.30; use the \"appArmorProfile\" field instead",
          c + "[1]: duplicate port definition with " + c + "[0]",
          c + "[2]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:81 "
              "Protocol:TCP HostIP:1.2.3.4}",
          d + "[0]: overlapping port definition with " + c + "[0]",
          d + "[0]: overlapping port definition with " + c + "[1]",
          d + "[2]: dangerously ambiguous port definition with " + d + "[1]",
          "spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution"
          "[0].labelSelector: a null labelSelector results in matching no pod",
          "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuring"
          "Execution[0].podAffinityTerm.labelSelector: a null labelSelector results in matching "
          "no pod"}));
  // A pod-level AppArmor field silences the template's annotation.
  spec["securityContext"] = J(R"({"appArmorProfile":{"type":"RuntimeDefault"}})");
  EXPECT_EQ(PodSpecWarnings(spec, meta, "spec.template").size(), 7u);
}

TEST(PodWarnings, TemplatesAndNamesThroughTheStrategies) {
  auto deployment = NewDeploymentStrategy();
  Json d = J(R"({"metadata":{"name":"my.app","namespace":"d"},"spec":{
      "selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"a"}},
      "spec":{"nodeSelector":{"beta.kubernetes.io/arch":"amd64"},
              "containers":[{"name":"c","image":"x"}]}}}})");
  ASSERT_TRUE(testing::Create(*deployment, d).empty());
  std::vector<std::string> w = deployment->Warnings(d, nullptr);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].rfind("metadata.name: this is used in Pod names and hostnames, which can result "
                       "in surprising behavior; a DNS label is recommended: [",
                       0),
            0u);
  EXPECT_EQ(w[1],
            "spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; "
            "use \"kubernetes.io/arch\" instead");
  // An update that leaves the template alone says nothing.
  EXPECT_TRUE(deployment->Warnings(d, &d).empty());
  auto pods = NewPodStrategy();
  Json pod = J(R"({"metadata":{"name":"ok","namespace":"d"},
      "spec":{"containers":[{"name":"c","image":"x"}]}})");
  EXPECT_TRUE(pods->Warnings(pod, nullptr).empty());
}

}  // namespace
}  // namespace wisp::strategies
