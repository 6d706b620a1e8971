// Container, volume and resource validation of pod specs: upstream's field
// paths, reasons and messages.
#include "strategies/container_validation.h"

#include "strategies/pod_defaults.h"
#include "strategies/pod_validation.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

// A pod spec as the API server validates it: pod defaults applied.
Causes Validate(Json spec) {
  DefaultPodSpec(spec);
  DefaultPodOnly(spec);
  Causes causes;
  ValidatePodSpec(spec, "spec", causes);
  return causes;
}

// One container `c` (a JSON object body without braces) in an otherwise valid spec.
Causes ValidateContainerText(std::string_view c, std::string_view extra = "") {
  return Validate(J(std::string(R"({"containers":[{"name":"a","image":"x",)") + std::string(c) +
                    "}]" + std::string(extra) + "}"));
}

TEST(ResourceValidation, RequestsAboveLimitsAreRefusedWithCanonicalValues) {
  Causes causes = ValidateContainerText(
      R"("resources":{"requests":{"cpu":"2","memory":"1Gi"},"limits":{"cpu":"1000m","memory":"512Mi"}})");
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].resources.requests", "FieldValueInvalid",
                       "must be less than or equal to cpu limit of 1"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].resources.requests", "FieldValueInvalid",
                       "must be less than or equal to memory limit of 512Mi"));
  EXPECT_TRUE(
      ValidateContainerText(R"("resources":{"requests":{"cpu":"500m"},"limits":{"cpu":"1"}})")
          .empty());
}

TEST(ResourceValidation, NegativeValuesAndUnknownNames) {
  Causes causes =
      ValidateContainerText(R"("resources":{"requests":{"cpu":"-1","pods":"1","foo":"1"}})");
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].resources.requests[cpu]", "FieldValueInvalid",
                       "must be greater than or equal to 0"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].resources.requests[pods]", "FieldValueInvalid",
                       "must be a standard resource for containers"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].resources.requests[foo]", "FieldValueInvalid",
                       "must be a standard resource type or fully qualified"));
}

TEST(ResourceValidation, ExtendedResourcesAreWholeAndNotOvercommitted) {
  Causes causes = ValidateContainerText(
      R"("resources":{"requests":{"cpu":"1","example.com/gpu":"500m"},"limits":{"example.com/gpu":"1"}})");
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].resources.requests[example.com/gpu]",
                       "FieldValueInvalid", "must be an integer"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].resources.requests", "FieldValueInvalid",
                       "must be equal to example.com/gpu limit of 1"));
  causes = ValidateContainerText(R"("resources":{"requests":{"example.com/gpu":"1"}})");
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].resources.limits", "FieldValueRequired",
                       "Limit must be set for non overcommitable resources"));
}

TEST(ProbeValidation, ExactlyOneHandler) {
  Causes causes = ValidateContainerText(
      R"("livenessProbe":{"exec":{"command":["true"]},"tcpSocket":{"port":80}},
         "readinessProbe":{"periodSeconds":5})");
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].livenessProbe.tcpSocket", "FieldValueForbidden",
                       "may not specify more than 1 handler type"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].readinessProbe", "FieldValueRequired",
                       "must specify a handler type"));
}

TEST(ProbeValidation, HandlerFieldsAndThresholds) {
  Causes causes = ValidateContainerText(
      R"("livenessProbe":{"exec":{"command":[]},"successThreshold":2,"periodSeconds":-1},
         "startupProbe":{"httpGet":{"port":70000}},
         "readinessProbe":{"tcpSocket":{"port":"Bad_Name"},"successThreshold":3})");
  EXPECT_TRUE(
      HasCause(causes, "spec.containers[0].livenessProbe.exec.command", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].livenessProbe.successThreshold",
                       "FieldValueInvalid", "must be 1"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].livenessProbe.periodSeconds",
                       "FieldValueInvalid", "must be greater than or equal to 0"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].startupProbe.httpGet.port", "FieldValueInvalid",
                       "must be between 1 and 65535, inclusive"));
  EXPECT_TRUE(
      HasCause(causes, "spec.containers[0].readinessProbe.tcpSocket.port", "FieldValueInvalid"));
  // Readiness may need several successes.
  EXPECT_FALSE(
      HasCause(causes, "spec.containers[0].readinessProbe.successThreshold", "FieldValueInvalid"));
}

