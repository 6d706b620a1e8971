// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view CoreOtherSchemaText() {
  return R"(
@io.k8s.api.core.v1
Service apiVersion kind metadata#1:ObjectMeta spec#2:ServiceSpec status#3:ServiceStatus
ServiceSpec allocateLoadBalancerNodePorts#20:b clusterIP#3 clusterIPs#18:[]s|a
  externalIPs#5:[]s|a externalName#10 externalTrafficPolicy#11 healthCheckNodePort#12:i
  internalTrafficPolicy#22 ipFamilies#19:[]s|a ipFamilyPolicy#17 loadBalancerClass#21
  loadBalancerIP#8 loadBalancerSourceRanges#9:[]s|a ports#1:[]ServicePort~m:port|m:port,protocol
  publishNotReadyAddresses#13:b selector#2:{}s sessionAffinity#7
  sessionAffinityConfig#14:SessionAffinityConfig trafficDistribution#23 type#4
ServicePort appProtocol#6 name#1 nodePort#5:i *port#3:i protocol#2 targetPort#4:IntOrString
SessionAffinityConfig clientIP#1:ClientIPConfig
ClientIPConfig timeoutSeconds#1:i
ServiceStatus conditions#2:[]Condition~m:type|m:type loadBalancer#1:LoadBalancerStatus
LoadBalancerStatus ingress#1:[]LoadBalancerIngress|a
LoadBalancerIngress hostname#2 ip#1 ipMode#3 ports#4:[]PortStatus|a
PortStatus error#3 *port#1:i *protocol#2
Endpoints apiVersion kind metadata#1:ObjectMeta subsets#2:[]EndpointSubset|a
EndpointSubset addresses#1:[]EndpointAddress|a notReadyAddresses#2:[]EndpointAddress|a
  ports#3:[]EndpointPort|a
EndpointAddress hostname#3 *ip#1 nodeName#4 targetRef#2:ObjectReference
EndpointPort appProtocol#4 name#1 *port#2:i protocol#3
Node apiVersion kind metadata#1:ObjectMeta spec#2:NodeSpec status#3:NodeStatus
NodeSpec configSource#6:NodeConfigSource externalID#2 podCIDR#1 podCIDRs#7:[]s~m|s
  providerID#3 taints#5:[]Taint|a unschedulable#4:b
NodeConfigSource configMap#2:ConfigMapNodeConfigSource
ConfigMapNodeConfigSource *kubeletConfigKey#5 *name#2 *namespace#1 resourceVersion#4 uid#3
Taint *effect#3 *key#1 timeAdded#4:Time value#2
NodeStatus addresses#5:[]NodeAddress~m:type|m:type allocatable#2:{}Quantity
  capacity#1:{}Quantity conditions#4:[]NodeCondition~m:type|m:type config#11:NodeConfigStatus
  daemonEndpoints#6:NodeDaemonEndpoints features#13:NodeFeatures images#8:[]ContainerImage|a
  nodeInfo#7:NodeSystemInfo phase#3 runtimeHandlers#12:[]NodeRuntimeHandler|a
  volumesAttached#10:[]AttachedVolume|a volumesInUse#9:[]s|a
NodeAddress *address#2 *type#1
NodeCondition lastHeartbeatTime#3:Time lastTransitionTime#4:Time message#6 reason#5 *status#2
  *type#1
NodeConfigStatus active#2:NodeConfigSource assigned#1:NodeConfigSource error#4
  lastKnownGood#3:NodeConfigSource
NodeDaemonEndpoints kubeletEndpoint#1:DaemonEndpoint
DaemonEndpoint *Port#1:i
NodeFeatures supplementalGroupsPolicy#1:b
ContainerImage names#1:[]s|a sizeBytes#2:l
NodeSystemInfo *architecture#10 *bootID#3 *containerRuntimeVersion#6 *kernelVersion#4
  *kubeProxyVersion#8 *kubeletVersion#7 *machineID#1 *operatingSystem#9 *osImage#5
  *systemUUID#2
NodeRuntimeHandler features#2:NodeRuntimeHandlerFeatures name#1
NodeRuntimeHandlerFeatures recursiveReadOnlyMounts#1:b userNamespaces#2:b
AttachedVolume *devicePath#2 *name#1
Namespace apiVersion kind metadata#1:ObjectMeta spec#2:NamespaceSpec status#3:NamespaceStatus
NamespaceSpec finalizers#1:[]s|a
NamespaceStatus conditions#2:[]NamespaceCondition~m:type|m:type phase#1
NamespaceCondition lastTransitionTime#4:Time message#6 reason#5 *status#2 *type#1
ConfigMap apiVersion binaryData#3:{}byte data#2:{}s immutable#4:b kind metadata#1:ObjectMeta
Secret apiVersion data#2:{}byte immutable#5:b kind metadata#1:ObjectMeta stringData#4:{}s type#3
ServiceAccount apiVersion automountServiceAccountToken#4:b
  imagePullSecrets#3:[]LocalObjectReference|a kind metadata#1:ObjectMeta
  secrets#2:[]ObjectReference~m:name|m:name
Event action#12 apiVersion count#8:i eventTime#10:MicroTime firstTimestamp#6:Time
  *involvedObject#2:ObjectReference kind lastTimestamp#7:Time message#4 *metadata#1:ObjectMeta
  reason#3 related#13:ObjectReference reportingComponent#14 reportingInstance#15
  series#11:EventSeries source#5:EventSource type#9
EventSeries count#1:i lastObservedTime#2:MicroTime
EventSource component#1 host#2
ReplicationController apiVersion kind metadata#1:ObjectMeta spec#2:ReplicationControllerSpec
  status#3:ReplicationControllerStatus
ReplicationControllerSpec minReadySeconds#4:i replicas#1:i selector#2:{}s
  template#3:PodTemplateSpec
ReplicationControllerStatus availableReplicas#5:i
  conditions#6:[]ReplicationControllerCondition~m:type|m:type fullyLabeledReplicas#2:i
  observedGeneration#3:l readyReplicas#4:i *replicas#1:i
ReplicationControllerCondition lastTransitionTime#3:Time message#5 reason#4 *status#2 *type#1
LimitRange apiVersion kind metadata#1:ObjectMeta spec#2:LimitRangeSpec
LimitRangeSpec *limits#1:[]LimitRangeItem|a
LimitRangeItem default#4:{}Quantity defaultRequest#5:{}Quantity max#2:{}Quantity
  maxLimitRequestRatio#6:{}Quantity min#3:{}Quantity *type#1
ResourceQuota apiVersion kind metadata#1:ObjectMeta spec#2:ResourceQuotaSpec
  status#3:ResourceQuotaStatus
ResourceQuotaSpec hard#1:{}Quantity scopeSelector#3:ScopeSelector scopes#2:[]s|a
ScopeSelector matchExpressions#1:[]ScopedResourceSelectorRequirement|a
ScopedResourceSelectorRequirement *operator#2 *scopeName#1 values#3:[]s|a
ResourceQuotaStatus hard#1:{}Quantity used#2:{}Quantity
ComponentStatus apiVersion conditions#2:[]ComponentCondition~m:type|m:type kind
  metadata#1:ObjectMeta
ComponentCondition error#4 message#3 *status#2 *type#1
TopologySelectorTerm matchLabelExpressions#1:[]TopologySelectorLabelRequirement|a
TopologySelectorLabelRequirement *key#1 *values#2:[]s|a
)";
}

}  // namespace wisp::api::internal
