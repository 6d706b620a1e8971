// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view CorePodSchemaText() {
  return R"(
@io.k8s.api.core.v1
Pod apiVersion kind metadata#1:ObjectMeta spec#2:PodSpec status#3:PodStatus
PodTemplate apiVersion kind metadata#1:ObjectMeta template#2:PodTemplateSpec
PodTemplateSpec metadata#1:ObjectMeta spec#2:PodSpec
Binding apiVersion kind metadata#1:ObjectMeta *target#2:ObjectReference
PodSpec activeDeadlineSeconds#5:l affinity#18:Affinity automountServiceAccountToken#21:b
  *containers#2:[]Container~m:name|m:name dnsConfig#26:PodDNSConfig dnsPolicy#6
  enableServiceLinks#30:b ephemeralContainers#34:[]EphemeralContainer~m:name|m:name
  hostAliases#23:[]HostAlias~m:ip|m:ip hostIPC#13:b hostNetwork#11:b hostPID#12:b hostUsers#37:b
  hostname#16 imagePullSecrets#15:[]LocalObjectReference~m:name|m:name
  initContainers#20:[]Container~m:name|m:name nodeName#10 nodeSelector#7:{}s os#36:PodOS
  overhead#32:{}Quantity preemptionPolicy#31 priority#25:i priorityClassName#24
  readinessGates#28:[]PodReadinessGate|a resourceClaims#39:[]PodResourceClaim~mr:name|m:name
  resources#40:ResourceRequirements restartPolicy#3 runtimeClassName#29 schedulerName#19
  schedulingGates#38:[]PodSchedulingGate~m:name|m:name securityContext#14:PodSecurityContext
  serviceAccount#9 serviceAccountName#8 setHostnameAsFQDN#35:b shareProcessNamespace#27:b
  subdomain#17 terminationGracePeriodSeconds#4:l tolerations#22:[]Toleration|a
  topologySpreadConstraints#33:[]TopologySpreadConstraint~m:topologyKey|m:topologyKey,whenUnsatisfiable
  volumes#1:[]Volume~mr:name|m:name
Container args#4:[]s|a command#3:[]s|a env#7:[]EnvVar~m:name|m:name envFrom#19:[]EnvFromSource|a
  image#2 imagePullPolicy#14 lifecycle#12:Lifecycle livenessProbe#10:Probe *name#1
  ports#6:[]ContainerPort~m:containerPort|m:containerPort,protocol readinessProbe#11:Probe
  resizePolicy#23:[]ContainerResizePolicy|a resources#8:ResourceRequirements restartPolicy#24
  securityContext#15:SecurityContext startupProbe#22:Probe stdin#16:b stdinOnce#17:b
  terminationMessagePath#13 terminationMessagePolicy#20 tty#18:b
  volumeDevices#21:[]VolumeDevice~m:devicePath|m:devicePath
  volumeMounts#9:[]VolumeMount~m:mountPath|m:mountPath workingDir#5
# The container fields sit in the embedded EphemeralContainerCommon (#1).
EphemeralContainer args#1.4:[]s|a command#1.3:[]s|a env#1.7:[]EnvVar~m:name|m:name
  envFrom#1.19:[]EnvFromSource|a image#1.2 imagePullPolicy#1.14 lifecycle#1.12:Lifecycle
  livenessProbe#1.10:Probe *name#1.1
  ports#1.6:[]ContainerPort~m:containerPort|m:containerPort,protocol readinessProbe#1.11:Probe
  resizePolicy#1.23:[]ContainerResizePolicy|a resources#1.8:ResourceRequirements
  restartPolicy#1.24 securityContext#1.15:SecurityContext startupProbe#1.22:Probe stdin#1.16:b
  stdinOnce#1.17:b targetContainerName#2 terminationMessagePath#1.13
  terminationMessagePolicy#1.20 tty#1.18:b
  volumeDevices#1.21:[]VolumeDevice~m:devicePath|m:devicePath
  volumeMounts#1.9:[]VolumeMount~m:mountPath|m:mountPath workingDir#1.5