TEST(ProbeValidation, ZeroThresholdsAreDefaultedNotRefused) {
  Causes causes = ValidateContainerText(
      R"("livenessProbe":{"exec":{"command":["true"]},"successThreshold":0,"periodSeconds":0},
         "readinessProbe":{"exec":{"command":["true"]},"terminationGracePeriodSeconds":5})");
  EXPECT_FALSE(
      HasCause(causes, "spec.containers[0].livenessProbe.successThreshold", "FieldValueInvalid"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].readinessProbe.terminationGracePeriodSeconds",
                       "FieldValueInvalid", "must not be set for readinessProbes"));
}

TEST(ProbeValidation, InitContainersMayNotProbeUnlessSidecars) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],"initContainers":[
      {"name":"i","image":"x","readinessProbe":{"exec":{"command":["true"]}}},
      {"name":"s","image":"x","restartPolicy":"Always","readinessProbe":{"exec":{"command":["true"]}}},
      {"name":"n","image":"x","restartPolicy":"Never"}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.initContainers[0].readinessProbe", "FieldValueForbidden",
                       "may not be set for init containers without restartPolicy=Always"));
  EXPECT_FALSE(HasCause(causes, "spec.initContainers[1].readinessProbe", "FieldValueForbidden"));
  EXPECT_TRUE(HasCause(causes, "spec.initContainers[2].restartPolicy", "FieldValueNotSupported"));
  causes = ValidateContainerText(R"("restartPolicy":"Always")");
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].restartPolicy", "FieldValueForbidden",
                       "may not be set for non-init containers"));
}

TEST(EnvValidation, ValueFromHasOneSourceAndNoValue) {
  Causes causes = ValidateContainerText(R"("env":[
      {"name":"A","value":"x","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},
      {"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"},
                               "secretKeyRef":{"name":"s","key":"k"}}},
      {"name":"C","valueFrom":{"fieldRef":{"fieldPath":"spec.containers"}}},
      {"name":"D","valueFrom":{"configMapKeyRef":{"name":"c"}}},
      {"name":"E=F","value":"x"},
      {"name":"G","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}}},
      {"name":"H","valueFrom":{"fieldRef":{"fieldPath":"spec.host"}}},
      {"name":"I","valueFrom":{"fieldRef":{"fieldPath":"status.phase"}}}])");
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].env[0].valueFrom", "FieldValueInvalid",
                       "may not be specified when `value` is not empty"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].env[1].valueFrom", "FieldValueInvalid",
                       "may not have more than one field specified at a time"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].env[2].valueFrom.fieldRef.fieldPath",
                       "FieldValueInvalid",
                       "error converting fieldPath: field label not supported: spec.containers"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].env[3].valueFrom.configMapKeyRef.key",
                       "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].env[4].name", "FieldValueInvalid",
                       "printable ASCII characters other than '='"));
  EXPECT_FALSE(HasCause(causes, "spec.containers[0].env[5].valueFrom.fieldRef.fieldPath",
                        "FieldValueNotSupported"));
  // spec.host is the old name of spec.nodeName; status.phase is no env field.
  EXPECT_FALSE(HasCause(causes, "spec.containers[0].env[6].valueFrom.fieldRef.fieldPath",
                        "FieldValueInvalid"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].env[7].valueFrom.fieldRef.fieldPath",
                       "FieldValueNotSupported", "\"status.podIPs\""));
}

TEST(MountValidation, UniquePathsAndDescendingSubPaths) {
  Causes causes = ValidateContainerText(R"("volumeMounts":[
      {"name":"d","mountPath":"/data"},{"name":"d","mountPath":"/data"},
      {"name":"d","mountPath":"/x","subPath":"../etc"},
      {"name":"d","mountPath":"/y","subPath":"/abs"}])",
                                        R"(,"volumes":[{"name":"d","emptyDir":{}}])");
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].volumeMounts[1].mountPath", "FieldValueInvalid",
                       "must be unique"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].volumeMounts.subPath", "FieldValueInvalid",
                       "must not contain '..'"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].volumeMounts.subPath", "FieldValueInvalid",
                       "must be a relative path"));
}

