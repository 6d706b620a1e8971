// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view CorePodSchemaText() {
  return R"(
@io.k8s.api.core.v1
Pod apiVersion kind metadata:ObjectMeta spec:PodSpec status:PodStatus
PodTemplate apiVersion kind metadata:ObjectMeta template:PodTemplateSpec
PodTemplateSpec metadata:ObjectMeta spec:PodSpec
Binding apiVersion kind metadata:ObjectMeta *target:ObjectReference
PodSpec activeDeadlineSeconds:l affinity:Affinity automountServiceAccountToken:b
  *containers:[]Container~m:name|m:name dnsConfig:PodDNSConfig dnsPolicy enableServiceLinks:b
  ephemeralContainers:[]EphemeralContainer~m:name|m:name hostAliases:[]HostAlias~m:ip|m:ip
  hostIPC:b hostNetwork:b hostPID:b hostUsers:b hostname
  imagePullSecrets:[]LocalObjectReference~m:name|m:name initContainers:[]Container~m:name|m:name
  nodeName nodeSelector:{}s os:PodOS overhead:{}Quantity preemptionPolicy priority:i
  priorityClassName readinessGates:[]PodReadinessGate|a
  resourceClaims:[]PodResourceClaim~mr:name|m:name resources:ResourceRequirements restartPolicy
  runtimeClassName schedulerName schedulingGates:[]PodSchedulingGate~m:name|m:name
  securityContext:PodSecurityContext serviceAccount serviceAccountName setHostnameAsFQDN:b
  shareProcessNamespace:b subdomain terminationGracePeriodSeconds:l tolerations:[]Toleration|a
  topologySpreadConstraints:[]TopologySpreadConstraint~m:topologyKey|m:topologyKey,whenUnsatisfiable
  volumes:[]Volume~mr:name|m:name
Container args:[]s|a command:[]s|a env:[]EnvVar~m:name|m:name envFrom:[]EnvFromSource|a image
  imagePullPolicy lifecycle:Lifecycle livenessProbe:Probe *name
  ports:[]ContainerPort~m:containerPort|m:containerPort,protocol readinessProbe:Probe
  resizePolicy:[]ContainerResizePolicy|a resources:ResourceRequirements restartPolicy
  securityContext:SecurityContext startupProbe:Probe stdin:b stdinOnce:b terminationMessagePath
  terminationMessagePolicy tty:b volumeDevices:[]VolumeDevice~m:devicePath|m:devicePath
  volumeMounts:[]VolumeMount~m:mountPath|m:mountPath workingDir
EphemeralContainer args:[]s|a command:[]s|a env:[]EnvVar~m:name|m:name envFrom:[]EnvFromSource|a
  image imagePullPolicy lifecycle:Lifecycle livenessProbe:Probe *name
  ports:[]ContainerPort~m:containerPort|m:containerPort,protocol readinessProbe:Probe
  resizePolicy:[]ContainerResizePolicy|a resources:ResourceRequirements restartPolicy
  securityContext:SecurityContext startupProbe:Probe stdin:b stdinOnce:b targetContainerName
  terminationMessagePath terminationMessagePolicy tty:b
  volumeDevices:[]VolumeDevice~m:devicePath|m:devicePath
  volumeMounts:[]VolumeMount~m:mountPath|m:mountPath workingDir
ContainerPort *containerPort:i hostIP hostPort:i name protocol
EnvVar *name value valueFrom:EnvVarSource
EnvVarSource configMapKeyRef:ConfigMapKeySelector fieldRef:ObjectFieldSelector
  resourceFieldRef:ResourceFieldSelector secretKeyRef:SecretKeySelector
ConfigMapKeySelector *key name optional:b
SecretKeySelector *key name optional:b
ObjectFieldSelector apiVersion *fieldPath
ResourceFieldSelector containerName divisor:Quantity *resource
EnvFromSource configMapRef:ConfigMapEnvSource prefix secretRef:SecretEnvSource
ConfigMapEnvSource name optional:b
SecretEnvSource name optional:b
Lifecycle postStart:LifecycleHandler preStop:LifecycleHandler
LifecycleHandler exec:ExecAction httpGet:HTTPGetAction sleep:SleepAction tcpSocket:TCPSocketAction
ExecAction command:[]s|a
HTTPGetAction host httpHeaders:[]HTTPHeader|a path *port:IntOrString scheme
HTTPHeader *name *value
TCPSocketAction host *port:IntOrString
SleepAction *seconds:l
GRPCAction *port:i service
Probe exec:ExecAction failureThreshold:i grpc:GRPCAction httpGet:HTTPGetAction
  initialDelaySeconds:i periodSeconds:i successThreshold:i tcpSocket:TCPSocketAction
  terminationGracePeriodSeconds:l timeoutSeconds:i
ResourceRequirements claims:[]ResourceClaim|m:name limits:{}Quantity requests:{}Quantity
ResourceClaim *name request
ContainerResizePolicy *resourceName *restartPolicy
SecurityContext allowPrivilegeEscalation:b appArmorProfile:AppArmorProfile
  capabilities:Capabilities privileged:b procMount readOnlyRootFilesystem:b runAsGroup:l
  runAsNonRoot:b runAsUser:l seLinuxOptions:SELinuxOptions seccompProfile:SeccompProfile
  windowsOptions:WindowsSecurityContextOptions
