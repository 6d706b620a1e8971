// The Pod Security Standards checks, one upstream check per test, through
// the public Evaluate; expected texts follow upstream's check tests.
#include <gmock/gmock.h>

#include "strategy_test_util.h"
#include "wisp/base/strings.h"
#include "wisp/strategies/pod_security.h"

namespace wisp::strategies::podsecurity {
namespace {

using base::StrCat;
using testing::J;

// A container that passes every restricted check.
constexpr std::string_view kGood =
    R"({"name":"ok","securityContext":{"allowPrivilegeEscalation":false,
        "capabilities":{"drop":["ALL"]},"runAsNonRoot":true,
        "seccompProfile":{"type":"RuntimeDefault"}}})";

std::vector<Violation> Eval(Level level, Version version, std::string_view spec,
                            std::string_view meta = "{}") {
  return Evaluate({level, version}, J(meta), J(spec));
}

// The aggregate text of a baseline evaluation.
std::string Baseline(std::string_view spec, std::string_view meta = "{}",
                     Version version = Version::Latest()) {
  return ForbiddenDetail(Eval(Level::kBaseline, version, spec, meta));
}

// "reason (detail)" of the one restricted failure with `reason`, "" if none.
std::string Restricted(std::string_view reason, std::string_view spec,
                       Version version = Version::Latest(), std::string_view meta = "{}") {
  for (const Violation& v : Eval(Level::kRestricted, version, spec, meta)) {
    if (v.reason == reason) return ForbiddenDetail({v});
  }
  return "";
}

TEST(PodSecurityChecks, HostNamespacesListsEachSharedNamespaceInFieldOrder) {
  EXPECT_EQ(Baseline(R"({"hostIPC":true,"hostPID":true,"hostNetwork":true})"),
            "host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)");
  EXPECT_EQ(Baseline(R"({"hostIPC":true})"), "host namespaces (hostIPC=true)");
  EXPECT_EQ(Baseline(R"({"hostNetwork":false,"hostPID":false})"), "");
}

TEST(PodSecurityChecks, PrivilegedNamesInitRegularAndEphemeralContainersInThatOrder) {
  EXPECT_EQ(Baseline(R"({
      "containers":[{"name":"a","securityContext":{"privileged":true}},
                    {"name":"b","securityContext":{"privileged":false}}],
      "initContainers":[{"name":"i","securityContext":{"privileged":true}}],
      "ephemeralContainers":[{"name":"e","securityContext":{"privileged":true}}]})"),
            "privileged (containers \"i\", \"a\", \"e\" must not set "
            "securityContext.privileged=true)");
  EXPECT_EQ(Baseline(R"({"containers":[{"name":"a","securityContext":{"privileged":true}}]})"),
            "privileged (container \"a\" must not set securityContext.privileged=true)");
}

TEST(PodSecurityChecks, BaselineCapabilitiesAllowOnlyTheDefaultSet) {
  EXPECT_EQ(Baseline(R"({"containers":[
      {"name":"a","securityContext":{"capabilities":{"add":["NET_RAW","CHOWN"]}}},
      {"name":"b","securityContext":{"capabilities":{"add":["SYS_ADMIN","NET_RAW"]}}},
      {"name":"c","securityContext":{"capabilities":{"add":["NET_BIND_SERVICE","KILL"]}}}]})"),
            "non-default capabilities (containers \"a\", \"b\" must not include \"NET_RAW\", "
            "\"SYS_ADMIN\" in securityContext.capabilities.add)");
}

TEST(PodSecurityChecks, HostPathVolumesAreNamed) {
  EXPECT_EQ(Baseline(R"({"volumes":[{"name":"h1","hostPath":{"path":"/"}},
      {"name":"e","emptyDir":{}},{"name":"h2","hostPath":{}},{"name":"n","hostPath":null}]})"),
            "hostPath volumes (volumes \"h1\", \"h2\")");
  EXPECT_EQ(Baseline(R"({"volumes":[{"name":"h1","hostPath":{"path":"/"}}]})"),
            "hostPath volumes (volume \"h1\")");
}

