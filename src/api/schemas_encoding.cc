// Go encoding facts of the built-in types (format: schema_parser.h,
// ApplyEncodings): `?field` is a non-pointer scalar with omitempty, dropped
// when zero; `+field` is a non-pointer struct, always encoded; `=field` has
// no omitempty and is written as its zero value when unset. These are
// facts of the Kubernetes v1.32 Go types; a field not listed keeps what the
// client sent.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view EncodingText() {
  return R"(
@io.k8s.api.core.v1
Pod ?apiVersion ?kind +metadata +spec +status
PodTemplate ?apiVersion ?kind +metadata +template
PodTemplateSpec +metadata +spec
Binding ?apiVersion ?kind +metadata +target
PodSpec ?dnsPolicy ?hostIPC ?hostNetwork ?hostPID ?hostname ?nodeName ?priorityClassName
  ?restartPolicy ?schedulerName ?serviceAccount ?serviceAccountName ?subdomain
Container ?image ?imagePullPolicy +resources ?stdin ?stdinOnce ?terminationMessagePath
  ?terminationMessagePolicy ?tty ?workingDir
EphemeralContainer ?image ?imagePullPolicy +resources ?stdin ?stdinOnce ?targetContainerName
  ?terminationMessagePath ?terminationMessagePolicy ?tty ?workingDir
ContainerPort ?hostIP ?hostPort ?name ?protocol
EnvVar ?value
ConfigMapKeySelector ?name
SecretKeySelector ?name
ObjectFieldSelector ?apiVersion
ResourceFieldSelector ?containerName =divisor
EnvFromSource ?prefix
ConfigMapEnvSource ?name
SecretEnvSource ?name
HTTPGetAction ?host ?path ?scheme
TCPSocketAction ?host
Probe ?failureThreshold ?initialDelaySeconds ?periodSeconds ?successThreshold ?timeoutSeconds
ResourceClaim ?request
SELinuxOptions ?level ?role ?type ?user
VolumeMount ?readOnly ?subPath ?subPathExpr
PreferredSchedulingTerm +preference
WeightedPodAffinityTerm +podAffinityTerm
PodDNSConfigOption ?name
LocalObjectReference ?name
Toleration ?effect ?key ?operator ?value
PodStatus ?hostIP ?message ?nominatedNodeName ?phase ?podIP ?qosClass ?reason ?resize
PodCondition +lastProbeTime +lastTransitionTime ?message ?reason
ContainerStatus ?containerID +lastState +state
ContainerStateRunning +startedAt
ContainerStateTerminated ?containerID +finishedAt ?message ?reason ?signal +startedAt
ContainerStateWaiting ?message ?reason
VolumeMountStatus ?readOnly
ObjectReference ?apiVersion ?fieldPath ?kind ?name ?namespace ?resourceVersion ?uid
@io.k8s.apimachinery.pkg.apis.meta.v1
ObjectMeta +creationTimestamp ?generateName ?generation ?name ?namespace ?resourceVersion
  ?selfLink ?uid
ListMeta ?continue ?resourceVersion ?selfLink
ManagedFieldsEntry ?apiVersion ?fieldsType ?manager ?operation ?subresource
Status ?apiVersion ?code ?kind ?message +metadata ?reason ?status
StatusDetails ?group ?kind ?name ?retryAfterSeconds ?uid
StatusCause ?field ?message ?reason
DeleteOptions ?apiVersion ?kind
Condition +lastTransitionTime ?observedGeneration
@io.k8s.api.core.v1
Service +spec +status
ServiceSpec ?clusterIP ?externalName ?externalTrafficPolicy ?healthCheckNodePort ?loadBalancerIP
  ?publishNotReadyAddresses ?sessionAffinity ?type
ServicePort ?name ?nodePort ?protocol
ServiceStatus +loadBalancer
LoadBalancerIngress ?hostname ?ip
EndpointAddress ?hostname
EndpointPort ?name ?protocol
Node +spec +status
NodeSpec ?externalID ?podCIDR ?providerID ?unschedulable
ConfigMapNodeConfigSource ?resourceVersion ?uid
Taint ?value
NodeStatus +daemonEndpoints +nodeInfo ?phase
NodeCondition +lastHeartbeatTime +lastTransitionTime ?message ?reason
NodeConfigStatus ?error
NodeDaemonEndpoints +kubeletEndpoint
DaemonEndpoint =Port
NodeSystemInfo =architecture =bootID =containerRuntimeVersion =kernelVersion
  =kubeProxyVersion =kubeletVersion =machineID =operatingSystem =osImage =systemUUID
ContainerImage ?sizeBytes
Namespace +spec +status
NamespaceStatus ?phase
NamespaceCondition +lastTransitionTime ?message ?reason
Secret ?type
Event ?action ?count +eventTime +firstTimestamp +involvedObject +lastTimestamp ?message ?reason =reportingComponent =reportingInstance
  +source ?type