TEST(VolumeValidation, OneSourceAndItsRequiredFields) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x",
      "volumeMounts":[{"name":"two","mountPath":"/t"}]}],"volumes":[
      {"name":"two","emptyDir":{},"hostPath":{"path":"/tmp"}},
      {"name":"h","hostPath":{"type":"Folder"}},
      {"name":"s","secret":{"defaultMode":1000}},
      {"name":"c","configMap":{"name":"c","items":[{"key":"k","path":"../up"}]}},
      {"name":"p","persistentVolumeClaim":{}}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[0].hostPath", "FieldValueForbidden",
                       "may not specify more than 1 volume type"));
  // A volume with problems is not one a mount may name.
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].volumeMounts[0].name", "FieldValueNotFound"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[1].hostPath.path", "FieldValueRequired"));
  // Without a path upstream checks nothing else of a hostPath.
  EXPECT_FALSE(HasCause(causes, "spec.volumes[1].hostPath.type", "FieldValueNotSupported"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[2].secret.secretName", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[2].secret.defaultMode", "FieldValueInvalid",
                       "must be a number between 0 and 0777 (octal), both inclusive"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[3].configMap.items[0].path", "FieldValueInvalid",
                       "must not contain '..'"));
  EXPECT_TRUE(
      HasCause(causes, "spec.volumes[4].persistentVolumeClaim.claimName", "FieldValueRequired"));
}

TEST(VolumeValidation, HostPathTypesGitRepoAndNfs) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],"volumes":[
      {"name":"h","hostPath":{"path":"/var/log","type":"Folder"}},
      {"name":"g","gitRepo":{"directory":"../up"}},
      {"name":"n","nfs":{"path":"exports"}}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[0].hostPath.type", "FieldValueNotSupported",
                       "Unsupported value: \"Folder\": supported values: \"\", \"BlockDevice\", "
                       "\"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", "
                       "\"FileOrCreate\", \"Socket\""));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[1].gitRepo.repository", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[1].gitRepo.directory", "FieldValueInvalid",
                       "Invalid value: \"../up\": must not contain '..'"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[2].nfs.server", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[2].nfs.path", "FieldValueInvalid",
                       "Invalid value: \"exports\": must be an absolute path"));
}

TEST(VolumeValidation, DownwardApiItemsAreReportedOnTheSource) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],"volumes":[
      {"name":"d","downwardAPI":{"items":[
        {"path":"/abs","fieldRef":{"fieldPath":"spec.nodeName"}},
        {"path":"both","fieldRef":{"fieldPath":"metadata.name"},
         "resourceFieldRef":{"containerName":"a","resource":"limits.cpu"}},
        {"path":"neither","mode":512},
        {"path":"mem","resourceFieldRef":{"resource":"limits.memory"}},
        {"path":"cpu","resourceFieldRef":{"containerName":"a","resource":"limits.cpu",
          "divisor":"2"}}]}}]})"));
  const std::string at = "spec.volumes[0].downwardAPI";
  EXPECT_TRUE(HasCause(causes, at + ".path", "FieldValueInvalid",
                       "Invalid value: \"/abs\": must be a relative path"));
  EXPECT_TRUE(HasCause(causes, at + ".fieldRef.fieldPath", "FieldValueNotSupported",
                       "Unsupported value: \"spec.nodeName\": supported values: "
                       "\"metadata.annotations\", \"metadata.labels\", \"metadata.name\", "
                       "\"metadata.namespace\", \"metadata.uid\""));
  EXPECT_TRUE(HasCause(causes, at, "FieldValueInvalid",
                       "Invalid value: \"resource\": fieldRef and resourceFieldRef can not be "
                       "specified simultaneously"));
  EXPECT_TRUE(HasCause(causes, at, "FieldValueRequired",
                       "Required value: one of fieldRef and resourceFieldRef is required"));
  EXPECT_TRUE(HasCause(causes, at + ".mode", "FieldValueInvalid", "Invalid value: 512"));
  EXPECT_TRUE(HasCause(causes, at + ".resourceFieldRef.containerName", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, at + ".resourceFieldRef.divisor", "FieldValueInvalid",
                       "Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are "
                       "supported with the cpu resource"));
}