TEST(PodSecurityChecks, HostPortsAreListedSortedAsStrings) {
  EXPECT_EQ(Baseline(R"({"containers":[
      {"name":"a","ports":[{"containerPort":80,"hostPort":8080},{"hostPort":80}]},
      {"name":"b","ports":[{"hostPort":10000},{"containerPort":9000,"hostPort":0}]},
      {"name":"c","ports":[{"containerPort":9000}]}]})"),
            "hostPort (containers \"a\", \"b\" use hostPorts 10000, 80, 8080)");
  EXPECT_EQ(Baseline(R"({"containers":[{"name":"a","ports":[{"hostPort":80}]}]})"),
            "hostPort (container \"a\" uses hostPort 80)");
}

TEST(PodSecurityChecks, AppArmorFieldsAndAnnotations) {
  EXPECT_EQ(Baseline(R"({"securityContext":{"appArmorProfile":{"type":"Unconfined"}}})"),
            "forbidden AppArmor profile (pod must not set AppArmor profile type to "
            "\"Unconfined\")");
  EXPECT_EQ(Baseline(R"({"initContainers":[{"name":"bar",
      "securityContext":{"appArmorProfile":{"type":"Unconfined"}}}],
      "containers":[{"name":"foo","securityContext":{"appArmorProfile":{"type":"Localhost",
      "localhostProfile":"p"}}}]})"),
            "forbidden AppArmor profile (container \"bar\" must not set AppArmor profile type "
            "to \"Unconfined\")");
  // Upstream's "multiple containers" case: annotations sorted, values %q-quoted.
  EXPECT_EQ(Baseline("{}", R"({"annotations":{
      "container.apparmor.security.beta.kubernetes.io/":"bogus",
      "container.apparmor.security.beta.kubernetes.io/a":"",
      "container.apparmor.security.beta.kubernetes.io/b":"runtime/default",
      "container.apparmor.security.beta.kubernetes.io/c":"localhost/",
      "container.apparmor.security.beta.kubernetes.io/d":"localhost/foo",
      "container.apparmor.security.beta.kubernetes.io/e":"unconfined",
      "container.apparmor.security.beta.kubernetes.io/f":"unknown",
      "other":"unconfined"}})"),
            "forbidden AppArmor profiles (annotations must not set AppArmor profile type to "
            "\"container.apparmor.security.beta.kubernetes.io/=\"bogus\"\", "
            "\"container.apparmor.security.beta.kubernetes.io/e=\"unconfined\"\", "
            "\"container.apparmor.security.beta.kubernetes.io/f=\"unknown\"\")");
  // Field values first, then annotations, all in one list.
  EXPECT_EQ(Baseline(R"({"securityContext":{"appArmorProfile":{"type":"Unconfined"}},
      "containers":[{"name":"c","securityContext":{"appArmorProfile":{}}}]})",
                     R"({"annotations":{
      "container.apparmor.security.beta.kubernetes.io/c":"un\"confined\n"}})"),
            "forbidden AppArmor profiles (pod and container \"c\" and annotation must not set "
            "AppArmor profile type to \"\", \"Unconfined\", "
            "\"container.apparmor.security.beta.kubernetes.io/c=\"un\\\"confined\\n\"\")");
}