EventSeries ?count +lastObservedTime
EventSource ?component ?host
ReplicationController +spec +status
ReplicationControllerSpec ?minReadySeconds
ReplicationControllerStatus ?availableReplicas ?fullyLabeledReplicas ?observedGeneration
  ?readyReplicas
ReplicationControllerCondition +lastTransitionTime ?message ?reason
LimitRange +spec
ResourceQuota +spec +status
ComponentCondition ?error ?message
AWSElasticBlockStoreVolumeSource ?fsType ?partition ?readOnly
AzureFileVolumeSource ?readOnly
CephFSVolumeSource ?path ?readOnly ?secretFile ?user
CinderVolumeSource ?fsType ?readOnly
ConfigMapVolumeSource ?name
EmptyDirVolumeSource ?medium
PersistentVolumeClaimTemplate +metadata +spec
FCVolumeSource ?fsType ?readOnly
FlexVolumeSource ?fsType ?readOnly
FlockerVolumeSource ?datasetName ?datasetUUID
GCEPersistentDiskVolumeSource ?fsType ?partition ?readOnly
GitRepoVolumeSource ?directory ?revision
GlusterfsVolumeSource ?readOnly
ImageVolumeSource ?pullPolicy ?reference
ISCSIVolumeSource ?chapAuthDiscovery ?chapAuthSession ?fsType ?iscsiInterface ?readOnly
NFSVolumeSource ?readOnly
PersistentVolumeClaimVolumeSource ?readOnly
PhotonPersistentDiskVolumeSource ?fsType
PortworxVolumeSource ?fsType ?readOnly
ConfigMapProjection ?name
SecretProjection ?name
ServiceAccountTokenProjection ?audience
QuobyteVolumeSource ?group ?readOnly ?tenant ?user
RBDVolumeSource ?fsType ?keyring ?pool ?readOnly ?user
ScaleIOVolumeSource ?fsType ?protectionDomain ?readOnly ?sslEnabled ?storageMode ?storagePool
  ?volumeName
SecretVolumeSource ?secretName
StorageOSVolumeSource ?fsType ?readOnly ?volumeName ?volumeNamespace
VsphereVirtualDiskVolumeSource ?fsType ?storagePolicyID ?storagePolicyName
PersistentVolume +spec +status
PersistentVolumeSpec ?persistentVolumeReclaimPolicy ?storageClassName
AzureFilePersistentVolumeSource ?readOnly
CephFSPersistentVolumeSource ?path ?readOnly ?secretFile ?user
SecretReference ?name ?namespace
CinderPersistentVolumeSource ?fsType ?readOnly
CSIPersistentVolumeSource ?fsType ?readOnly
FlexPersistentVolumeSource ?fsType ?readOnly
GlusterfsPersistentVolumeSource ?readOnly
ISCSIPersistentVolumeSource ?chapAuthDiscovery ?chapAuthSession ?fsType ?iscsiInterface
  ?readOnly
RBDPersistentVolumeSource ?fsType ?keyring ?pool ?readOnly ?user
ScaleIOPersistentVolumeSource ?fsType ?protectionDomain ?readOnly ?sslEnabled ?storageMode
  ?storagePool ?volumeName
StorageOSPersistentVolumeSource ?fsType ?readOnly ?volumeName ?volumeNamespace
PersistentVolumeStatus ?message ?phase ?reason
PersistentVolumeClaim +metadata +spec +status
PersistentVolumeClaimSpec +resources ?volumeName
PersistentVolumeClaimStatus ?phase
PersistentVolumeClaimCondition +lastProbeTime +lastTransitionTime ?message ?reason
ModifyVolumeStatus ?targetVolumeAttributesClassName
@io.k8s.api.apps.v1
Deployment +metadata +spec +status
DeploymentSpec +strategy +template ?minReadySeconds ?paused
DeploymentStrategy ?type
DeploymentStatus ?availableReplicas ?observedGeneration ?readyReplicas ?replicas
  ?unavailableReplicas ?updatedReplicas
DeploymentCondition +lastTransitionTime +lastUpdateTime ?message ?reason
ReplicaSet +metadata +spec +status
ReplicaSetSpec ?minReadySeconds +template
ReplicaSetStatus ?availableReplicas ?fullyLabeledReplicas ?observedGeneration ?readyReplicas
ReplicaSetCondition +lastTransitionTime ?message ?reason
StatefulSet +metadata +spec +status
StatefulSetSpec ?minReadySeconds ?podManagementPolicy +template +updateStrategy
StatefulSetPersistentVolumeClaimRetentionPolicy ?whenDeleted ?whenScaled
StatefulSetUpdateStrategy ?type
StatefulSetStatus ?currentReplicas ?currentRevision ?observedGeneration ?readyReplicas
  ?updateRevision ?updatedReplicas
