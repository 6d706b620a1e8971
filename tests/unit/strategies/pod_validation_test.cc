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
  EXPECT_TRUE(HasCause(causes, "spec.dnsPolicy", "FieldValueNotSupported",
                       "Unsupported value: \"Google\": supported values: "
                       "\"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""));
  // Upstream accepts a negative grace period (with a warning: it counts as 1).
  EXPECT_FALSE(HasCause(causes, "spec.terminationGracePeriodSeconds", "FieldValueInvalid"));
  EXPECT_TRUE(HasCause(causes, "spec.activeDeadlineSeconds", "FieldValueInvalid",
                       "must be between 1 and 2147483647, inclusive"));
}

TEST(PodValidation, GracePeriodIsRequired) {
  Causes causes;
  ValidatePodSpec(J(R"({"containers":[{"name":"a","image":"x","imagePullPolicy":"Always",
      "terminationMessagePolicy":"File"}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst"})"),
                  "spec", causes);
  ASSERT_EQ(causes.size(), 1u) << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.terminationGracePeriodSeconds", "FieldValueRequired"));
}

TEST(PodValidation, DnsConfig) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],"dnsConfig":{
      "nameservers":["1.1.1.1","8.8.8.8","010.0.0.1","not-an-ip"],
      "searches":["example.com.","Bad_Domain"],
      "options":[{"name":"ndots","value":"2"},{"value":"x"}]}})"));
  const std::string at = "spec.dnsConfig";
  EXPECT_TRUE(HasCause(causes, at + ".nameservers", "FieldValueInvalid",
                       "Invalid value: []string{\"1.1.1.1\", \"8.8.8.8\", \"010.0.0.1\", "
                       "\"not-an-ip\"}: must not have more than 3 nameservers"));
  EXPECT_TRUE(HasCause(causes, at + ".nameservers[3]", "FieldValueInvalid",
                       "Invalid value: \"not-an-ip\": must be a valid IP address, (e.g. 10.9.8.7 "
                       "or 2001:db8::ffff)"));
  EXPECT_FALSE(HasCause(causes, at + ".nameservers[2]", "FieldValueInvalid"));
  EXPECT_TRUE(HasCause(causes, at + ".searches[1]", "FieldValueInvalid",
                       "Invalid value: \"Bad_Domain\": a lowercase RFC 1123 subdomain"));
  EXPECT_FALSE(HasCause(causes, at + ".searches[0]", "FieldValueInvalid"));
  EXPECT_TRUE(HasCause(causes, at + ".options[1]", "FieldValueRequired",
                       "Required value: must not be empty"));
  EXPECT_EQ(causes.size(), 4u) << testing::Describe(causes);

  std::string searches;
  for (int i = 0; i < 33; ++i)
    searches += std::string(i ? "," : "") + "\"" + std::string(63, 'a') + "\"";
  causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],"dnsConfig":{"searches":[)" +
                      searches + "]}}"));
  EXPECT_TRUE(HasCause(causes, at + ".searches", "FieldValueInvalid",
                       "must not have more than 32 search paths"));
  EXPECT_TRUE(HasCause(causes, at + ".searches", "FieldValueInvalid",
                       "must not have more than 2048 characters (including spaces) in the search "
                       "list"));
}

TEST(PodValidation, HostAliasesAndGates) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],
      "hostAliases":[{"ip":"10.0.0.1","hostnames":["db.local","Bad_Host"]},{"ip":"nope"}],
      "readinessGates":[{"conditionType":"example.com/ready"},{"conditionType":"bad type"}],
      "schedulingGates":[{"name":"example.com/gate"},{"name":"example.com/gate"},{"name":"a b"}]})"));
  EXPECT_TRUE(HasCause(causes, "spec.hostAliases[0].hostnames[1]", "FieldValueInvalid",
                       "Invalid value: \"Bad_Host\": a lowercase RFC 1123 subdomain"));
  EXPECT_TRUE(HasCause(causes, "spec.hostAliases[1].ip", "FieldValueInvalid",
                       "Invalid value: \"nope\": must be a valid IP address"));
  EXPECT_TRUE(HasCause(causes, "spec.readinessGates[1].conditionType", "FieldValueInvalid",
                       "Invalid value: \"bad type\": name part must consist of"));
  EXPECT_TRUE(HasCause(causes, "spec.schedulingGates[1]", "FieldValueDuplicate",
                       "Duplicate value: \"example.com/gate\""));
  EXPECT_TRUE(
      HasCause(causes, "spec.schedulingGates[2]", "FieldValueInvalid", "Invalid value: \"a b\""));
  EXPECT_EQ(causes.size(), 5u) << testing::Describe(causes);
}