ContainerPort *containerPort#3:i hostIP#5 hostPort#2:i name#1 protocol#4
EnvVar *name#1 value#2 valueFrom#3:EnvVarSource
EnvVarSource configMapKeyRef#3:ConfigMapKeySelector fieldRef#1:ObjectFieldSelector
  resourceFieldRef#2:ResourceFieldSelector secretKeyRef#4:SecretKeySelector
# name comes from the embedded LocalObjectReference (#1) in these four.
ConfigMapKeySelector *key#2 name#1.1 optional#3:b
SecretKeySelector *key#2 name#1.1 optional#3:b
ObjectFieldSelector apiVersion#1 *fieldPath#2
ResourceFieldSelector containerName#1 divisor#3:Quantity *resource#2
EnvFromSource configMapRef#2:ConfigMapEnvSource prefix#1 secretRef#3:SecretEnvSource
ConfigMapEnvSource name#1.1 optional#2:b
SecretEnvSource name#1.1 optional#2:b
Lifecycle postStart#1:LifecycleHandler preStop#2:LifecycleHandler
LifecycleHandler exec#1:ExecAction httpGet#2:HTTPGetAction sleep#4:SleepAction
  tcpSocket#3:TCPSocketAction
ExecAction command#1:[]s|a
HTTPGetAction host#3 httpHeaders#5:[]HTTPHeader|a path#1 *port#2:IntOrString scheme#4
HTTPHeader *name#1 *value#2
TCPSocketAction host#2 *port#1:IntOrString
SleepAction *seconds#1:l
GRPCAction *port#1:i service#2
# exec, httpGet, tcpSocket and grpc sit in the embedded ProbeHandler (#1).
Probe exec#1.1:ExecAction failureThreshold#6:i grpc#1.4:GRPCAction httpGet#1.2:HTTPGetAction
  initialDelaySeconds#2:i periodSeconds#4:i successThreshold#5:i tcpSocket#1.3:TCPSocketAction
  terminationGracePeriodSeconds#7:l timeoutSeconds#3:i
ResourceRequirements claims#3:[]ResourceClaim|m:name limits#1:{}Quantity requests#2:{}Quantity
ResourceClaim *name#1 request#2
ContainerResizePolicy *resourceName#1 *restartPolicy#2
SecurityContext allowPrivilegeEscalation#7:b appArmorProfile#12:AppArmorProfile
  capabilities#1:Capabilities privileged#2:b procMount#9 readOnlyRootFilesystem#6:b
  runAsGroup#8:l runAsNonRoot#5:b runAsUser#4:l seLinuxOptions#3:SELinuxOptions
  seccompProfile#11:SeccompProfile windowsOptions#10:WindowsSecurityContextOptions
Capabilities add#1:[]s|a drop#2:[]s|a
AppArmorProfile localhostProfile#2 *type#1
SeccompProfile localhostProfile#2 *type#1
SELinuxOptions level#4 role#2 type#3 user#1
WindowsSecurityContextOptions gmsaCredentialSpec#2 gmsaCredentialSpecName#1 hostProcess#4:b
  runAsUserName#3
PodSecurityContext appArmorProfile#11:AppArmorProfile fsGroup#5:l fsGroupChangePolicy#9
  runAsGroup#6:l runAsNonRoot#3:b runAsUser#2:l seLinuxChangePolicy#13
  seLinuxOptions#1:SELinuxOptions seccompProfile#10:SeccompProfile supplementalGroups#4:[]l|a
  supplementalGroupsPolicy#12 sysctls#7:[]Sysctl|a windowsOptions#8:WindowsSecurityContextOptions
Sysctl *name#1 *value#2
VolumeMount *mountPath#3 mountPropagation#5 *name#1 readOnly#2:b recursiveReadOnly#7 subPath#4
  subPathExpr#6
VolumeDevice *devicePath#2 *name#1
Affinity nodeAffinity#1:NodeAffinity podAffinity#2:PodAffinity podAntiAffinity#3:PodAntiAffinity
NodeAffinity preferredDuringSchedulingIgnoredDuringExecution#2:[]PreferredSchedulingTerm|a
  requiredDuringSchedulingIgnoredDuringExecution#1:NodeSelector
