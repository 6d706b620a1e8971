// Pod and container security contexts and OS-specific fields: upstream
// v1.32's field paths, reasons and messages.
#include "strategies/security_context_validation.h"

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::Describe;
using testing::HasCause;
using testing::J;

Causes Pod(std::string_view spec) {
  Causes causes;
  ValidatePodSecurityContext(J(spec), "spec", causes);
  return causes;
}

Causes Container(std::string_view context) {
  Causes causes;
  ValidateContainerSecurityContext(
      J(std::string(R"({"securityContext":)") + std::string(context) + "}"), "spec.containers[0]",
      causes);
  return causes;
}

constexpr char kRange[] = "must be between 0 and 2147483647, inclusive";

TEST(PodSecurityContextValidation, IdsInRangeInUpstreamOrder) {
  Causes causes = Pod(R"({"securityContext":{"runAsUser":-1,"runAsGroup":2147483648,
      "fsGroup":-2,"supplementalGroups":[5,-3]}})");
  ASSERT_EQ(causes.size(), 4u) << Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.securityContext.fsGroup");
  EXPECT_EQ(causes[0].message, std::string("Invalid value: -2: ") + kRange);
  EXPECT_EQ(causes[1].field, "spec.securityContext.runAsUser");
  EXPECT_EQ(causes[2].field, "spec.securityContext.runAsGroup");
  EXPECT_EQ(causes[2].message, std::string("Invalid value: 2147483648: ") + kRange);
  EXPECT_EQ(causes[3].field, "spec.securityContext.supplementalGroups[1]");
}

TEST(PodSecurityContextValidation, ShareProcessNamespaceWithHostPid) {
  Causes causes = Pod(R"({"hostPID":true,"shareProcessNamespace":true,"securityContext":{}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.shareProcessNamespace", "FieldValueInvalid",
                       "Invalid value: true: ShareProcessNamespace and HostPID cannot both be "
                       "enabled"));
}

TEST(PodSecurityContextValidation, Sysctls) {
  Causes causes = Pod(R"({"hostNetwork":true,"hostIPC":true,"securityContext":{"sysctls":[
      {"name":""},{"name":"Kernel.Bad"},{"name":"kernel.shm_rmid_forced","value":"1"},
      {"name":"kernel.shm_rmid_forced","value":"0"},{"name":"net/ipv4/ip_forward"},
      {"name":"fs.mqueue.msg_max"}]}})");
  const std::string at = "spec.securityContext.sysctls";
  EXPECT_TRUE(HasCause(causes, at + "[0].name", "FieldValueRequired", "Required value"));
  EXPECT_TRUE(
      HasCause(causes, at + "[1].name", "FieldValueInvalid",
               "Invalid value: \"Kernel.Bad\": must have at most 253 characters and match "
               "regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"));
  EXPECT_TRUE(HasCause(causes, at + "[3].name", "FieldValueDuplicate",
                       "Duplicate value: \"kernel.shm_rmid_forced\""));
  EXPECT_TRUE(HasCause(causes, at + "[2].name", "FieldValueInvalid",
                       "Invalid value: \"kernel.shm_rmid_forced\": may not be specified when "
                       "'hostIPC' is true"));
  EXPECT_TRUE(HasCause(causes, at + "[4].name", "FieldValueInvalid",
                       "Invalid value: \"net/ipv4/ip_forward\": may not be specified when "
                       "'hostNetwork' is true"));
  EXPECT_TRUE(HasCause(causes, at + "[5].name", "FieldValueInvalid",
                       "may not be specified when 'hostIPC' is true"));
  EXPECT_TRUE(Pod(R"({"securityContext":{"sysctls":[{"name":"net.ipv4.ip_local_port_range"},
      {"name":"kernel.shm_rmid_forced"}]}})")
                  .empty());
}

TEST(PodSecurityContextValidation, FsGroupChangePolicy) {
  Causes causes = Pod(R"({"securityContext":{"fsGroupChangePolicy":"Sometimes"}})");
  ASSERT_EQ(causes.size(), 1u) << Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.securityContext.fsGroupChangePolicy");
  EXPECT_EQ(causes[0].message,
            "Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnRootMismatch\"");
}

TEST(PodSecurityContextValidation, SeccompProfiles) {
  Causes causes = Pod(R"({"securityContext":{"seccompProfile":{}}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.seccompProfile.type", "FieldValueRequired",
                       "Required value: type is required when seccompProfile is set"));
  causes = Pod(R"({"securityContext":{"seccompProfile":{"type":"Custom"}}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.seccompProfile.type", "FieldValueNotSupported",
                       "Unsupported value: \"Custom\": supported values: \"Localhost\", "
                       "\"RuntimeDefault\", \"Unconfined\""));
  causes = Pod(R"({"securityContext":{"seccompProfile":{"type":"Localhost"}}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.seccompProfile.localhostProfile",
                       "FieldValueRequired",
                       "Required value: must be set when seccomp type is Localhost"));
  causes = Pod(
      R"({"securityContext":{"seccompProfile":{"type":"Localhost","localhostProfile":"/abs"}}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.seccompProfile.localhostProfile",
                       "FieldValueInvalid", "Invalid value: \"/abs\": must be a relative path"));
  causes = Pod(R"({"securityContext":{"seccompProfile":{"type":"RuntimeDefault",
      "localhostProfile":"x.json"}}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.seccompProfile.localhostProfile",
                       "FieldValueInvalid",
                       "Invalid value: core.SeccompProfile{Type:\"RuntimeDefault\", "
                       "LocalhostProfile:(*string)(0xc000000000)}: can only be set when seccomp "
                       "type is Localhost"));
}