Capabilities add:[]s|a drop:[]s|a
AppArmorProfile localhostProfile *type
SeccompProfile localhostProfile *type
SELinuxOptions level role type user
WindowsSecurityContextOptions gmsaCredentialSpec gmsaCredentialSpecName hostProcess:b
  runAsUserName
PodSecurityContext appArmorProfile:AppArmorProfile fsGroup:l fsGroupChangePolicy runAsGroup:l
  runAsNonRoot:b runAsUser:l seLinuxChangePolicy seLinuxOptions:SELinuxOptions
  seccompProfile:SeccompProfile supplementalGroups:[]l|a supplementalGroupsPolicy
  sysctls:[]Sysctl|a windowsOptions:WindowsSecurityContextOptions
Sysctl *name *value
VolumeMount *mountPath mountPropagation *name readOnly:b recursiveReadOnly subPath subPathExpr
VolumeDevice *devicePath *name
Affinity nodeAffinity:NodeAffinity podAffinity:PodAffinity podAntiAffinity:PodAntiAffinity
NodeAffinity preferredDuringSchedulingIgnoredDuringExecution:[]PreferredSchedulingTerm|a
  requiredDuringSchedulingIgnoredDuringExecution:NodeSelector
NodeSelector *nodeSelectorTerms:[]NodeSelectorTerm|a
NodeSelectorTerm matchExpressions:[]NodeSelectorRequirement|a
  matchFields:[]NodeSelectorRequirement|a
NodeSelectorRequirement *key *operator values:[]s|a
PreferredSchedulingTerm *preference:NodeSelectorTerm *weight:i
PodAffinity preferredDuringSchedulingIgnoredDuringExecution:[]WeightedPodAffinityTerm|a
  requiredDuringSchedulingIgnoredDuringExecution:[]PodAffinityTerm|a
PodAntiAffinity preferredDuringSchedulingIgnoredDuringExecution:[]WeightedPodAffinityTerm|a
  requiredDuringSchedulingIgnoredDuringExecution:[]PodAffinityTerm|a
WeightedPodAffinityTerm *podAffinityTerm:PodAffinityTerm *weight:i
PodAffinityTerm labelSelector:LabelSelector matchLabelKeys:[]s|a mismatchLabelKeys:[]s|a
  namespaceSelector:LabelSelector namespaces:[]s|a *topologyKey
PodDNSConfig nameservers:[]s|a options:[]PodDNSConfigOption|a searches:[]s|a
PodDNSConfigOption name value
HostAlias hostnames:[]s|a *ip
LocalObjectReference name
PodOS *name
PodReadinessGate *conditionType
PodResourceClaim *name resourceClaimName resourceClaimTemplateName
PodSchedulingGate *name
Toleration effect key operator tolerationSeconds:l value
TopologySpreadConstraint labelSelector:LabelSelector matchLabelKeys:[]s|a *maxSkew:i minDomains:i
  nodeAffinityPolicy nodeTaintsPolicy *topologyKey *whenUnsatisfiable
PodStatus conditions:[]PodCondition~m:type|m:type containerStatuses:[]ContainerStatus|a
  ephemeralContainerStatuses:[]ContainerStatus|a hostIP hostIPs:[]HostIP~m:ip|a
  initContainerStatuses:[]ContainerStatus|a message nominatedNodeName phase podIP
  podIPs:[]PodIP~m:ip|m:ip qosClass reason resize
  resourceClaimStatuses:[]PodResourceClaimStatus~mr:name|m:name startTime:Time
PodCondition lastProbeTime:Time lastTransitionTime:Time message reason *status *type
HostIP *ip
PodIP *ip
PodResourceClaimStatus *name resourceClaimName
ContainerStatus allocatedResources:{}Quantity
  allocatedResourcesStatus:[]ResourceStatus~m:name|m:name containerID *image *imageID
  lastState:ContainerState *name *ready:b resources:ResourceRequirements *restartCount:i started:b
  state:ContainerState user:ContainerUser volumeMounts:[]VolumeMountStatus~m:mountPath|m:mountPath
ContainerState running:ContainerStateRunning terminated:ContainerStateTerminated
  waiting:ContainerStateWaiting
ContainerStateRunning startedAt:Time
ContainerStateTerminated containerID *exitCode:i finishedAt:Time message reason signal:i
  startedAt:Time
ContainerStateWaiting message reason
ContainerUser linux:LinuxContainerUser
LinuxContainerUser *gid:l supplementalGroups:[]l|a *uid:l
ResourceStatus *name resources:[]ResourceHealth|m:resourceID
ResourceHealth health *resourceID
VolumeMountStatus *mountPath *name readOnly:b recursiveReadOnly
ObjectReference apiVersion fieldPath kind name namespace resourceVersion uid
)";
}

}  // namespace wisp::api::internal
