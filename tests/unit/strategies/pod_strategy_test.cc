// Pods: status on create, the update rules of the pod spec, /status writes
// and graceful deletion.
#include "strategies/kinds.h"
#include "strategies/pod_defaults.h"
#include "strategies/pod_validation.h"
#include "strategy_test_util.h"
#include "wisp/strategies/pod_ephemeral.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

Json MinimalPod() {
  return J(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},
      "spec":{"containers":[{"name":"web","image":"nginx:1.27"}]},
      "status":{"phase":"Running"}})");
}

TEST(PodStrategy, CreateResetsStatusToPendingWithQosClass) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  Causes causes = testing::Create(*s, pod);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(pod["status"], J(R"({"phase":"Pending","qosClass":"BestEffort"})"));
  EXPECT_EQ(pod["spec"]["restartPolicy"], "Always");
}

TEST(PodStrategy, CreateAddsMatchLabelKeysToAffinitySelectors) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["metadata"]["labels"] = J(R"({"app":"web","pod-template-hash":"abc"})");
  pod["spec"]["affinity"] = J(R"({"podAntiAffinity":{
      "requiredDuringSchedulingIgnoredDuringExecution":[{"topologyKey":"kubernetes.io/hostname",
        "labelSelector":{"matchLabels":{"app":"web"}},
        "matchLabelKeys":["pod-template-hash","missing"],"mismatchLabelKeys":["app"]}],
      "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"podAffinityTerm":{
        "topologyKey":"zone","labelSelector":{},"matchLabelKeys":["app"]}}]}})");
  Causes causes = testing::Create(*s, pod);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  const Json& anti = pod["spec"]["affinity"]["podAntiAffinity"];
  EXPECT_EQ(anti["requiredDuringSchedulingIgnoredDuringExecution"][0]["labelSelector"],
            J(R"({"matchLabels":{"app":"web"},"matchExpressions":[
                {"key":"pod-template-hash","operator":"In","values":["abc"]},
                {"key":"app","operator":"NotIn","values":["web"]}]})"));
  EXPECT_EQ(anti["preferredDuringSchedulingIgnoredDuringExecution"][0]["podAffinityTerm"]
                ["labelSelector"],
            J(R"({"matchExpressions":[{"key":"app","operator":"In","values":["web"]}]})"));
}

TEST(PodStrategy, MatchLabelKeyAlsoInTheSelectorIsRefused) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["metadata"]["labels"] = J(R"({"app":"web"})");
  pod["spec"]["affinity"] = J(R"({"podAffinity":{
      "requiredDuringSchedulingIgnoredDuringExecution":[{"topologyKey":"zone",
        "labelSelector":{"matchLabels":{"app":"web"}},"matchLabelKeys":["app"]}]}})");
  Causes causes = testing::Create(*s, pod);
  EXPECT_TRUE(HasCause(
      causes, "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][0]",
      "FieldValueInvalid",
      "Invalid value: \"app\": exists in both matchLabelKeys and labelSelector"));
}

TEST(PodStrategy, GatedPodsStartWithTheSchedulingGatedCondition) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["spec"]["schedulingGates"] = J(R"([{"name":"example.com/wait"}])");
  Causes causes = testing::Create(*s, pod);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  ASSERT_EQ(pod["status"]["conditions"].size(), 1u);
  const Json& c = pod["status"]["conditions"][0];
  EXPECT_EQ(c["type"], "PodScheduled");
  EXPECT_EQ(c["status"], "False");
  EXPECT_EQ(c["reason"], "SchedulingGated");
}

TEST(PodStrategy, CreateAddsTheDefaultNodeTolerations) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  ASSERT_TRUE(testing::Create(*s, pod).empty());
  EXPECT_EQ(pod["spec"]["tolerations"], J(R"([
      {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute",
       "tolerationSeconds":300},
      {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute",
       "tolerationSeconds":300}])"));
  // A pod's own toleration of a taint (any effect, or NoExecute) replaces the default.
  pod = MinimalPod();
  pod["spec"]["tolerations"] = J(R"([{"key":"node.kubernetes.io/unreachable","operator":"Exists"},
      {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoSchedule"}])");
  ASSERT_TRUE(testing::Create(*s, pod).empty());
  ASSERT_EQ(pod["spec"]["tolerations"].size(), 3u);
  EXPECT_EQ(pod["spec"]["tolerations"][2]["key"], "node.kubernetes.io/not-ready");
  EXPECT_EQ(pod["spec"]["tolerations"][2]["effect"], "NoExecute");
  // Tolerating everything needs nothing more.
  pod = MinimalPod();
  pod["spec"]["tolerations"] = J(R"([{"operator":"Exists"}])");
  ASSERT_TRUE(testing::Create(*s, pod).empty());
  EXPECT_EQ(pod["spec"]["tolerations"].size(), 1u);
}