StatefulSetCondition +lastTransitionTime ?message ?reason
DaemonSet +metadata +spec +status
DaemonSetSpec ?minReadySeconds +template +updateStrategy
DaemonSetUpdateStrategy ?type
DaemonSetStatus ?numberAvailable ?numberUnavailable ?observedGeneration ?updatedNumberScheduled
DaemonSetCondition +lastTransitionTime ?message ?reason
ControllerRevision +metadata
@io.k8s.api.batch.v1
Job +metadata +spec +status
JobSpec +template
JobStatus ?active ?completedIndexes ?failed ?succeeded
JobCondition +lastProbeTime +lastTransitionTime ?message ?reason
CronJob +metadata +spec +status
CronJobSpec ?concurrencyPolicy +jobTemplate
JobTemplateSpec +metadata +spec
@io.k8s.api.autoscaling.v1
HorizontalPodAutoscaler +metadata +spec +status
HorizontalPodAutoscalerSpec +scaleTargetRef
CrossVersionObjectReference ?apiVersion
Scale +metadata +spec +status
ScaleSpec ?replicas
ScaleStatus ?selector
@io.k8s.api.autoscaling.v2
HorizontalPodAutoscaler +metadata +spec +status
HorizontalPodAutoscalerSpec +scaleTargetRef
ContainerResourceMetricSource +target
ExternalMetricSource +metric +target
ObjectMetricSource +describedObject +metric +target
PodsMetricSource +metric +target
ResourceMetricSource +target
CrossVersionObjectReference ?apiVersion
HorizontalPodAutoscalerStatus =currentMetrics ?currentReplicas
HorizontalPodAutoscalerCondition +lastTransitionTime ?message ?reason
ContainerResourceMetricStatus +current
ExternalMetricStatus +current +metric
ObjectMetricStatus +current +describedObject +metric
PodsMetricStatus +current +metric
ResourceMetricStatus +current
@io.k8s.api.coordination.v1
Lease +metadata +spec
@io.k8s.api.discovery.v1
EndpointSlice +metadata
Endpoint +conditions
@io.k8s.api.events.v1
Event ?action ?deprecatedCount +deprecatedFirstTimestamp +deprecatedLastTimestamp
  +deprecatedSource +eventTime +metadata ?note ?reason +regarding ?reportingController
  ?reportingInstance ?type
EventSeries +lastObservedTime
@io.k8s.api.networking.v1
NetworkPolicy +metadata +spec
NetworkPolicySpec +podSelector
Ingress +metadata +spec +status
IngressServiceBackend +port
ServiceBackendPort ?name ?number
IngressRule ?host
HTTPIngressPath +backend ?path
IngressTLS ?secretName
IngressStatus +loadBalancer
IngressLoadBalancerIngress ?hostname ?ip
IngressClass +metadata +spec
IngressClassSpec ?controller
@io.k8s.api.policy.v1
PodDisruptionBudget +metadata +spec +status
PodDisruptionBudgetStatus ?observedGeneration
Eviction +metadata
@io.k8s.api.rbac.v1
Role +metadata =rules
ClusterRole +metadata =rules
RoleBinding +metadata +roleRef
ClusterRoleBinding +metadata +roleRef
Subject ?apiGroup ?namespace
@io.k8s.api.scheduling.v1
PriorityClass ?description ?globalDefault +metadata
@io.k8s.api.storage.v1
StorageClass +metadata
VolumeAttachment +metadata +spec +status
VolumeAttachmentSpec +source
VolumeError ?message +time
CSIDriver +metadata +spec
CSINode +metadata +spec
CSIStorageCapacity +metadata
@io.k8s.api.certificates.v1
CertificateSigningRequest +metadata +spec +status
CertificateSigningRequestSpec ?uid ?username
CertificateSigningRequestCondition +lastTransitionTime +lastUpdateTime ?message ?reason
@io.k8s.api.node.v1
RuntimeClass +metadata
@io.k8s.api.authentication.v1
TokenRequest +metadata +spec +status
BoundObjectReference ?apiVersion ?kind ?name ?uid
TokenRequestStatus +expirationTimestamp
SelfSubjectReview +metadata +status
SelfSubjectReviewStatus +userInfo
UserInfo ?uid ?username
TokenReview +metadata +spec +status
TokenReviewSpec ?token
TokenReviewStatus ?authenticated ?error +user
@io.k8s.api.authorization.v1
SelfSubjectAccessReview +metadata +spec +status
ResourceAttributes ?group ?name ?namespace ?resource ?subresource ?verb ?version
FieldSelectorAttributes ?rawSelector
LabelSelectorAttributes ?rawSelector
NonResourceAttributes ?path ?verb
SubjectAccessReview +metadata +spec +status
LocalSubjectAccessReview +metadata +spec +status
SubjectAccessReviewSpec ?uid ?user
SubjectAccessReviewStatus ?denied ?evaluationError ?reason
SelfSubjectRulesReview +metadata +spec +status
SelfSubjectRulesReviewSpec ?namespace
SubjectRulesReviewStatus ?evaluationError
)";
}

}  // namespace wisp::api::internal
