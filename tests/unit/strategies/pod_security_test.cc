// Pod Security admission plumbing: namespace labels, level and version
// selection, aggregate messages, update significance, pod templates and the
// existing-pod warnings of a namespace update.
#include "wisp/strategies/pod_security.h"

#include <gmock/gmock.h>

#include "strategy_test_util.h"
#include "wisp/base/strings.h"

namespace wisp::strategies::podsecurity {
namespace {

using base::StrCat;
using ::testing::ElementsAre;
using testing::J;

const LevelVersion kPrivilegedLatest{Level::kPrivileged, Version::Latest()};

LevelVersion LV(Level level, Version version = Version::Latest()) { return {level, version}; }

// Labels with the pod-security.kubernetes.io/ prefix added, plus an
// unrelated label, as upstream's makeLabels builds them.
Json Labels(std::initializer_list<std::pair<std::string, std::string>> kvs) {
  Json labels = {{"other-label", "foo-bar"}};
  for (const auto& [k, v] : kvs) labels[StrCat("pod-security.kubernetes.io/", k)] = v;
  return labels;
}

constexpr std::string_view kCompliant =
    R"({"name":"ok","image":"x","securityContext":{"allowPrivilegeEscalation":false,
        "capabilities":{"drop":["ALL"]},"runAsNonRoot":true,
        "seccompProfile":{"type":"RuntimeDefault"}}})";