TEST(PodStrategy, CreateReportsMissingImage) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["spec"]["containers"][0].erase("image");
  EXPECT_TRUE(HasCause(testing::Create(*s, pod), "spec.containers[0].image", "FieldValueRequired"));
}

class PodUpdate : public ::testing::Test {
 protected:
  PodUpdate() : s_(NewPodStrategy()), old_(MinimalPod()) {
    testing::Create(*s_, old_);
    old_["metadata"]["resourceVersion"] = "5";
    old_["status"] = J(R"({"phase":"Running","qosClass":"BestEffort"})");
  }
  std::unique_ptr<Strategy> s_;
  Json old_;
};

TEST_F(PodUpdate, ImageChangeIsAllowedAndStatusIsKept) {
  Json pod = old_;
  pod["spec"]["containers"][0]["image"] = "nginx:1.28";
  pod["status"] = J(R"({"phase":"Failed"})");
  Causes causes = testing::Update(*s_, pod, old_);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(pod["status"]["phase"], "Running");
  EXPECT_EQ(pod["spec"]["containers"][0]["image"], "nginx:1.28");
}

TEST_F(PodUpdate, OtherSpecChangesAreForbidden) {
  Json pod = old_;
  pod["spec"]["containers"][0]["env"] = J(R"([{"name":"A","value":"1"}])");
  Causes causes = testing::Update(*s_, pod, old_);
  EXPECT_TRUE(HasCause(causes, "spec", "FieldValueForbidden",
                       "pod updates may not change fields other than "
                       "`spec.containers[*].image`,`spec.initContainers[*].image`,"
                       "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
                       "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to "
                       "be set to 1 if it was previously negative)"));
}

TEST_F(PodUpdate, AddingContainersIsForbidden) {
  Json pod = old_;
  pod["spec"]["containers"].push_back(J(R"({"name":"b","image":"x"})"));
  EXPECT_TRUE(HasCause(testing::Update(*s_, pod, old_), "spec.containers", "FieldValueForbidden",
                       "pod updates may not add or remove containers"));
}

TEST_F(PodUpdate, TolerationsMayOnlyBeAdded) {
  Json base = old_;
  base["spec"]["tolerations"] = J(R"([{"key":"a","operator":"Exists"}])");
  Json added = base;
  added["spec"]["tolerations"].push_back(J(R"({"key":"b","operator":"Exists"})"));
  EXPECT_TRUE(testing::Update(*s_, added, base).empty());
  Json removed = base;
  removed["spec"]["tolerations"] = Json::array();
  EXPECT_TRUE(
      HasCause(testing::Update(*s_, removed, base), "spec.tolerations", "FieldValueForbidden"));
}

TEST_F(PodUpdate, ActiveDeadlineMayOnlyShrink) {
  Json base = old_;
  base["spec"]["activeDeadlineSeconds"] = 100;
  Json shorter = base;
  shorter["spec"]["activeDeadlineSeconds"] = 50;
  EXPECT_TRUE(testing::Update(*s_, shorter, base).empty());
  Json longer = base;
  longer["spec"]["activeDeadlineSeconds"] = 200;
  EXPECT_TRUE(HasCause(testing::Update(*s_, longer, base), "spec.activeDeadlineSeconds",
                       "FieldValueInvalid", "must be less than or equal to previous value"));
}

TEST_F(PodUpdate, StatusUpdateKeepsSpecAndOwnerReferences) {
  Json pod = old_;
  pod["spec"]["nodeName"] = "elsewhere";
  pod["metadata"]["ownerReferences"] = J(R"([{"kind":"ReplicaSet","name":"x"}])");
  pod["metadata"]["labels"] = J(R"({"a":"b"})");
  pod["status"] = J(R"({"phase":"Running","podIP":"10.0.0.5","qosClass":"Guaranteed"})");
  s_->PrepareForStatusUpdate(pod, old_);
  EXPECT_EQ(pod["spec"], old_["spec"]);
  EXPECT_FALSE(pod["metadata"].contains("ownerReferences"));
  EXPECT_EQ(pod["metadata"]["labels"], J(R"({"a":"b"})"));
  EXPECT_EQ(pod["status"]["podIP"], "10.0.0.5");
  EXPECT_EQ(pod["status"]["qosClass"], "BestEffort");
  EXPECT_TRUE(s_->ValidateUpdate(pod, old_).empty());
}

