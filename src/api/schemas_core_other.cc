// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view CoreOtherSchemaText() {
  return R"(
@io.k8s.api.core.v1
Service apiVersion kind metadata:ObjectMeta spec:ServiceSpec status:ServiceStatus
ServiceSpec allocateLoadBalancerNodePorts:b clusterIP clusterIPs:[]s|a externalIPs:[]s|a
  externalName externalTrafficPolicy healthCheckNodePort:i internalTrafficPolicy
  ipFamilies:[]s|a ipFamilyPolicy loadBalancerClass loadBalancerIP
  loadBalancerSourceRanges:[]s|a ports:[]ServicePort~m:port|m:port,protocol
  publishNotReadyAddresses:b selector:{}s sessionAffinity
  sessionAffinityConfig:SessionAffinityConfig trafficDistribution type
ServicePort appProtocol name nodePort:i *port:i protocol targetPort:IntOrString
SessionAffinityConfig clientIP:ClientIPConfig
ClientIPConfig timeoutSeconds:i
ServiceStatus conditions:[]Condition~m:type|m:type loadBalancer:LoadBalancerStatus
LoadBalancerStatus ingress:[]LoadBalancerIngress|a
LoadBalancerIngress hostname ip ipMode ports:[]PortStatus|a
PortStatus error *port:i *protocol
Endpoints apiVersion kind metadata:ObjectMeta subsets:[]EndpointSubset|a
EndpointSubset addresses:[]EndpointAddress|a notReadyAddresses:[]EndpointAddress|a
  ports:[]EndpointPort|a
EndpointAddress hostname *ip nodeName targetRef:ObjectReference
EndpointPort appProtocol name *port:i protocol
Node apiVersion kind metadata:ObjectMeta spec:NodeSpec status:NodeStatus
NodeSpec configSource:NodeConfigSource externalID podCIDR podCIDRs:[]s~m|s providerID
  taints:[]Taint|a unschedulable:b
NodeConfigSource configMap:ConfigMapNodeConfigSource
ConfigMapNodeConfigSource *kubeletConfigKey *name *namespace resourceVersion uid
Taint *effect *key timeAdded:Time value
NodeStatus addresses:[]NodeAddress~m:type|m:type allocatable:{}Quantity capacity:{}Quantity
  conditions:[]NodeCondition~m:type|m:type config:NodeConfigStatus
  daemonEndpoints:NodeDaemonEndpoints features:NodeFeatures images:[]ContainerImage|a
  nodeInfo:NodeSystemInfo phase runtimeHandlers:[]NodeRuntimeHandler|a
  volumesAttached:[]AttachedVolume|a volumesInUse:[]s|a
NodeAddress *address *type
NodeCondition lastHeartbeatTime:Time lastTransitionTime:Time message reason *status *type
NodeConfigStatus active:NodeConfigSource assigned:NodeConfigSource error
  lastKnownGood:NodeConfigSource
NodeDaemonEndpoints kubeletEndpoint:DaemonEndpoint
DaemonEndpoint *Port:i
NodeFeatures supplementalGroupsPolicy:b
ContainerImage names:[]s|a sizeBytes:l
NodeSystemInfo *architecture *bootID *containerRuntimeVersion *kernelVersion *kubeProxyVersion
  *kubeletVersion *machineID *operatingSystem *osImage *systemUUID
NodeRuntimeHandler features:NodeRuntimeHandlerFeatures name
NodeRuntimeHandlerFeatures recursiveReadOnlyMounts:b userNamespaces:b
AttachedVolume *devicePath *name
Namespace apiVersion kind metadata:ObjectMeta spec:NamespaceSpec status:NamespaceStatus
NamespaceSpec finalizers:[]s|a
NamespaceStatus conditions:[]NamespaceCondition~m:type|m:type phase
NamespaceCondition lastTransitionTime:Time message reason *status *type
ConfigMap apiVersion binaryData:{}byte data:{}s immutable:b kind metadata:ObjectMeta
Secret apiVersion data:{}byte immutable:b kind metadata:ObjectMeta stringData:{}s type
ServiceAccount apiVersion automountServiceAccountToken:b
  imagePullSecrets:[]LocalObjectReference|a kind metadata:ObjectMeta
  secrets:[]ObjectReference~m:name|m:name
Event action apiVersion count:i eventTime:MicroTime firstTimestamp:Time
  *involvedObject:ObjectReference kind lastTimestamp:Time message *metadata:ObjectMeta reason
  related:ObjectReference reportingComponent reportingInstance series:EventSeries
  source:EventSource type
EventSeries count:i lastObservedTime:MicroTime
EventSource component host
ReplicationController apiVersion kind metadata:ObjectMeta spec:ReplicationControllerSpec
  status:ReplicationControllerStatus
ReplicationControllerSpec minReadySeconds:i replicas:i selector:{}s template:PodTemplateSpec
ReplicationControllerStatus availableReplicas:i
  conditions:[]ReplicationControllerCondition~m:type|m:type fullyLabeledReplicas:i
  observedGeneration:l readyReplicas:i *replicas:i
ReplicationControllerCondition lastTransitionTime:Time message reason *status *type
LimitRange apiVersion kind metadata:ObjectMeta spec:LimitRangeSpec
LimitRangeSpec *limits:[]LimitRangeItem|a
LimitRangeItem default:{}Quantity defaultRequest:{}Quantity max:{}Quantity
  maxLimitRequestRatio:{}Quantity min:{}Quantity *type
ResourceQuota apiVersion kind metadata:ObjectMeta spec:ResourceQuotaSpec
  status:ResourceQuotaStatus
ResourceQuotaSpec hard:{}Quantity scopeSelector:ScopeSelector scopes:[]s|a
ScopeSelector matchExpressions:[]ScopedResourceSelectorRequirement|a
ScopedResourceSelectorRequirement *operator *scopeName values:[]s|a
ResourceQuotaStatus hard:{}Quantity used:{}Quantity
ComponentStatus apiVersion conditions:[]ComponentCondition~m:type|m:type kind
  metadata:ObjectMeta
ComponentCondition error message *status *type
TopologySelectorTerm matchLabelExpressions:[]TopologySelectorLabelRequirement|a
TopologySelectorLabelRequirement *key *values:[]s|a
)";
}

}  // namespace wisp::api::internal