TEST(PodSecurityContextValidation, AppArmorProfiles) {
  Causes causes = Pod(R"({"securityContext":{"appArmorProfile":{"type":"Localhost"}}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.appArmorProfile.localhostProfile",
                       "FieldValueRequired",
                       "Required value: must be set when AppArmor type is Localhost"));
  causes = Pod(
      R"({"securityContext":{"appArmorProfile":{"type":"Localhost","localhostProfile":" p "}}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.appArmorProfile.localhostProfile",
                       "FieldValueInvalid",
                       "Invalid value: \" p \": must not be padded with whitespace"));
  causes = Pod(
      R"({"securityContext":{"appArmorProfile":{"type":"Unconfined","localhostProfile":"p"}}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.appArmorProfile.localhostProfile",
                       "FieldValueInvalid",
                       "Invalid value: \"p\": can only be set when AppArmor type is Localhost"));
  causes = Pod(R"({"securityContext":{"appArmorProfile":{}}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.appArmorProfile.type", "FieldValueRequired",
                       "Required value: type is required when appArmorProfile is set"));
  causes = Pod(R"({"securityContext":{"appArmorProfile":{"type":"Strict"}}})");
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.appArmorProfile.type",
                       "FieldValueNotSupported", "Unsupported value: \"Strict\""));
}

TEST(PodSecurityContextValidation, WindowsOptions) {
  Causes causes = Pod(R"({"securityContext":{"windowsOptions":{
      "gmsaCredentialSpecName":"Bad_Name","gmsaCredentialSpec":"",
      "runAsUserName":"a\\b\\c"}}})");
  const std::string at = "spec.securityContext.windowsOptions";
  EXPECT_TRUE(HasCause(causes, at + ".gmsaCredentialSpecName", "FieldValueInvalid",
                       "Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"));
  EXPECT_TRUE(HasCause(causes, at + ".gmsaCredentialSpec", "FieldValueInvalid",
                       "Invalid value: \"\": gmsaCredentialSpec cannot be an empty string"));
  EXPECT_TRUE(HasCause(causes, at + ".runAsUserName", "FieldValueInvalid",
                       "runAsUserName cannot contain more than one backslash"));
  causes = Pod(R"({"securityContext":{"windowsOptions":{"runAsUserName":"my:domain\\..."}}})");
  EXPECT_TRUE(HasCause(causes, at + ".runAsUserName", "FieldValueInvalid",
                       "runAsUserName's Domain doesn't match the NetBios nor the DNS format"));
  EXPECT_TRUE(HasCause(causes, at + ".runAsUserName", "FieldValueInvalid",
                       "runAsUserName's User cannot contain only periods or spaces"));
  EXPECT_TRUE(
      Pod(R"({"securityContext":{"windowsOptions":{"runAsUserName":"NT AUTHORITY\\NETWORK SERVICE"}}})")
          .empty());
}

TEST(ContainerSecurityContextValidation, IdsProfilesAndEscalation) {
  Causes causes = Container(R"({"runAsUser":-1,"runAsGroup":-1,"allowPrivilegeEscalation":false,
      "privileged":true,"seccompProfile":{"type":"Bogus"},"appArmorProfile":{"type":"Bogus"}})");
  ASSERT_EQ(causes.size(), 5u) << Describe(causes);
  const std::string at = "spec.containers[0].securityContext";
  EXPECT_EQ(causes[0].field, at + ".runAsUser");
  EXPECT_EQ(causes[1].field, at + ".runAsGroup");
  EXPECT_EQ(causes[2].field, at + ".seccompProfile.type");
  EXPECT_EQ(causes[3].field, at);
  EXPECT_EQ(causes[4].field, at + ".appArmorProfile.type");
}