TEST_F(PodUpdate, SchedulingGatesMayOnlyBeRemoved) {
  Json gated = old_;
  gated["spec"]["schedulingGates"] = J(R"([{"name":"a"},{"name":"b"}])");
  Json removed = gated;
  removed["spec"]["schedulingGates"] = J(R"([{"name":"b"}])");
  Causes causes = testing::Update(*s_, removed, gated);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  Json added = gated;
  added["spec"]["schedulingGates"].push_back(J(R"({"name":"c"})"));
  EXPECT_TRUE(HasCause(testing::Update(*s_, added, gated), "spec.schedulingGates[2].name",
                       "FieldValueForbidden",
                       "only deletion is allowed, but found new scheduling gate 'c'"));
}

TEST_F(PodUpdate, GatedPodsMayAddToTheirNodeSelectorAndAffinity) {
  Json gated = old_;
  gated["spec"]["schedulingGates"] = J(R"([{"name":"a"}])");
  gated["spec"]["nodeSelector"] = J(R"({"zone":"a"})");
  Json more = gated;
  more["spec"]["nodeSelector"]["disk"] = "ssd";
  more["spec"]["affinity"] = J(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
      {"nodeSelectorTerms":[{"matchExpressions":[{"key":"k","operator":"Exists"}]}]}}})");
  Causes causes = testing::Update(*s_, more, gated);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  Json changed = gated;
  changed["spec"]["nodeSelector"]["zone"] = "b";
  EXPECT_TRUE(HasCause(testing::Update(*s_, changed, gated), "spec.nodeSelector",
                       "FieldValueInvalid",
                       "Invalid value: map[string]string{\"zone\":\"b\"}: only additions to "
                       "spec.nodeSelector are allowed (no mutations or deletions)"));
  // Existing required terms may only gain expressions.
  Json with_terms = more;
  Json fewer = more;
  fewer["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
       ["nodeSelectorTerms"][0]["matchExpressions"] = Json::array();
  EXPECT_TRUE(HasCause(testing::Update(*s_, fewer, with_terms),
                       "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
                       "nodeSelectorTerms[0]",
                       "FieldValueInvalid", "only additions are allowed"));
  // Without gates the node selector is as immutable as the rest.
  Json ungated = old_;
  ungated["spec"]["nodeSelector"] = J(R"({"zone":"a"})");
  EXPECT_TRUE(HasCause(testing::Update(*s_, ungated, old_), "spec", "FieldValueForbidden"));
}

TEST(PodStrategy, CreateRefusesEphemeralContainersAndBindingAGatedPod) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["spec"]["ephemeralContainers"] = J(R"([{"name":"dbg","image":"busybox"}])");
  EXPECT_TRUE(HasCause(testing::Create(*s, pod), "spec.ephemeralContainers", "FieldValueForbidden",
                       "cannot be set on create"));
  Json bound = MinimalPod();
  bound["spec"]["nodeName"] = "n1";
  bound["spec"]["schedulingGates"] = J(R"([{"name":"a"}])");
  EXPECT_TRUE(HasCause(testing::Create(*s, bound), "spec.nodeName", "FieldValueForbidden",
                       "cannot be set until all schedulingGates have been cleared"));
}

TEST_F(PodUpdate, EphemeralContainersAreAddedThroughTheirSubresourceOnly) {
  Json pod = old_;
  pod["metadata"]["labels"] = J(R"({"changed":"yes"})");
  pod["spec"]["containers"][0]["image"] = "other";
  pod["spec"]["ephemeralContainers"] =
      J(R"([{"name":"dbg","image":"busybox:1.36","targetContainerName":"web"}])");
  s_->Default(pod);
  PrepareEphemeralContainersUpdate(pod, old_);
  Causes causes = ValidateEphemeralContainersUpdate(pod, old_);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  // Only the ephemeral containers came from the request, defaulted.
  EXPECT_FALSE(pod["metadata"].contains("labels"));
  EXPECT_EQ(pod["spec"]["containers"], old_["spec"]["containers"]);
  const Json& dbg = pod["spec"]["ephemeralContainers"][0];
  EXPECT_EQ(dbg["imagePullPolicy"], "IfNotPresent");
  EXPECT_EQ(dbg["terminationMessagePath"], "/dev/termination-log");

  Json removed = pod;
  removed["spec"]["ephemeralContainers"] = Json::array();
  PrepareEphemeralContainersUpdate(removed, pod);
  EXPECT_TRUE(HasCause(ValidateEphemeralContainersUpdate(removed, pod), "spec.ephemeralContainers",
                       "FieldValueForbidden",
                       "existing ephemeral containers \"dbg\" may not be removed"));
  Json changed = pod;
  changed["spec"]["ephemeralContainers"][0]["image"] = "busybox:1.37";
  PrepareEphemeralContainersUpdate(changed, pod);
  EXPECT_TRUE(HasCause(ValidateEphemeralContainersUpdate(changed, pod),
                       "spec.ephemeralContainers.dbg", "FieldValueForbidden",
                       "may not be changed"));
}