TEST(PodSecurity, ParsesLevelsAndVersionsLikeUpstream) {
  EXPECT_EQ(ParseLevel("baseline"), Level::kBaseline);
  EXPECT_EQ(ParseLevel("Baseline"), std::nullopt);
  EXPECT_EQ(ParseVersion("latest"), Version::Latest());
  EXPECT_EQ(ParseVersion("v1.0"), Version::V1(0));
  EXPECT_EQ(ParseVersion("v1.32"), Version::V1(32));
  EXPECT_EQ(ParseVersion("v1.10000"), Version::V1(10000));
  for (const char* bad : {"foo", "", "v2.0", "v1", "1.1", "v1.01", "v1.", "v1.-1", "v1.-0", "v1.+1",
                          "v1.2 ", "Latest", "v1.99999999999999999999"}) {
    EXPECT_EQ(ParseVersion(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(LV(Level::kRestricted).String(), "restricted:latest");
  EXPECT_EQ(LV(Level::kBaseline, Version::V1(30)).String(), "baseline:v1.30");
  EXPECT_EQ(CompareLevels(Level::kBaseline, Level::kRestricted), -1);
  EXPECT_EQ(CompareLevels(Level::kRestricted, Level::kPrivileged), 1);
  EXPECT_EQ(CompareLevels(Level::kBaseline, Level::kBaseline), 0);
}

TEST(PodSecurity, PolicyFromLabelsMatchesUpstreamCases) {
  const LevelVersion p = kPrivilegedLatest;
  const LevelVersion baseline = LV(Level::kBaseline);
  const LevelVersion restricted = LV(Level::kRestricted);
  struct Case {
    const char* desc;
    Json labels;
    Policy expect;
    bool expect_err;
  };
  const std::vector<Case> cases = {
      {"simple enforce", Labels({{"enforce", "baseline"}}), {baseline, p, baseline}, false},
      {"simple warn", Labels({{"warn", "restricted"}}), {p, p, restricted}, false},
      {"simple audit", Labels({{"audit", "baseline"}}), {p, baseline, p}, false},
      {"enforce & warn",
       Labels({{"enforce", "baseline"}, {"warn", "restricted"}}),
       {baseline, p, restricted},
       false},
      {"enforce version",
       Labels({{"enforce", "baseline"}, {"enforce-version", "v1.22"}}),
       {LV(Level::kBaseline, Version::V1(22)), p, LV(Level::kBaseline, Version::V1(22))},
       false},
      {"enforce version & warn-version",
       Labels({{"enforce", "baseline"}, {"enforce-version", "v1.22"}, {"warn-version", "latest"}}),
       {LV(Level::kBaseline, Version::V1(22)), p, baseline},
       false},
      {"enforce & warn-version",
       Labels({{"enforce", "baseline"}, {"warn-version", "v1.23"}}),
       {baseline, p, LV(Level::kBaseline, Version::V1(23))},
       false},
      {"fully specd",
       Labels({{"enforce", "baseline"},
               {"enforce-version", "v1.20"},
               {"warn", "restricted"},
               {"warn-version", "v1.21"},
               {"audit", "restricted"},
               {"audit-version", "v1.22"}}),
       {LV(Level::kBaseline, Version::V1(20)), LV(Level::kRestricted, Version::V1(22)),
        LV(Level::kRestricted, Version::V1(21))},
       false},
      {"enforce no warn",
       Labels({{"enforce", "baseline"}, {"warn", "privileged"}}),
       {baseline, p, p},
       false},
      {"enforce warn error",
       Labels({{"enforce", "baseline"}, {"warn", "foo"}}),
       {baseline, p, p},
       true},
      {"enforce error", Labels({{"enforce", "foo"}}), {restricted, p, p}, true},
  };
  for (const Case& c : cases) {
    PolicyResult r = PolicyFromLabels(c.labels);
    EXPECT_EQ(r.policy.enforce.String(), c.expect.enforce.String()) << c.desc;
    EXPECT_EQ(r.policy.audit.String(), c.expect.audit.String()) << c.desc;
    EXPECT_EQ(r.policy.warn.String(), c.expect.warn.String()) << c.desc;
    EXPECT_EQ(!r.errors.empty(), c.expect_err) << c.desc << "\n" << testing::Describe(r.errors);
  }
}

TEST(PodSecurity, MissingLabelsKeepTheDefaults) {
  const Policy defaults{LV(Level::kBaseline, Version::V1(25)), LV(Level::kRestricted),
                        kPrivilegedLatest};
  EXPECT_EQ(PolicyFromLabels(Json(nullptr), defaults).policy, defaults);
  EXPECT_EQ(PolicyFromLabels(Json::object(), defaults).policy, defaults);
  EXPECT_EQ(PolicyFromLabels(J(R"({"app":"x"})"), defaults).policy, defaults);
  EXPECT_TRUE(PolicyFromLabels(J(R"({"app":"x"})")).policy.FullyPrivileged());
  // Warn only follows enforce when that is stricter than warn already is.
  const Policy warned{kPrivilegedLatest, kPrivilegedLatest, LV(Level::kRestricted)};
  EXPECT_EQ(PolicyFromLabels(Labels({{"enforce", "baseline"}}), warned).policy.warn.String(),
            "restricted:latest");
  // Non-string label values are ignored, not errors.
  EXPECT_TRUE(PolicyFromLabels(J(R"({"pod-security.kubernetes.io/enforce":5})")).errors.empty());
}

TEST(PodSecurity, LabelErrorsNameTheLabelAndUpstreamsDetail) {
  PolicyResult r = PolicyFromLabels(Labels(
      {{"warn-version", "x"}, {"enforce", "foo"}, {"enforce-version", "v1"}, {"audit", "bar"}}));
  ASSERT_EQ(r.errors.size(), 4u) << testing::Describe(r.errors);
  EXPECT_EQ(r.errors[0].field, "metadata.labels[pod-security.kubernetes.io/enforce]");
  EXPECT_EQ(r.errors[0].reason, "FieldValueInvalid");
  EXPECT_EQ(r.errors[0].message,
            "Invalid value: \"foo\": must be one of privileged, baseline, restricted");
  EXPECT_EQ(r.errors[1].field, "metadata.labels[pod-security.kubernetes.io/enforce-version]");
  EXPECT_EQ(r.errors[1].message, "Invalid value: \"v1\": must be \"latest\" or \"v1.x\"");
  EXPECT_EQ(r.errors[2].field, "metadata.labels[pod-security.kubernetes.io/audit]");
  EXPECT_EQ(r.errors[3].field, "metadata.labels[pod-security.kubernetes.io/warn-version]");
  // Enforce fails closed, audit open, versions fall back to latest.
  EXPECT_EQ(r.policy.enforce.String(), "restricted:latest");
  EXPECT_EQ(r.policy.audit.String(), "privileged:latest");
  EXPECT_EQ(r.policy.warn.String(), "privileged:latest");
}

TEST(PodSecurity, NamespaceUpdatesRejectOnlyNewLabelErrors) {
  Causes bad = PolicyFromLabels(Labels({{"enforce", "foo"}})).errors;
  Causes other = PolicyFromLabels(Labels({{"enforce", "bar"}})).errors;
  EXPECT_TRUE(LabelErrorsRejectUpdate(bad, {}));
  EXPECT_FALSE(LabelErrorsRejectUpdate(bad, bad));
  EXPECT_TRUE(LabelErrorsRejectUpdate(bad, other));
  EXPECT_FALSE(LabelErrorsRejectUpdate({}, bad));
}

TEST(PodSecurity, OnlyATighterEnforceLevelChecksExistingPods) {
  auto policy = [](LevelVersion enforce) { return Policy{enforce, {}, {}}; };
  const LevelVersion restricted = LV(Level::kRestricted);
  EXPECT_FALSE(EnforceTightened(policy(restricted), policy(restricted)));
  EXPECT_FALSE(EnforceTightened(policy(kPrivilegedLatest), policy(restricted)));
  EXPECT_FALSE(EnforceTightened(policy(LV(Level::kBaseline)), policy(restricted)));
  EXPECT_TRUE(EnforceTightened(policy(restricted), policy(LV(Level::kBaseline))));
  EXPECT_TRUE(EnforceTightened(policy(LV(Level::kBaseline)), policy(kPrivilegedLatest)));
  EXPECT_TRUE(EnforceTightened(policy(LV(Level::kBaseline, Version::V1(30))),
                               policy(LV(Level::kRestricted))));
}

TEST(PodSecurity, AggregateDetailIsUpstreamsText) {
  const Json spec = J(R"({"containers":[{"name":"c","image":"x"}]})");
  EXPECT_EQ(ForbiddenDetail(Evaluate(LV(Level::kRestricted), J("{}"), spec)),
            "allowPrivilegeEscalation != false (container \"c\" must set "
            "securityContext.allowPrivilegeEscalation=false), unrestricted capabilities "
            "(container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), "
            "runAsNonRoot != true (pod or container \"c\" must set "
            "securityContext.runAsNonRoot=true), seccompProfile (pod or container \"c\" must set "
            "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
  EXPECT_EQ(ForbiddenDetail({{"a", "x"}, {"b", ""}, {"c", "y"}}), "a (x), b, c (y)");
  EXPECT_EQ(ForbiddenReason({{"a", "x"}, {"b", ""}}), "a, b");
  EXPECT_EQ(ForbiddenDetail({}), "");
}

TEST(PodSecurity, BaselineChecksComeFirstAndRestrictedOverridesSome) {
  const Json spec = J(R"({"hostNetwork":true,"volumes":[{"name":"h","hostPath":{"path":"/"}}],
      "containers":[{"name":"c","ports":[{"hostPort":80}],
        "securityContext":{"privileged":true,"capabilities":{"add":["NET_RAW"]}}}]})");
  const Json meta = Json::object();
  EXPECT_EQ(ForbiddenReason(Evaluate(LV(Level::kRestricted), meta, spec)),
            "host namespaces, hostPort, privileged, allowPrivilegeEscalation != false, "
            "unrestricted capabilities, restricted volume types, runAsNonRoot != true, "
            "seccompProfile");
  EXPECT_EQ(ForbiddenReason(Evaluate(LV(Level::kBaseline), meta, spec)),
            "non-default capabilities, host namespaces, hostPath volumes, hostPort, privileged");
  EXPECT_TRUE(Evaluate(kPrivilegedLatest, meta, spec).empty());
  // v1.0 restricted: no allowPrivilegeEscalation, baseline capabilities and
  // annotation-based seccomp still in force, hostPath replaced.
  EXPECT_EQ(ForbiddenReason(Evaluate(LV(Level::kRestricted, Version::V1(0)), meta, spec)),
            "non-default capabilities, host namespaces, hostPort, privileged, restricted volume "
            "types, runAsNonRoot != true");
}

TEST(PodSecurity, VersionsNewerThanThePolicyEvaluateAsLatest) {
  const Json spec = J(R"({"securityContext":{"sysctls":[{"name":"net.ipv4.tcp_wmem"}]}})");
  EXPECT_TRUE(Evaluate(LV(Level::kBaseline, Version::V1(40)), J("{}"), spec).empty());
  EXPECT_TRUE(Evaluate(LV(Level::kBaseline), J("{}"), spec).empty());
  EXPECT_EQ(ForbiddenDetail(Evaluate(LV(Level::kBaseline, Version::V1(31)), J("{}"), spec)),
            "forbidden sysctls (net.ipv4.tcp_wmem)");
  // A compliant pod passes every level and version.
  const Json good =
      J(StrCat(R"({"securityContext":{"runAsUser":1000},"containers":[)", kCompliant, "]}"));
  for (int minor = 0; minor <= 40; ++minor) {
    EXPECT_TRUE(Evaluate(LV(Level::kRestricted, Version::V1(minor)), J("{}"), good).empty())
        << minor;
  }
}

TEST(PodSecurity, SignificantPodUpdatesAreImagesSeccompAnnotationsAndNewEphemerals) {
  const Json old = J(R"({"metadata":{"name":"p","labels":{"a":"1"},"annotations":{
      "container.seccomp.security.alpha.kubernetes.io/c":"runtime/default"}},
    "spec":{"initContainers":[{"name":"i","image":"i:1"}],"containers":[{"name":"c","image":"c:1"}],
      "ephemeralContainers":[{"name":"e","image":"e:1"}]}})");
  auto changed = [&](const char* ptr, Json value) {
    Json pod = old;
    pod[Json::json_pointer(ptr)] = std::move(value);
    return IsSignificantPodUpdate(pod, old);
  };
  EXPECT_FALSE(IsSignificantPodUpdate(old, old));
  EXPECT_FALSE(changed("/metadata/labels/a", "2"));
  EXPECT_FALSE(changed("/spec/activeDeadlineSeconds", 5));
  EXPECT_FALSE(
      changed("/metadata/annotations/seccomp.security.alpha.kubernetes.io~1pod", "unconfined"));
  EXPECT_FALSE(changed("/spec/containers/0/securityContext", J(R"({"privileged":true})")));
  EXPECT_TRUE(changed("/spec/containers/0/image", "c:2"));
  EXPECT_TRUE(changed("/spec/initContainers/0/image", "i:2"));
  EXPECT_TRUE(changed("/spec/containers/1", J(R"({"name":"d","image":"d"})")));
  EXPECT_TRUE(changed("/spec/initContainers", Json::array()));
  EXPECT_TRUE(changed("/metadata/annotations/container.seccomp.security.alpha.kubernetes.io~1c",
                      "unconfined"));
  EXPECT_TRUE(changed("/spec/ephemeralContainers/1", J(R"({"name":"f","image":"f"})")));
  EXPECT_TRUE(changed("/spec/ephemeralContainers/0/image", "e:2"));
  EXPECT_FALSE(IsSignificantPodUpdate(J("{}"), J("[]")));
}