TEST(PodValidation, RuntimeClassAndOverhead) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],
      "runtimeClassName":"Bad_Class","overhead":{"cpu":"-1","pods":"1"}})"));
  EXPECT_TRUE(HasCause(causes, "spec.runtimeClassName", "FieldValueInvalid",
                       "Invalid value: \"Bad_Class\": a lowercase RFC 1123 subdomain"));
  EXPECT_TRUE(HasCause(causes, "spec.overhead.limits[cpu]", "FieldValueInvalid",
                       "must be greater than or equal to 0"));
  EXPECT_TRUE(HasCause(causes, "spec.overhead.limits[pods]", "FieldValueInvalid",
                       "must be a standard resource for containers"));
}

TEST(PodValidation, InitContainerHostPortsAreNamedAsTheFirst) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],"initContainers":[
      {"name":"i0","image":"x"},
      {"name":"i1","image":"x","ports":[{"containerPort":80,"hostPort":80},
                                        {"containerPort":81,"hostPort":80}]}]})"));
  // Upstream checks each init container alone and names it [0] (sic).
  EXPECT_TRUE(HasCause(causes, "spec.initContainers[0].ports[1].hostPort", "FieldValueDuplicate",
                       "Duplicate value: \"TCP//80\""));
}

TEST(PodValidation, CausesComeInUpstreamOrder) {
  Causes causes = Validate(J(R"({"containers":[{"name":"a","image":"x"}],
      "tolerations":[{"operator":"Bad"}],
      "topologySpreadConstraints":[{"maxSkew":0,"topologyKey":"zone",
        "whenUnsatisfiable":"DoNotSchedule"}],
      "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{}}},
      "securityContext":{"runAsUser":-1},
      "hostAliases":[{"ip":"x"}],
      "nodeName":"Bad_Node"})"));
  std::vector<std::string> fields;
  for (const auto& c : causes) fields.push_back(c.field);
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "spec.securityContext.runAsUser",
                        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
                        "nodeSelectorTerms",
                        "spec.topologySpreadConstraints[0].maxSkew", "spec.nodeName",
                        "spec.tolerations[0].operator", "spec.tolerations[0].operator",
                        "spec.hostAliases[0].ip"}));
}