TEST(PodSecurityChecks, SeLinuxOptionsTypesUserAndRole) {
  const std::string_view spec = R"({
      "securityContext":{"seLinuxOptions":{"type":"foo","user":"bar","role":"baz"}},
      "containers":[
        {"name":"a","securityContext":{"seLinuxOptions":{"type":"container_t"}}},
        {"name":"b","securityContext":{"seLinuxOptions":{"type":"container_init_t"}}},
        {"name":"c","securityContext":{"seLinuxOptions":{"type":"container_kvm_t"}}},
        {"name":"d","securityContext":{"seLinuxOptions":{"type":"container_engine_t"}}},
        {"name":"e","securityContext":{"seLinuxOptions":{"type":"bar"}}},
        {"name":"f","securityContext":{"seLinuxOptions":{"user":"bar"}}},
        {"name":"g","securityContext":{"seLinuxOptions":{"role":"baz"}}}]})";
  EXPECT_EQ(Baseline(spec),
            "seLinuxOptions (pod and containers \"e\", \"f\", \"g\" set forbidden "
            "securityContext.seLinuxOptions: types \"bar\", \"foo\"; user may not be set; role "
            "may not be set)");
  EXPECT_EQ(Baseline(R"({"securityContext":{"seLinuxOptions":{"user":"bad"}}})"),
            "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: user may not be "
            "set)");
  // container_engine_t is allowed from v1.31 on.
  const std::string_view engine =
      R"({"containers":[{"name":"d","securityContext":{"seLinuxOptions":{"type":"container_engine_t"}}}]})";
  EXPECT_EQ(Baseline(engine, "{}", Version::V1(30)),
            "seLinuxOptions (container \"d\" set forbidden securityContext.seLinuxOptions: type "
            "\"container_engine_t\")");
  EXPECT_EQ(Baseline(engine, "{}", Version::V1(31)), "");
}

TEST(PodSecurityChecks, ProcMountMustBeDefault) {
  EXPECT_EQ(Baseline(R"({"containers":[
      {"name":"a","securityContext":{"procMount":"Unmasked"}},
      {"name":"b","securityContext":{"procMount":"Default"}},
      {"name":"c","securityContext":{}}]})"),
            "procMount (container \"a\" must not set securityContext.procMount to \"Unmasked\")");
}

TEST(PodSecurityChecks, BaselineSeccompRejectsOnlyExplicitBadProfiles) {
  EXPECT_EQ(Baseline(R"({"securityContext":{"seccompProfile":{"type":"Unconfined"}},
      "containers":[{"name":"a"},{"name":"b","securityContext":{}},
        {"name":"c","securityContext":{"seccompProfile":{"type":"Unconfined"}}},
        {"name":"d","securityContext":{"seccompProfile":{"type":"Unconfined"}}},
        {"name":"e","securityContext":{"seccompProfile":{"type":"RuntimeDefault"}}}]})"),
            "seccompProfile (pod and containers \"c\", \"d\" must not set "
            "securityContext.seccompProfile.type to \"Unconfined\")");
  EXPECT_EQ(Baseline(R"({"containers":[{"name":"a"}]})"), "");
}

TEST(PodSecurityChecks, SeccompBeforeV119IsJudgedByAnnotations) {
  const std::string_view spec = R"({"containers":[{"name":"a"},{"name":"b"},{"name":"c"}],
      "securityContext":{"seccompProfile":{"type":"Unconfined"}}})";
  const std::string_view meta = R"({"annotations":{
      "seccomp.security.alpha.kubernetes.io/pod":"unconfined",
      "container.seccomp.security.alpha.kubernetes.io/a":"unconfined",
      "container.seccomp.security.alpha.kubernetes.io/b":"unknown",
      "container.seccomp.security.alpha.kubernetes.io/c":"localhost/p",
      "container.seccomp.security.alpha.kubernetes.io/z":"unconfined"}})";
  EXPECT_EQ(Baseline(spec, meta, Version::V1(18)),
            "seccompProfile (forbidden annotations "
            "container.seccomp.security.alpha.kubernetes.io/a=\"unconfined\", "
            "container.seccomp.security.alpha.kubernetes.io/b=\"unknown\", "
            "seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")");
  EXPECT_EQ(Baseline("{}", R"({"annotations":{"seccomp.security.alpha.kubernetes.io/pod":""}})",
                     Version::V1(0)),
            "seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod=\"\")");
  // From v1.19 the fields count and the annotations are ignored.
  EXPECT_EQ(Baseline(spec, meta, Version::V1(19)),
            "seccompProfile (pod must not set securityContext.seccompProfile.type to "
            "\"Unconfined\")");
}