NodeSelector *nodeSelectorTerms#1:[]NodeSelectorTerm|a
NodeSelectorTerm matchExpressions#1:[]NodeSelectorRequirement|a
  matchFields#2:[]NodeSelectorRequirement|a
NodeSelectorRequirement *key#1 *operator#2 values#3:[]s|a
PreferredSchedulingTerm *preference#2:NodeSelectorTerm *weight#1:i
PodAffinity preferredDuringSchedulingIgnoredDuringExecution#2:[]WeightedPodAffinityTerm|a
  requiredDuringSchedulingIgnoredDuringExecution#1:[]PodAffinityTerm|a
PodAntiAffinity preferredDuringSchedulingIgnoredDuringExecution#2:[]WeightedPodAffinityTerm|a
  requiredDuringSchedulingIgnoredDuringExecution#1:[]PodAffinityTerm|a
WeightedPodAffinityTerm *podAffinityTerm#2:PodAffinityTerm *weight#1:i
PodAffinityTerm labelSelector#1:LabelSelector matchLabelKeys#5:[]s|a mismatchLabelKeys#6:[]s|a
  namespaceSelector#4:LabelSelector namespaces#2:[]s|a *topologyKey#3
PodDNSConfig nameservers#1:[]s|a options#3:[]PodDNSConfigOption|a searches#2:[]s|a
PodDNSConfigOption name#1 value#2
HostAlias hostnames#2:[]s|a *ip#1
LocalObjectReference name#1
PodOS *name#1
PodReadinessGate *conditionType#1
PodResourceClaim *name#1 resourceClaimName#3 resourceClaimTemplateName#4
PodSchedulingGate *name#1
Toleration effect#4 key#1 operator#2 tolerationSeconds#5:l value#3
TopologySpreadConstraint labelSelector#4:LabelSelector matchLabelKeys#8:[]s|a *maxSkew#1:i
  minDomains#5:i nodeAffinityPolicy#6 nodeTaintsPolicy#7 *topologyKey#2 *whenUnsatisfiable#3
PodStatus conditions#2:[]PodCondition~m:type|m:type containerStatuses#8:[]ContainerStatus|a
  ephemeralContainerStatuses#13:[]ContainerStatus|a hostIP#5 hostIPs#16:[]HostIP~m:ip|a
  initContainerStatuses#10:[]ContainerStatus|a message#3 nominatedNodeName#11 phase#1 podIP#6
  podIPs#12:[]PodIP~m:ip|m:ip qosClass#9 reason#4 resize#14
  resourceClaimStatuses#15:[]PodResourceClaimStatus~mr:name|m:name startTime#7:Time
PodCondition lastProbeTime#3:Time lastTransitionTime#4:Time message#6 reason#5 *status#2 *type#1
HostIP *ip#1
PodIP *ip#1
PodResourceClaimStatus *name#1 resourceClaimName#2
ContainerStatus allocatedResources#10:{}Quantity
  allocatedResourcesStatus#14:[]ResourceStatus~m:name|m:name containerID#8 *image#6 *imageID#7
  lastState#3:ContainerState *name#1 *ready#4:b resources#11:ResourceRequirements
  *restartCount#5:i started#9:b state#2:ContainerState user#13:ContainerUser
  volumeMounts#12:[]VolumeMountStatus~m:mountPath|m:mountPath
ContainerState running#2:ContainerStateRunning terminated#3:ContainerStateTerminated
  waiting#1:ContainerStateWaiting
ContainerStateRunning startedAt#1:Time
ContainerStateTerminated containerID#7 *exitCode#1:i finishedAt#6:Time message#4 reason#3
  signal#2:i startedAt#5:Time
ContainerStateWaiting message#2 reason#1
ContainerUser linux#1:LinuxContainerUser
LinuxContainerUser *gid#2:l supplementalGroups#3:[]l|a *uid#1:l
ResourceStatus *name#1 resources#2:[]ResourceHealth|m:resourceID
ResourceHealth health#2 *resourceID#1
VolumeMountStatus *mountPath#2 *name#1 readOnly#3:b recursiveReadOnly#4
ObjectReference apiVersion#5 fieldPath#7 kind#1 name#3 namespace#2 resourceVersion#6 uid#4
)";
}

}  // namespace wisp::api::internal