// The Deployment examples of the Kubernetes docs (pod anti-affinity,
// topology spread, the restricted Pod Security settings) are valid.
TEST(PodValidation, DocsStyleTemplateIsValid) {
  Json tmpl = J(R"({"metadata":{"labels":{"app":"web","tier":"frontend"}},"spec":{
      "securityContext":{"runAsNonRoot":true,"runAsUser":1000,"runAsGroup":3000,"fsGroup":2000,
        "fsGroupChangePolicy":"OnRootMismatch","supplementalGroups":[4000],
        "seccompProfile":{"type":"RuntimeDefault"},
        "sysctls":[{"name":"net.ipv4.ip_unprivileged_port_start","value":"0"}]},
      "affinity":{
        "podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{
          "labelSelector":{"matchExpressions":[{"key":"app","operator":"In","values":["web"]}]},
          "topologyKey":"kubernetes.io/hostname"}],
          "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,"podAffinityTerm":{
            "labelSelector":{"matchLabels":{"app":"web"}},"matchLabelKeys":["pod-template-hash"],
            "topologyKey":"topology.kubernetes.io/zone"}}]},
        "podAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":50,
          "podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"cache"}},
            "namespaceSelector":{},"namespaces":["default"],
            "topologyKey":"kubernetes.io/hostname"}}]},
        "nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
            {"matchExpressions":[{"key":"kubernetes.io/os","operator":"In","values":["linux"]},
              {"key":"node-role.kubernetes.io/control-plane","operator":"DoesNotExist"}]},
            {"matchFields":[{"key":"metadata.name","operator":"NotIn","values":["node-1"]}]}]},
          "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"preference":{
            "matchExpressions":[{"key":"example.com/cores","operator":"Gt","values":["4"]}]}}]}},
      "topologySpreadConstraints":[
        {"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"DoNotSchedule",
         "labelSelector":{"matchLabels":{"app":"web"}},"matchLabelKeys":["pod-template-hash"],
         "minDomains":2,"nodeAffinityPolicy":"Honor","nodeTaintsPolicy":"Ignore"},
        {"maxSkew":2,"topologyKey":"kubernetes.io/hostname","whenUnsatisfiable":"ScheduleAnyway",
         "labelSelector":{"matchLabels":{"app":"web"}}}],
      "tolerations":[{"key":"node-role.kubernetes.io/control-plane","operator":"Exists",
        "effect":"NoSchedule"},{"key":"example.com/gpu","operator":"Equal","value":"true",
        "effect":"NoExecute","tolerationSeconds":60},{"operator":"Exists"}],
      "hostAliases":[{"ip":"127.0.0.1","hostnames":["foo.local","bar.local"]},
        {"ip":"::1","hostnames":["ip6.local"]}],
      "dnsPolicy":"None","dnsConfig":{"nameservers":["10.96.0.10"],
        "searches":["default.svc.cluster.local","svc.cluster.local."],
        "options":[{"name":"ndots","value":"2"},{"name":"edns0"}]},
      "readinessGates":[{"conditionType":"example.com/feature-1"}],
      "schedulingGates":[{"name":"example.com/quota"}],
      "os":{"name":"linux"},
      "containers":[{"name":"web","image":"nginx:1.27",
        "ports":[{"containerPort":8080,"name":"http"}],
        "envFrom":[{"configMapRef":{"name":"web-config"}},
          {"prefix":"DB_","secretRef":{"name":"db-secret","optional":true}}],
        "securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,
          "runAsNonRoot":true,"capabilities":{"drop":["ALL"],"add":["NET_BIND_SERVICE"]},
          "seccompProfile":{"type":"Localhost","localhostProfile":"profiles/audit.json"},
          "appArmorProfile":{"type":"RuntimeDefault"},"procMount":"Default"},
        "volumeMounts":[{"name":"config","mountPath":"/etc/web"},
          {"name":"token","mountPath":"/var/run/secrets/tokens"},
          {"name":"cache","mountPath":"/cache"},{"name":"scratch","mountPath":"/scratch"}]}],
      "volumes":[
        {"name":"config","projected":{"sources":[
          {"configMap":{"name":"web-config","items":[{"key":"app.conf","path":"app.conf"}]}},
          {"secret":{"name":"web-tls","items":[{"key":"tls.crt","path":"tls/tls.crt"}]}},
          {"downwardAPI":{"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}},
            {"path":"cpu_limit","resourceFieldRef":{"containerName":"web",
              "resource":"limits.cpu","divisor":"1m"}}]}}]}},
        {"name":"token","projected":{"sources":[{"serviceAccountToken":{"path":"token",
          "audience":"vault","expirationSeconds":7200}}]}},
        {"name":"cache","emptyDir":{"medium":"Memory","sizeLimit":"64Mi"}},
        {"name":"scratch","ephemeral":{"volumeClaimTemplate":{"metadata":{"labels":{"app":"web"}},
          "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}}}]}})");
  DefaultPodTemplate(tmpl);
  Causes causes;
  ValidatePodTemplate(tmpl, "spec.template", causes);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(PodValidation, TemplatePathsArePrefixed) {
  Json tmpl = J(R"({"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"a"}]}})");
  DefaultPodTemplate(tmpl);
  Causes causes;
  ValidatePodTemplate(tmpl, "spec.template", causes);
  EXPECT_TRUE(HasCause(causes, "spec.template.spec.containers[0].image", "FieldValueRequired"));
}