TEST(PodSecurityChecks, SysctlsSafeListGrowsWithTheVersion) {
  const std::string_view spec = R"({"securityContext":{"sysctls":[
      {"name":"kernel.shm_rmid_forced","value":"1"},{"name":"net.ipv4.tcp_rmem","value":"1"},
      {"name":"net.ipv4.tcp_keepalive_time","value":"1"},
      {"name":"net.ipv4.ip_local_reserved_ports","value":"1"},
      {"name":"kernel.msgmax","value":"1"}]}})";
  EXPECT_EQ(Baseline(spec), "forbidden sysctls (kernel.msgmax)");
  EXPECT_EQ(Baseline(spec, "{}", Version::V1(32)), "forbidden sysctls (kernel.msgmax)");
  EXPECT_EQ(Baseline(spec, "{}", Version::V1(31)),
            "forbidden sysctls (net.ipv4.tcp_rmem, kernel.msgmax)");
  EXPECT_EQ(Baseline(spec, "{}", Version::V1(28)),
            "forbidden sysctls (net.ipv4.tcp_rmem, net.ipv4.tcp_keepalive_time, kernel.msgmax)");
  EXPECT_EQ(Baseline(spec, "{}", Version::V1(26)),
            "forbidden sysctls (net.ipv4.tcp_rmem, net.ipv4.tcp_keepalive_time, "
            "net.ipv4.ip_local_reserved_ports, kernel.msgmax)");
}

TEST(PodSecurityChecks, WindowsHostProcessOnPodAndContainers) {
  EXPECT_EQ(Baseline(R"({"securityContext":{"windowsOptions":{"hostProcess":true}},
      "containers":[{"name":"a","securityContext":{"windowsOptions":{"hostProcess":true}}},
                    {"name":"b","securityContext":{"windowsOptions":{"hostProcess":false}}}]})"),
            "hostProcess (pod and container \"a\" must not set "
            "securityContext.windowsOptions.hostProcess=true)");
}

TEST(PodSecurityChecks, AllowPrivilegeEscalationMustBeExplicitlyFalse) {
  const std::string spec = StrCat(R"({"containers":[{"name":"a"},
      {"name":"b","securityContext":{"allowPrivilegeEscalation":true}},)",
                                  kGood, "]}");
  EXPECT_EQ(Restricted("allowPrivilegeEscalation != false", spec),
            "allowPrivilegeEscalation != false (containers \"a\", \"b\" must set "
            "securityContext.allowPrivilegeEscalation=false)");
  // The field arrived in v1.8.
  EXPECT_EQ(Restricted("allowPrivilegeEscalation != false", spec, Version::V1(7)), "");
}

TEST(PodSecurityChecks, RestrictedCapabilitiesDropAllAndAddOnlyNetBindService) {
  const std::string_view spec = R"({"containers":[{"name":"a"},
      {"name":"b","securityContext":{"capabilities":{"drop":["ALL"],"add":["NET_BIND_SERVICE"]}}},
      {"name":"c","securityContext":{"capabilities":{"drop":["NET_RAW"],
                                                     "add":["SYS_ADMIN","CHOWN"]}}}]})";
  EXPECT_EQ(Restricted("unrestricted capabilities", spec),
            "unrestricted capabilities (containers \"a\", \"c\" must set "
            "securityContext.capabilities.drop=[\"ALL\"]; container \"c\" must not include "
            "\"CHOWN\", \"SYS_ADMIN\" in securityContext.capabilities.add)");
  // The restricted check replaces the baseline one from v1.22 on.
  EXPECT_EQ(Restricted("non-default capabilities", spec), "");
  EXPECT_EQ(Restricted("unrestricted capabilities", spec, Version::V1(21)), "");
  EXPECT_EQ(Restricted("non-default capabilities", spec, Version::V1(21)),
            "non-default capabilities (container \"c\" must not include \"SYS_ADMIN\" in "
            "securityContext.capabilities.add)");
}