TEST(PodSecurity, ExtractsThePodTemplateOfEachWorkloadKind) {
  const Json tmpl = J(R"({"metadata":{"labels":{"a":"b"}},"spec":{"hostPID":true}})");
  auto extract = [](std::string_view group, std::string_view resource, const Json& obj) {
    std::optional<PodTemplate> t = ExtractPodTemplate(group, resource, obj);
    return t ? Json{{"metadata", *t->metadata}, {"spec", *t->spec}} : Json("none");
  };
  EXPECT_EQ(extract("", "pods", tmpl), tmpl);
  EXPECT_EQ(extract("", "podtemplates", Json{{"template", tmpl}}), tmpl);
  EXPECT_EQ(extract("", "replicationcontrollers", Json{{"spec", {{"template", tmpl}}}}), tmpl);
  for (const char* r : {"replicasets", "deployments", "statefulsets", "daemonsets"}) {
    EXPECT_EQ(extract("apps", r, Json{{"spec", {{"template", tmpl}}}}), tmpl) << r;
    EXPECT_TRUE(HasPodTemplate("apps", r));
  }
  EXPECT_EQ(extract("batch", "jobs", Json{{"spec", {{"template", tmpl}}}}), tmpl);
  EXPECT_EQ(extract("batch", "cronjobs",
                    Json{{"spec", {{"jobTemplate", {{"spec", {{"template", tmpl}}}}}}}}),
            tmpl);
  // Only a ReplicationController's template may be missing; the others embed
  // an (empty) one.
  EXPECT_EQ(extract("", "replicationcontrollers", J(R"({"spec":{}})")), "none");
  EXPECT_EQ(extract("apps", "deployments", J("{}")), J(R"({"metadata":{},"spec":{}})"));
  EXPECT_EQ(extract("", "services", tmpl), "none");
  EXPECT_EQ(extract("", "deployments", tmpl), "none");
  EXPECT_EQ(extract("apps", "controllerrevisions", tmpl), "none");
  EXPECT_FALSE(HasPodTemplate("batch", "pods"));
}