TEST(PodValidation, TemplateMetadataPathsLeaveOutMetadata) {
  // Upstream's ValidatePodTemplateSpec checks the labels and annotations at
  // <template>.labels and <template>.annotations.
  Json tmpl = J(R"({"metadata":{"labels":{"app":"-x"},"annotations":{"Bad Key":"v"}},
      "spec":{"containers":[{"name":"a","image":"x"}]}})");
  DefaultPodTemplate(tmpl);
  Causes causes;
  ValidatePodTemplate(tmpl, "spec.template", causes);
  EXPECT_TRUE(
      HasCause(causes, "spec.template.labels", "FieldValueInvalid", "Invalid value: \"-x\""))
      << testing::Describe(causes);
  EXPECT_TRUE(HasCause(causes, "spec.template.annotations", "FieldValueInvalid",
                       "Invalid value: \"Bad Key\""));
  EXPECT_EQ(testing::FindCause(causes, "spec.template.metadata.labels", "FieldValueInvalid"),
            nullptr);
}

TEST(PodValidation, TemplateSecurityAnnotationsAreValidated) {
  Json tmpl = J(R"({"metadata":{"annotations":{
        "container.apparmor.security.beta.kubernetes.io/ghost":"runtime/default",
        "container.apparmor.security.beta.kubernetes.io/web":"bogus",
        "seccomp.security.alpha.kubernetes.io/pod":"weird"}},
      "spec":{"containers":[{"name":"web","image":"nginx"}]}})");
  DefaultPodTemplate(tmpl);
  Causes causes;
  ValidatePodTemplate(tmpl, "spec.template", causes);
  ASSERT_EQ(causes.size(), 3u) << testing::Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.template.annotations.seccomp.security.alpha.kubernetes.io/pod");
  EXPECT_EQ(causes[0].reason, "FieldValueInvalid");
  EXPECT_EQ(causes[0].message, "Invalid value: \"weird\": must be a valid seccomp profile");
  EXPECT_EQ(causes[1].field,
            "spec.template.annotations[container.apparmor.security.beta.kubernetes.io/ghost]");
  EXPECT_EQ(causes[1].reason, "FieldValueInvalid");
  EXPECT_EQ(causes[1].message, "Invalid value: \"ghost\": container not found");
  EXPECT_EQ(causes[2].field,
            "spec.template.annotations[container.apparmor.security.beta.kubernetes.io/web]");
  EXPECT_EQ(causes[2].message,
            "Invalid value: \"bogus\": invalid AppArmor profile name: \"bogus\"");
}

TEST(PodValidation, TemplateSecurityAnnotationsMustMatchFields) {
  Json tmpl = J(R"({"metadata":{"annotations":{
        "container.apparmor.security.beta.kubernetes.io/web":"localhost/a",
        "seccomp.security.alpha.kubernetes.io/pod":"unconfined"}},
      "spec":{"securityContext":{"seccompProfile":{"type":"RuntimeDefault"}},
        "containers":[{"name":"web","image":"nginx",
          "securityContext":{"appArmorProfile":{"type":"RuntimeDefault"}}}]}})");
  DefaultPodTemplate(tmpl);
  Causes causes;
  ValidatePodTemplate(tmpl, "spec.template", causes);
  ASSERT_EQ(causes.size(), 2u) << testing::Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.template.spec.securityContext.seccompProfile.type");
  EXPECT_EQ(causes[0].reason, "FieldValueForbidden");
  EXPECT_EQ(causes[0].message, "Forbidden: seccomp type in annotation and field must match");
  EXPECT_EQ(causes[1].field,
            "spec.template.spec.containers[0].securityContext.appArmorProfile.type");
  EXPECT_EQ(causes[1].message, "Forbidden: apparmor type in annotation and field must match");
}