TEST(PodSecurityChecks, RestrictedVolumesNameTypesAndReplaceTheHostPathCheck) {
  const std::string_view spec = R"({"volumes":[
      {"name":"a1","emptyDir":{}},{"name":"a2","secret":{}},{"name":"a3","persistentVolumeClaim":{}},
      {"name":"a4","downwardAPI":{}},{"name":"a5","configMap":{}},{"name":"a6","projected":{}},
      {"name":"a7","csi":{}},{"name":"a8","ephemeral":{}},
      {"name":"b1","hostPath":{}},{"name":"b2","nfs":{}},{"name":"b3","gcePersistentDisk":{}},
      {"name":"c1"},{"name":"i1","image":{"reference":"x"}}]})";
  EXPECT_EQ(Restricted("restricted volume types", spec),
            "restricted volume types (volumes \"b1\", \"b2\", \"b3\", \"c1\", \"i1\" use "
            "restricted volume types \"gcePersistentDisk\", \"hostPath\", \"nfs\", "
            "\"unknown\")");
  EXPECT_EQ(Restricted("hostPath volumes", spec), "");
  EXPECT_EQ(Restricted("restricted volume types", R"({"volumes":[{"name":"b1","hostPath":{}}]})"),
            "restricted volume types (volume \"b1\" uses restricted volume type \"hostPath\")");
}

TEST(PodSecurityChecks, RunAsNonRootExplicitFalseBeatsUnset) {
  const std::string_view reason = "runAsNonRoot != true";
  EXPECT_EQ(Restricted(reason, R"({"containers":[{"name":"a"}]})"),
            "runAsNonRoot != true (pod or container \"a\" must set "
            "securityContext.runAsNonRoot=true)");
  EXPECT_EQ(Restricted(reason, R"({"securityContext":{"runAsNonRoot":false},
      "containers":[{"name":"a"}]})"),
            "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)");
  EXPECT_EQ(Restricted(reason, R"({"securityContext":{"runAsNonRoot":true},"containers":[
      {"name":"a"},{"name":"b","securityContext":{}},
      {"name":"c","securityContext":{"runAsNonRoot":false}},
      {"name":"d","securityContext":{"runAsNonRoot":false}},
      {"name":"e","securityContext":{"runAsNonRoot":true}}]})"),
            "runAsNonRoot != true (containers \"c\", \"d\" must not set "
            "securityContext.runAsNonRoot=false)");
}

TEST(PodSecurityChecks, RunAsUserZeroIsForbiddenFromV123) {
  EXPECT_EQ(Restricted("runAsUser=0", R"({"securityContext":{"runAsUser":0}})"),
            "runAsUser=0 (pod must not set runAsUser=0)");
  const std::string_view containers = R"({"securityContext":{"runAsUser":1000},"containers":[
      {"name":"a"},{"name":"c","securityContext":{"runAsUser":0}},
      {"name":"d","securityContext":{"runAsUser":0}},{"name":"e","securityContext":{"runAsUser":1}}]})";
  EXPECT_EQ(Restricted("runAsUser=0", containers),
            "runAsUser=0 (containers \"c\", \"d\" must not set runAsUser=0)");
  EXPECT_EQ(Restricted("runAsUser=0", containers, Version::V1(22)), "");
}