TEST_F(PodUpdate, EphemeralContainerRules) {
  Json pod = old_;
  pod["spec"]["ephemeralContainers"] = J(R"([
      {"name":"web","image":"busybox","targetContainerName":"missing",
       "ports":[{"containerPort":80}],"readinessProbe":{"exec":{"command":["true"]}}}])");
  s_->Default(pod);
  PrepareEphemeralContainersUpdate(pod, old_);
  Causes causes = ValidateEphemeralContainersUpdate(pod, old_);
  EXPECT_TRUE(HasCause(causes, "spec.ephemeralContainers[0].name", "FieldValueDuplicate"));
  EXPECT_TRUE(
      HasCause(causes, "spec.ephemeralContainers[0].targetContainerName", "FieldValueNotFound"));
  EXPECT_TRUE(HasCause(causes, "spec.ephemeralContainers[0].ports", "FieldValueForbidden",
                       "cannot be set for an Ephemeral Container"));
  EXPECT_TRUE(
      HasCause(causes, "spec.ephemeralContainers[0].readinessProbe", "FieldValueForbidden"));
  Json mirror = old_;
  mirror["metadata"]["annotations"] = J(R"({"kubernetes.io/config.mirror":"x"})");
  Json debug = mirror;
  debug["spec"]["ephemeralContainers"] = J(R"([{"name":"dbg","image":"busybox"}])");
  PrepareEphemeralContainersUpdate(debug, mirror);
  EXPECT_TRUE(HasCause(ValidateEphemeralContainersUpdate(debug, mirror), "", "FieldValueForbidden",
                       "static pods do not support ephemeral containers"));
}

TEST(PodStrategy, GracePeriod) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  s->Default(pod);
  EXPECT_EQ(s->GracePeriodSeconds(pod), 0) << "unscheduled pods go at once";
  EXPECT_EQ(s->GracePeriodSeconds(pod, 5), 0) << "whatever the client asks";
  pod["spec"]["nodeName"] = "n1";
  pod["status"]["phase"] = "Running";
  EXPECT_EQ(s->GracePeriodSeconds(pod), 30);
  pod["spec"]["terminationGracePeriodSeconds"] = 7;
  EXPECT_EQ(s->GracePeriodSeconds(pod), 7);
  EXPECT_EQ(s->GracePeriodSeconds(pod, 2), 2) << "the client's period wins";
  EXPECT_EQ(s->GracePeriodSeconds(pod, -3), 1);
  pod["status"]["phase"] = "Succeeded";
  EXPECT_EQ(s->GracePeriodSeconds(pod), 0) << "terminated pods go at once";
}

TEST(PodStrategy, CreateCopiesAppArmorAnnotationsToFieldsAndBack) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["metadata"]["annotations"] = J(R"({
      "container.apparmor.security.beta.kubernetes.io/web":"localhost/k8s-web",
      "container.apparmor.security.beta.kubernetes.io/same":"runtime/default"})");
  pod["spec"]["securityContext"] = J(R"({"appArmorProfile":{"type":"RuntimeDefault"}})");
  pod["spec"]["containers"].push_back(J(R"({"name":"same","image":"x"})"));
  pod["spec"]["containers"].push_back(J(R"({"name":"own","image":"x",
      "securityContext":{"appArmorProfile":{"type":"Unconfined"}}})"));
  pod["spec"]["containers"].push_back(J(R"({"name":"inherit","image":"x"})"));
  Causes causes = testing::Create(*s, pod);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  const Json& c = pod["spec"]["containers"];
  EXPECT_EQ(c[0]["securityContext"]["appArmorProfile"],
            J(R"({"type":"Localhost","localhostProfile":"k8s-web"})"));
  EXPECT_FALSE(c[1].contains("securityContext")) << "the pod's profile already says so";
  const Json& a = pod["metadata"]["annotations"];
  EXPECT_EQ(a["container.apparmor.security.beta.kubernetes.io/own"], "unconfined");
  EXPECT_EQ(a["container.apparmor.security.beta.kubernetes.io/inherit"], "runtime/default");
}