TEST(PodValidation, HostProcessCausesFollowTopologySpreadConstraints) {
  Causes causes = Validate(J(R"({"serviceAccountName":"Bad_Name",
      "topologySpreadConstraints":[{"maxSkew":0,"topologyKey":"zone",
        "whenUnsatisfiable":"DoNotSchedule"}],
      "containers":[{"name":"a","image":"x",
        "securityContext":{"windowsOptions":{"hostProcess":true}}},{"name":"b","image":"x"}]})"));
  auto index_of = [&causes](std::string_view field) {
    for (size_t i = 0; i < causes.size(); ++i) {
      if (causes[i].field == field) return static_cast<int>(i);
    }
    return -1;
  };
  const int spread = index_of("spec.topologySpreadConstraints[0].maxSkew");
  const int all = index_of("spec");
  const int network = index_of("spec.hostNetwork");
  const int account = index_of("spec.serviceAccountName");
  ASSERT_GE(spread, 0) << testing::Describe(causes);
  EXPECT_EQ(all, spread + 1) << testing::Describe(causes);
  EXPECT_EQ(network, spread + 2);
  EXPECT_EQ(account, spread + 3);
  EXPECT_EQ(causes[network].message,
            "Invalid value: false: hostNetwork must be true if pod contains any hostProcess "
            "containers");
}

TEST(PodValidation, MountPropagationValuesAndBidirectionalNeedsPrivileged) {
  Causes causes = Validate(J(R"({"volumes":[{"name":"v","emptyDir":{}}],"containers":[
      {"name":"a","image":"x","volumeMounts":[
        {"name":"v","mountPath":"/a","mountPropagation":"Sideways"},
        {"name":"v","mountPath":"/b","mountPropagation":"Bidirectional"}]},
      {"name":"b","image":"x","securityContext":{"privileged":true},"volumeMounts":[
        {"name":"v","mountPath":"/b","mountPropagation":"Bidirectional"}]}]})"));
  ASSERT_EQ(causes.size(), 2u) << testing::Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.containers[0].volumeMounts.mountPropagation");
  EXPECT_EQ(causes[0].message,
            "Unsupported value: \"Sideways\": supported values: \"Bidirectional\", "
            "\"HostToContainer\", \"None\"");
  EXPECT_EQ(causes[1].field, "spec.containers[0].volumeMounts.mountPropagation");
  EXPECT_EQ(causes[1].reason, "FieldValueForbidden");
  EXPECT_EQ(causes[1].message,
            "Forbidden: Bidirectional mount propagation is available only to privileged "
            "containers");
}

TEST(PodValidation, RecursiveReadOnlyNeedsReadOnlyAndNoPropagation) {
  Causes causes = Validate(J(R"({"volumes":[{"name":"v","emptyDir":{}}],"containers":[
      {"name":"a","image":"x","volumeMounts":[
        {"name":"v","mountPath":"/a","recursiveReadOnly":"Enabled"},
        {"name":"v","mountPath":"/b","readOnly":true,"recursiveReadOnly":"IfPossible",
         "mountPropagation":"HostToContainer"},
        {"name":"v","mountPath":"/c","recursiveReadOnly":"Always"},
        {"name":"v","mountPath":"/d","recursiveReadOnly":"Disabled"}]}]})"));
  ASSERT_EQ(causes.size(), 3u) << testing::Describe(causes);
  const std::string at = "spec.containers[0].volumeMounts.recursiveReadOnly";
  EXPECT_EQ(causes[0].field, at);
  EXPECT_EQ(causes[0].message, "Forbidden: may only be specified when readOnly is true");
  EXPECT_EQ(causes[1].field, at);
  EXPECT_EQ(causes[1].message,
            "Forbidden: may only be specified when mountPropagation is None or not specified");
  EXPECT_EQ(causes[2].field, at);
  EXPECT_EQ(causes[2].message,
            "Unsupported value: \"Always\": supported values: \"Disabled\", \"Enabled\", "
            "\"IfPossible\"");
}