TEST(PodSecurityChecks, RestrictedSeccompNeedsPodOrEveryContainer) {
  EXPECT_EQ(Restricted("seccompProfile", R"({"containers":[{"name":"a"}]})"),
            "seccompProfile (pod or container \"a\" must set securityContext.seccompProfile.type "
            "to \"RuntimeDefault\" or \"Localhost\")");
  EXPECT_EQ(Restricted("seccompProfile", R"({"containers":[{"name":"a"},
      {"name":"b","securityContext":{}},
      {"name":"d","securityContext":{"seccompProfile":{"type":"RuntimeDefault"}}}]})"),
            "seccompProfile (pod or containers \"a\", \"b\" must set "
            "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
  EXPECT_EQ(Restricted("seccompProfile", R"({"securityContext":{"seccompProfile":
      {"type":"Localhost","localhostProfile":"p"}},"containers":[{"name":"a"}]})"),
            "");
  // Before v1.19 only the baseline annotation check runs.
  EXPECT_EQ(Restricted("seccompProfile", R"({"containers":[{"name":"a"}]})", Version::V1(18)), "");
  EXPECT_EQ(Restricted("seccompProfile", R"({"containers":[{"name":"a"}]})", Version::V1(18),
                       R"({"annotations":{"seccomp.security.alpha.kubernetes.io/pod":"x"}})"),
            "seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod=\"x\")");
}

TEST(PodSecurityChecks, WindowsPodsAreExemptFromLinuxOnlyRestrictedChecksFromV125) {
  const std::string_view spec = R"({"os":{"name":"windows"},"containers":[{"name":"a"}]})";
  EXPECT_EQ(ForbiddenDetail(Eval(Level::kRestricted, Version::Latest(), spec)),
            "runAsNonRoot != true (pod or container \"a\" must set "
            "securityContext.runAsNonRoot=true)");
  EXPECT_EQ(ForbiddenReason(Eval(Level::kRestricted, Version::V1(24), spec)),
            "allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, "
            "seccompProfile");
  const std::string_view linux_pod = R"({"os":{"name":"linux"},"containers":[{"name":"a"}]})";
  EXPECT_EQ(ForbiddenReason(Eval(Level::kRestricted, Version::Latest(), linux_pod)),
            "allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, "
            "seccompProfile");
}

TEST(PodSecurityChecks, MalformedFieldsCountAsUnset) {
  const std::string_view spec = R"({"hostNetwork":"yes","volumes":[1,null,{"name":"v"}],
      "securityContext":{"sysctls":"x","seLinuxOptions":[],"runAsUser":"0"},
      "containers":[7,{"name":"a","ports":[null,{"hostPort":"80"}],"securityContext":{
        "privileged":"true","capabilities":{"add":[1,"NET_RAW"],"drop":"ALL"},
        "procMount":5,"allowPrivilegeEscalation":"false"}}],
      "initContainers":{"name":"x"}})";
  EXPECT_EQ(Baseline(spec),
            "non-default capabilities (container \"a\" must not include \"NET_RAW\" in "
            "securityContext.capabilities.add)");
  EXPECT_EQ(ForbiddenReason(Eval(Level::kRestricted, Version::Latest(), spec)),
            "allowPrivilegeEscalation != false, unrestricted capabilities, restricted volume "
            "types, runAsNonRoot != true, seccompProfile");
  for (const char* junk : {"null", "[]", "\"spec\"", "42"}) {
    EXPECT_TRUE(Eval(Level::kRestricted, Version::Latest(), junk, junk).empty()) << junk;
  }
}

TEST(PodSecurityChecks, QuotedValuesEscapeLikeGo) {
  EXPECT_EQ(Baseline("{}", R"({"annotations":{
      "container.apparmor.security.beta.kubernetes.io/a":"tab\there\u0001\u00e9"}})"),
            "forbidden AppArmor profile (annotation must not set AppArmor profile type to "
            "\"container.apparmor.security.beta.kubernetes.io/a=\"tab\\there\\x01\xc3\xa9\"\")");
}

}  // namespace
}  // namespace wisp::strategies::podsecurity