// A pod named `name`, controlled by `uid` when non-empty, with one container.
Json Pod(std::string_view name, std::string_view uid, std::string_view container,
         std::string_view runtime_class = "") {
  Json pod =
      J(StrCat(R"({"metadata":{"name":")", name, R"("},"spec":{"containers":[)", container, "]}}"));
  if (!uid.empty()) {
    pod["metadata"]["ownerReferences"] =
        J(StrCat(R"([{"kind":"Other","uid":"x"},{"kind":"ReplicaSet","controller":true,"uid":")",
                 uid, R"("}])"));
  }
  if (!runtime_class.empty()) pod["spec"]["runtimeClassName"] = runtime_class;
  return pod;
}

constexpr std::string_view kPlain = R"({"name":"c","image":"x"})";
constexpr std::string_view kPrivileged =
    R"({"name":"c","image":"x","securityContext":{"privileged":true}})";
constexpr std::string_view kPlainReasons =
    "allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, "
    "seccompProfile";

std::vector<Json> NamespacePods() {
  return {Pod("web-b", "u1", kPlain),    Pod("web-a", "u1", kPlain),
          Pod("web-c", "u1", kPlain),    Pod("solo", "", kPrivileged),
          Pod("good", "u2", kCompliant), Pod("sandboxed", "", kPrivileged, "gvisor")};
}

