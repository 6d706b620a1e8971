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