TEST(VolumeValidation, ProjectedSources) {
  Causes causes = Validate(J(R"({"serviceAccountName":"default",
      "containers":[{"name":"a","image":"x"}],"volumes":[
      {"name":"p","projected":{"sources":[
        {"secret":{"items":[{"key":"a","path":"same"}]}},
        {"configMap":{"name":"c","items":[{"key":"b","path":"same"}]},
         "downwardAPI":{"items":[{"path":"l","fieldRef":{"fieldPath":"metadata.labels"}}]}},
        {"serviceAccountToken":{"expirationSeconds":60}},
        {"serviceAccountToken":{"path":"../t","expirationSeconds":5000000000}}]}}]})"));
  const std::string at = "spec.volumes[0].projected";
  EXPECT_TRUE(HasCause(causes, at + ".sources[0].secret.name", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, at, "FieldValueInvalid",
                       "Invalid value: \"c\": conflicting duplicate paths"));
  EXPECT_TRUE(HasCause(causes, at + ".sources[1]", "FieldValueForbidden",
                       "Forbidden: may not specify more than 1 volume type per source"));
  EXPECT_TRUE(HasCause(causes, at + ".sources[2].serviceAccountToken.expirationSeconds",
                       "FieldValueInvalid",
                       "Invalid value: 60: may not specify a duration less than 10 minutes"));
  // Upstream names the projected volume's path for a token's (sic).
  EXPECT_TRUE(HasCause(causes, at + ".path", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, at + ".sources[3].serviceAccountToken.expirationSeconds",
                       "FieldValueInvalid",
                       "Invalid value: 5000000000: may not specify a duration larger than 2^32 "
                       "seconds"));
  EXPECT_TRUE(HasCause(causes, at + ".path", "FieldValueInvalid",
                       "Invalid value: \"../t\": must not contain '..'"));
}

TEST(VolumeValidation, IscsiCsiAndEphemeral) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],"volumes":[
      {"name":"i","iscsi":{"targetPortal":"10.0.0.1:3260","iqn":"iqn.2001-04.com.example",
        "lun":300,"chapAuthSession":true,"initiatorName":"bogus"}},
      {"name":"c","csi":{"driver":"Bad_Driver","nodePublishSecretRef":{}}},
      {"name":"e","ephemeral":{}},
      {"name":"t","ephemeral":{"volumeClaimTemplate":{"metadata":{"name":"x","labels":{"a":"b"}},
        "spec":{"accessModes":["ReadWriteSometimes"]}}}}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[0].iscsi.iqn", "FieldValueInvalid",
                       "Invalid value: \"iqn.2001-04.com.example\": must be valid format"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[0].iscsi.lun", "FieldValueInvalid",
                       "Invalid value: 300: must be between 0 and 255, inclusive"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[0].iscsi.secretRef", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[0].iscsi.initiatorname", "FieldValueInvalid",
                       "Invalid value: \"bogus\": must be valid format starting with iqn, eui, "
                       "or naa"));
  EXPECT_TRUE(HasCause(causes, "spec.volumes[1].csi.driver", "FieldValueInvalid",
                       "Invalid value: \"Bad_Driver\": a lowercase RFC 1123 subdomain"));
  EXPECT_TRUE(
      HasCause(causes, "spec.volumes[1].csi.nodePublishSecretRef.name", "FieldValueRequired"));
  EXPECT_TRUE(
      HasCause(causes, "spec.volumes[2].ephemeral.volumeClaimTemplate", "FieldValueRequired"));
  const std::string claim = "spec.volumes[3].ephemeral.volumeClaimTemplate";
  EXPECT_TRUE(HasCause(causes, claim + ".metadata.name", "FieldValueForbidden",
                       "Forbidden: cannot be set"));
  EXPECT_TRUE(HasCause(causes, claim + ".spec.accessModes", "FieldValueNotSupported"));
  EXPECT_TRUE(HasCause(causes, claim + ".spec.resources[storage]", "FieldValueRequired"));
  EXPECT_TRUE(Validate(J(R"({"containers":[{"name":"a","image":"x"}],"volumes":[
      {"name":"i","iscsi":{"targetPortal":"10.0.0.1:3260",
        "iqn":"iqn.2001-04.com.example:storage.disk1","lun":0}},
      {"name":"c","csi":{"driver":"secrets-store.csi.k8s.io"}}]})"))
                  .empty());
}

TEST(EnvValidation, EnvFromNeedsOneSourceAndAValidPrefix) {
  Causes causes = ValidateContainerText(R"("envFrom":[
      {"prefix":"A=B","configMapRef":{"name":"cm"}},
      {"configMapRef":{"name":"cm"},"secretRef":{"name":"s"}},
      {"prefix":"X_"},
      {"secretRef":{}},
      {"configMapRef":{"name":"Bad_Name"}},
      {"configMapRef":{"name":"generated-"}}])");
  const std::string at = "spec.containers[0].envFrom";
  EXPECT_TRUE(HasCause(causes, at + "[0].prefix", "FieldValueInvalid",
                       "Invalid value: \"A=B\": a valid environment variable name must consist "
                       "only of printable ASCII characters other than '='"));
  // Upstream reports these two on the list.
  EXPECT_TRUE(
      HasCause(causes, at, "FieldValueInvalid",
               "Invalid value: \"\": may not have more than one field specified at a time"));
  EXPECT_TRUE(HasCause(causes, at, "FieldValueInvalid",
                       "Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"));
  EXPECT_TRUE(HasCause(causes, at + "[3].secretRef.name", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, at + "[4].configMapRef.name", "FieldValueInvalid",
                       "Invalid value: \"Bad_Name\""));
  // Names are checked as name prefixes: a trailing dash passes.
  EXPECT_EQ(causes.size(), 5u) << testing::Describe(causes);
}