TEST(PodSecurity, ExistingPodWarningsGroupIdenticalReasons) {
  const std::vector<Json> pods = NamespacePods();
  ExistingPodsOptions options;
  options.exempt_runtime_classes = {"gvisor"};
  EXPECT_THAT(ExistingPodWarnings("ns", LV(Level::kRestricted), pods, options),
              ElementsAre("existing pods in namespace \"ns\" violate the new PodSecurity enforce "
                          "level \"restricted:latest\"",
                          StrCat("solo: privileged, ", kPlainReasons),
                          StrCat("web-a (and 2 other pods): ", kPlainReasons)));
  EXPECT_THAT(ExistingPodWarnings("ns", LV(Level::kBaseline, Version::V1(30)), pods),
              ElementsAre("existing pods in namespace \"ns\" violate the new PodSecurity enforce "
                          "level \"baseline:v1.30\"",
                          "sandboxed (and 1 other pod): privileged"));
  EXPECT_TRUE(ExistingPodWarnings("ns", LV(Level::kRestricted), {}).empty());
  EXPECT_TRUE(
      ExistingPodWarnings("ns", LV(Level::kRestricted), std::span(pods).subspan(4, 1)).empty());
}

TEST(PodSecurity, ExistingPodWarningsStopAtTheLimitsOneControllerFirst) {
  const std::vector<Json> pods = NamespacePods();
  ExistingPodsOptions options;
  options.exempt_runtime_classes = {"gvisor"};
  options.max_pods = 2;  // web-b, then solo: the other web replicas wait
  EXPECT_THAT(
      ExistingPodWarnings("ns", LV(Level::kRestricted), pods, options),
      ElementsAre("new PodSecurity enforce level only checked against the first 2 of 5 "
                  "existing pods",
                  "existing pods in namespace \"ns\" violate the new PodSecurity enforce "
                  "level \"restricted:latest\"",
                  StrCat("solo: privileged, ", kPlainReasons), StrCat("web-b: ", kPlainReasons)));
  options.max_pods = 3000;
  int calls = 0;
  options.out_of_time = [&] { return ++calls >= 1; };
  EXPECT_THAT(ExistingPodWarnings("ns", LV(Level::kRestricted), pods, options),
              ElementsAre("new PodSecurity enforce level only checked against the first 1 of 5 "
                          "existing pods",
                          "existing pods in namespace \"ns\" violate the new PodSecurity enforce "
                          "level \"restricted:latest\"",
                          StrCat("web-b: ", kPlainReasons)));
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace wisp::strategies::podsecurity