TEST(PodValidation, VolumeDevicesNameClaimsAtUniquePaths) {
  Causes causes =
      Validate(J(R"({"volumes":[{"name":"blk","persistentVolumeClaim":{"claimName":"c"}},
      {"name":"tmp","emptyDir":{}}],
      "containers":[{"name":"a","image":"x",
        "volumeMounts":[{"name":"tmp","mountPath":"/dev/xvdb"}],
        "volumeDevices":[{"name":"blk","devicePath":"/dev/xvda"},
          {"name":"blk","devicePath":"/dev/xvda"},
          {"name":"tmp","devicePath":"/dev/../x"},
          {"name":"nope","devicePath":"/dev/xvdb"}]}]})"));
  const std::string d = "spec.containers[0].volumeDevices";
  EXPECT_TRUE(HasCause(causes, d + "[1].name", "FieldValueInvalid",
                       "Invalid value: \"blk\": must be unique"));
  EXPECT_TRUE(HasCause(causes, d + "[1].devicePath", "FieldValueInvalid",
                       "Invalid value: \"/dev/xvda\": must be unique"));
  EXPECT_TRUE(HasCause(causes, d + "[2].name", "FieldValueInvalid",
                       "Invalid value: \"tmp\": can only use volume source type of "
                       "PersistentVolumeClaim or Ephemeral for block mode"));
  EXPECT_TRUE(HasCause(causes, d + "[2].devicePath", "FieldValueInvalid",
                       "Invalid value: \"/dev/../x\": can not contain backsteps ('..')"));
  EXPECT_TRUE(HasCause(causes, d + "[2].name", "FieldValueInvalid",
                       "Invalid value: \"tmp\": must not already exist in volumeMounts"));
  EXPECT_TRUE(HasCause(causes, d + "[3].name", "FieldValueNotFound", "Not found: \"nope\""));
  EXPECT_TRUE(HasCause(causes, d + "[3].devicePath", "FieldValueInvalid",
                       "Invalid value: \"/dev/xvdb\": must not already exist as a path in "
                       "volumeMounts"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].volumeMounts[0].mountPath", "FieldValueInvalid",
                       "Invalid value: \"/dev/xvdb\": must not already exist as a path in "
                       "volumeDevices"));
  EXPECT_TRUE(HasCause(causes, "spec.containers[0].volumeMounts[0].name", "FieldValueInvalid",
                       "Invalid value: \"tmp\": must not already exist in volumeDevices"));
  EXPECT_EQ(causes.size(), 9u) << testing::Describe(causes);
}

TEST(PodValidation, RealisticPodWithMountOptionsAndBlockDeviceIsValid) {
  Causes causes = Validate(J(R"({
      "securityContext":{"appArmorProfile":{"type":"RuntimeDefault"}},
      "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data"}},
        {"name":"host","hostPath":{"path":"/var/log"}},
        {"name":"cfg","configMap":{"name":"cfg"}},
        {"name":"scratch","ephemeral":{"volumeClaimTemplate":{"spec":{
          "accessModes":["ReadWriteOnce"],"volumeMode":"Block",
          "resources":{"requests":{"storage":"1Gi"}}}}}}],
      "containers":[{"name":"db","image":"postgres:16",
        "securityContext":{"appArmorProfile":{"type":"Localhost","localhostProfile":"k8s-db"}},
        "volumeMounts":[
          {"name":"host","mountPath":"/host/log","readOnly":true,
           "mountPropagation":"HostToContainer"},
          {"name":"cfg","mountPath":"/etc/db","readOnly":true,"recursiveReadOnly":"IfPossible"}],
        "volumeDevices":[{"name":"data","devicePath":"/dev/xvda"},
          {"name":"scratch","devicePath":"/dev/xvdb"}]}]})"));
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

}  // namespace
}  // namespace wisp::strategies