TEST(ContainerValidation, CausesComeInUpstreamOrder) {
  Causes causes = Validate(J(R"({"containers":[
      {"name":"a","image":"x"},
      {"name":"a","imagePullPolicy":"Sometimes","restartPolicy":"Always",
       "securityContext":{"runAsUser":-1},"envFrom":[{}],
       "livenessProbe":{"exec":{"command":[]}}}]})"));
  std::vector<std::string> fields;
  for (const auto& c : causes) fields.push_back(c.field);
  const std::string at = "spec.containers[1]";
  EXPECT_EQ(fields,
            (std::vector<std::string>{at + ".image", at + ".envFrom", at + ".imagePullPolicy",
                                      at + ".securityContext.runAsUser", at + ".name",
                                      at + ".livenessProbe.exec.command", at + ".restartPolicy"}));
}

TEST(PortValidation, HostPortsAreUniqueAndMatchOnTheHostNetwork) {
  Causes causes = Validate(J(R"({"containers":[
      {"name":"a","image":"x","ports":[{"containerPort":80,"hostPort":8080}]},
      {"name":"b","image":"x","ports":[{"containerPort":81,"hostPort":8080}]}]})"));
  EXPECT_TRUE(
      HasCause(causes, "spec.containers[1].ports[0].hostPort", "FieldValueDuplicate", "TCP//8080"));
  causes = Validate(J(R"({"hostNetwork":true,"containers":[
      {"name":"a","image":"x","ports":[{"containerPort":80,"hostPort":8080},{"containerPort":90}]}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].ports[0].hostPort", "FieldValueInvalid",
                       "must match `containerPort` when `hostNetwork` is true"));
  // An unset host port of a host-network pod defaults to its container port.
  EXPECT_FALSE(HasCause(causes, "spec.containers[0].ports[1].hostPort", "FieldValueInvalid"));
}

TEST(SecurityValidation, PrivilegedNeedsEscalation) {
  Causes causes = ValidateContainerText(
      R"("securityContext":{"privileged":true,"allowPrivilegeEscalation":false,"runAsUser":-1})");
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].securityContext", "FieldValueInvalid",
                       "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].securityContext.runAsUser", "FieldValueInvalid",
                       "must be between 0 and 2147483647, inclusive"));
}

TEST(SpecValidation, TolerationsAndDnsConfig) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],"dnsPolicy":"None",
      "tolerations":[{"operator":"Equal","value":"x"},{"key":"k","operator":"Exists","value":"v"},
                     {"key":"k","tolerationSeconds":5,"effect":"NoSchedule"},
                     {"key":"k","effect":"Never"}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.dnsConfig", "FieldValueRequired",
                       "must provide `dnsConfig` when `dnsPolicy` is None"));
  EXPECT_TRUE(HasCause(causes, "spec.tolerations[0].operator", "FieldValueInvalid",
                       "operator must be Exists when `key` is empty"));
  EXPECT_TRUE(HasCause(causes, "spec.tolerations[1].operator", "FieldValueInvalid",
                       "value must be empty when `operator` is 'Exists'"));
  EXPECT_TRUE(HasCause(causes, "spec.tolerations[2].effect", "FieldValueInvalid",
                       "effect must be 'NoExecute' when `tolerationSeconds` is set"));
  EXPECT_TRUE(HasCause(causes, "spec.tolerations[3].effect", "FieldValueNotSupported"));
}

TEST(SpecValidation, TemplatesMayLeaveHostPortsUnset) {
  Json tmpl = J(R"({"spec":{"hostNetwork":true,"containers":[
      {"name":"a","image":"x","ports":[{"containerPort":80}]}]}})");
  DefaultPodTemplate(tmpl);
  Causes causes;
  ValidatePodTemplate(tmpl, "spec.template", causes);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

}  // namespace
}  // namespace wisp::strategies