TEST(PodStrategy, AppArmorIsNotSyncedOnUpdatesNorForWindowsPods) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["spec"]["os"] = J(R"({"name":"windows"})");
  pod["metadata"]["annotations"] =
      J(R"({"container.apparmor.security.beta.kubernetes.io/web":"runtime/default"})");
  s->Default(pod);
  s->PrepareForCreate(pod);
  EXPECT_FALSE(pod["spec"]["containers"][0].contains("securityContext"));
}

// Upstream's ValidatePodSpecificAnnotations: a mirror pod names its node,
// the deletion cost is a 32-bit integer.
TEST(PodStrategy, MirrorAndDeletionCostAnnotations) {
  auto s = NewPodStrategy();
  for (const char* good : {"0", "-5", "+7", "2147483647", "-2147483648"}) {
    Json pod = MinimalPod();
    pod["metadata"]["annotations"] = {{"controller.kubernetes.io/pod-deletion-cost", good}};
    Causes causes = testing::Create(*s, pod);
    EXPECT_TRUE(causes.empty()) << good << ": " << testing::Describe(causes);
  }
  for (const char* bad : {"", "x", "2147483648", "1.5", " 1"}) {
    Json pod = MinimalPod();
    pod["metadata"]["annotations"] = {{"controller.kubernetes.io/pod-deletion-cost", bad}};
    Causes causes = testing::Create(*s, pod);
    ASSERT_EQ(causes.size(), 1u) << bad << ": " << testing::Describe(causes);
    EXPECT_EQ(causes[0].field, "metadata.annotations[controller.kubernetes.io/pod-deletion-cost]");
    EXPECT_EQ(causes[0].message,
              "Invalid value: " + Json(bad).dump() + ": must be a 32bit integer");
  }
  Json mirror = MinimalPod();
  mirror["metadata"]["annotations"] = {{"kubernetes.io/config.mirror", "abc"}};
  Causes causes = testing::Create(*s, mirror);
  ASSERT_EQ(causes.size(), 1u) << testing::Describe(causes);
  EXPECT_EQ(causes[0].field, "metadata.annotations[kubernetes.io/config.mirror]");
  EXPECT_EQ(causes[0].message,
            "Invalid value: \"abc\": must set spec.nodeName if mirror pod annotation is set");
  mirror["spec"]["nodeName"] = "n1";
  EXPECT_TRUE(testing::Create(*s, mirror).empty());
}

TEST(PodStrategy, AppArmorAnnotationsNameContainersAndProfiles) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["metadata"]["annotations"] = J(R"({
      "container.apparmor.security.beta.kubernetes.io/nosuch":"runtime/default",
      "container.apparmor.security.beta.kubernetes.io/web":"foo"})");
  Causes causes = testing::Create(*s, pod);
  ASSERT_EQ(causes.size(), 2u) << testing::Describe(causes);
  EXPECT_EQ(causes[0].field,
            "metadata.annotations[container.apparmor.security.beta.kubernetes.io/nosuch]");
  EXPECT_EQ(causes[0].message, "Invalid value: \"nosuch\": container not found");
  EXPECT_EQ(causes[1].field,
            "metadata.annotations[container.apparmor.security.beta.kubernetes.io/web]");
  EXPECT_EQ(causes[1].message, "Invalid value: \"foo\": invalid AppArmor profile name: \"foo\"");
}

TEST(PodStrategy, AppArmorFieldAndAnnotationMustMatchOnCreate) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["metadata"]["annotations"] = J(R"({
      "container.apparmor.security.beta.kubernetes.io/web":"unconfined",
      "container.apparmor.security.beta.kubernetes.io/lh":"localhost/a"})");
  pod["spec"]["containers"][0]["securityContext"] =
      J(R"({"appArmorProfile":{"type":"RuntimeDefault"}})");
  pod["spec"]["containers"].push_back(J(R"({"name":"lh","image":"x","securityContext":{
      "appArmorProfile":{"type":"Localhost","localhostProfile":"b"}}})"));
  Causes causes = testing::Create(*s, pod);
  ASSERT_EQ(causes.size(), 2u) << testing::Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.containers[0].securityContext.appArmorProfile.type");
  EXPECT_EQ(causes[0].message, "Forbidden: apparmor type in annotation and field must match");
  EXPECT_EQ(causes[1].field, "spec.containers[1].securityContext.appArmorProfile.localhostProfile");
  EXPECT_EQ(causes[1].message, "Forbidden: apparmor profile in annotation and field must match");
}