TEST(PodOsValidation, NameAndForbiddenFields) {
  Causes causes;
  ValidatePodOs(J(R"({"os":{}})"), "spec", causes);
  EXPECT_TRUE(
      HasCause(causes, "spec.os.name", "FieldValueRequired", "Required value: cannot be empty"));
  causes.clear();
  ValidatePodOs(J(R"({"os":{"name":"plan9"}})"), "spec", causes);
  EXPECT_TRUE(HasCause(causes, "spec.os", "FieldValueNotSupported",
                       "Unsupported value: \"plan9\": supported values: \"linux\", \"windows\""));
  causes.clear();
  ValidatePodOs(J(R"({"os":{"name":"linux"},"securityContext":{"windowsOptions":{}},
      "containers":[{"name":"a","securityContext":{"windowsOptions":{}}}]})"),
                "spec", causes);
  EXPECT_TRUE(HasCause(causes, "spec.securityContext.windowsOptions", "FieldValueForbidden",
                       "Forbidden: windows options cannot be set for a linux pod"));
  EXPECT_TRUE(
      HasCause(causes, "spec.containers[0].securityContext.windowsOptions", "FieldValueForbidden"));
  causes.clear();
  ValidatePodOs(J(R"({"os":{"name":"windows"},"hostPID":true,
      "securityContext":{"runAsUser":1000,"seccompProfile":{"type":"RuntimeDefault"}},
      "initContainers":[{"name":"i","securityContext":{"privileged":false}}],
      "containers":[{"name":"a","securityContext":{"capabilities":{"drop":["ALL"]}}}]})"),
                "spec", causes);
  ASSERT_EQ(causes.size(), 5u) << Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.hostPID");
  EXPECT_EQ(causes[0].message, "Forbidden: cannot be set for a windows pod");
  EXPECT_EQ(causes[1].field, "spec.securityContext.seccompProfile");
  EXPECT_EQ(causes[2].field, "spec.securityContext.runAsUser");
  EXPECT_EQ(causes[3].field, "spec.initContainers[0].securityContext.privileged");
  EXPECT_EQ(causes[4].field, "spec.containers[0].securityContext.capabilities");
}

Causes HostProcess(std::string_view spec) {
  Causes causes;
  ValidateWindowsHostProcessPod(J(spec), "spec", causes);
  return causes;
}

TEST(WindowsHostProcessValidation, PodAndContainerValuesMustAgree) {
  // The init container's false disagrees with the pod's true; the first
  // container inherits true; hostNetwork is unset.
  Causes causes = HostProcess(R"({"securityContext":{"windowsOptions":{"hostProcess":true}},
      "initContainers":[{"name":"i","securityContext":{"windowsOptions":{"hostProcess":false}}}],
      "containers":[{"name":"a"},
        {"name":"b","securityContext":{"windowsOptions":{"hostProcess":true}}}]})");
  ASSERT_EQ(causes.size(), 3u) << Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.initContainers[0].securityContext.windowsOptions.hostProcess");
  EXPECT_EQ(causes[0].reason, "FieldValueInvalid");
  EXPECT_EQ(causes[0].message,
            "Invalid value: false: pod hostProcess value must be identical if both are "
            "specified, was true");
  EXPECT_EQ(causes[1].field, "spec");
  EXPECT_EQ(causes[1].reason, "FieldValueInvalid");
  EXPECT_EQ(causes[1].message,
            "Invalid value: \"\": If pod contains any hostProcess containers then all containers "
            "must be HostProcess containers");
  EXPECT_EQ(causes[2].field, "spec.hostNetwork");
  EXPECT_EQ(causes[2].reason, "FieldValueInvalid");
  EXPECT_EQ(causes[2].message,
            "Invalid value: false: hostNetwork must be true if pod contains any hostProcess "
            "containers");
}

TEST(WindowsHostProcessValidation, ContainerTrueUnderPodFalse) {
  Causes causes = HostProcess(R"({"hostNetwork":true,
      "securityContext":{"windowsOptions":{"hostProcess":false}},
      "containers":[{"name":"a","securityContext":{"windowsOptions":{"hostProcess":true}}},
        {"name":"b"}]})");
  ASSERT_EQ(causes.size(), 2u) << Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.containers[0].securityContext.windowsOptions.hostProcess");
  EXPECT_EQ(causes[0].message,
            "Invalid value: true: pod hostProcess value must be identical if both are "
            "specified, was false");
  EXPECT_EQ(causes[1].field, "spec");
}

TEST(WindowsHostProcessValidation, EphemeralContainersCount) {
  Causes causes = HostProcess(R"({"hostNetwork":true,
      "securityContext":{"windowsOptions":{"hostProcess":true}},
      "containers":[{"name":"a"}],
      "ephemeralContainers":[{"name":"e",
        "securityContext":{"windowsOptions":{"hostProcess":false}}}]})");
  ASSERT_EQ(causes.size(), 2u) << Describe(causes);
  EXPECT_EQ(causes[0].field,
            "spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess");
  EXPECT_EQ(causes[1].field, "spec");
}

TEST(WindowsHostProcessValidation, ConsistentOrAbsentHostProcessPasses) {
  EXPECT_TRUE(HostProcess(R"({"containers":[{"name":"a"}]})").empty());
  // No hostProcess container: false everywhere needs nothing more.
  EXPECT_TRUE(HostProcess(R"({"securityContext":{"windowsOptions":{"hostProcess":false}},
      "containers":[{"name":"a","securityContext":{"windowsOptions":{"hostProcess":false}}},
        {"name":"b"}]})")
                  .empty());
  Causes causes = HostProcess(R"({"hostNetwork":true,
      "containers":[{"name":"a","securityContext":{"windowsOptions":{"hostProcess":true}}},
        {"name":"b","securityContext":{"windowsOptions":{"hostProcess":true}}}]})");
  EXPECT_TRUE(causes.empty()) << Describe(causes);
}

}  // namespace
}  // namespace wisp::strategies