TEST(PodStrategy, AppArmorAnnotationsCannotChangeOnUpdate) {
  auto s = NewPodStrategy();
  Json old = MinimalPod();
  old["metadata"]["annotations"] =
      J(R"({"container.apparmor.security.beta.kubernetes.io/web":"runtime/default"})");
  ASSERT_TRUE(testing::Create(*s, old).empty());
  Json pod = old;
  pod["metadata"]["annotations"] =
      J(R"({"container.apparmor.security.beta.kubernetes.io/web":"unconfined"})");
  Causes causes = testing::Update(*s, pod, old);
  EXPECT_TRUE(HasCause(causes,
                       "metadata.annotations[container.apparmor.security.beta.kubernetes.io/web]",
                       "FieldValueForbidden", "may not remove or update AppArmor annotations"));
  pod["metadata"]["annotations"] = J(R"({
      "container.apparmor.security.beta.kubernetes.io/web":"runtime/default",
      "container.apparmor.security.beta.kubernetes.io/x":"runtime/default"})");
  causes = testing::Update(*s, pod, old);
  EXPECT_TRUE(HasCause(causes,
                       "metadata.annotations[container.apparmor.security.beta.kubernetes.io/x]",
                       "FieldValueForbidden", "may not add AppArmor annotations"));
}

TEST(PodStrategy, SeccompAnnotationsAreProfilesAndMatchTheFields) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["metadata"]["annotations"] = J(R"({
      "seccomp.security.alpha.kubernetes.io/pod":"bogus",
      "container.seccomp.security.alpha.kubernetes.io/web":"localhost//abs"})");
  Causes causes = testing::Create(*s, pod);
  ASSERT_EQ(causes.size(), 2u) << testing::Describe(causes);
  EXPECT_EQ(causes[0].field, "metadata.annotations.seccomp.security.alpha.kubernetes.io/pod");
  EXPECT_EQ(causes[0].message, "Invalid value: \"bogus\": must be a valid seccomp profile");
  EXPECT_EQ(causes[1].field,
            "metadata.annotations.container.seccomp.security.alpha.kubernetes.io/web");
  EXPECT_EQ(causes[1].message, "Invalid value: \"/abs\": must be a relative path");

  pod = MinimalPod();
  pod["metadata"]["annotations"] = J(R"({
      "seccomp.security.alpha.kubernetes.io/pod":"docker/default",
      "container.seccomp.security.alpha.kubernetes.io/web":"localhost/a.json"})");
  pod["spec"]["securityContext"] = J(R"({"seccompProfile":{"type":"RuntimeDefault"}})");
  pod["spec"]["containers"][0]["securityContext"] =
      J(R"({"seccompProfile":{"type":"Unconfined"}})");
  causes = testing::Create(*s, pod);
  ASSERT_EQ(causes.size(), 1u) << testing::Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.containers[0].securityContext.seccompProfile.type");
  EXPECT_EQ(causes[0].message, "Forbidden: seccomp type in annotation and field must match");
}

TEST(PodStrategy, PaddedImagesAreRefusedForPodsOnly) {
  auto s = NewPodStrategy();
  Json pod = MinimalPod();
  pod["spec"]["containers"][0]["image"] = " nginx";
  Causes causes = testing::Create(*s, pod);
  ASSERT_EQ(causes.size(), 1u) << testing::Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.containers[0].image");
  EXPECT_EQ(causes[0].message,
            "Invalid value: \" nginx\": must not have leading or trailing whitespace");

  Json old = MinimalPod();
  ASSERT_TRUE(testing::Create(*s, old).empty());
  pod = old;
  pod["spec"]["containers"][0]["image"] = "nginx:1.28 ";
  causes = testing::Update(*s, pod, old);
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].image", "FieldValueInvalid",
                       "must not have leading or trailing whitespace"));

  Json tmpl = J(R"({"spec":{"containers":[{"name":"a","image":" "}]}})");
  DefaultPodTemplate(tmpl);
  causes.clear();
  ValidatePodTemplate(tmpl, "spec.template", causes);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

}  // namespace
}  // namespace wisp::strategies
