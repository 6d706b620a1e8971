// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view GroupsSchemaText() {
  return R"(
@io.k8s.api.coordination.v1
Lease apiVersion kind metadata#1:ObjectMeta spec#2:LeaseSpec
LeaseSpec acquireTime#3:MicroTime holderIdentity#1 leaseDurationSeconds#2:i leaseTransitions#5:i
  preferredHolder#7 renewTime#4:MicroTime strategy#6
@io.k8s.api.discovery.v1
EndpointSlice *addressType#4 apiVersion *endpoints#2:[]Endpoint|a kind metadata#1:ObjectMeta
  ports#3:[]EndpointPort|a
Endpoint *addresses#1:[]s|s conditions#2:EndpointConditions deprecatedTopology#5:{}s
  hints#8:EndpointHints hostname#3 nodeName#6 targetRef#4:ObjectReference zone#7
EndpointConditions ready#1:b serving#2:b terminating#3:b
EndpointHints forZones#1:[]ForZone|a
ForZone *name#1
EndpointPort appProtocol#4 name#1 port#3:i protocol#2
@io.k8s.api.events.v1
Event action#6 apiVersion deprecatedCount#15:i deprecatedFirstTimestamp#13:Time
  deprecatedLastTimestamp#14:Time deprecatedSource#12:EventSource *eventTime#2:MicroTime kind
  metadata#1:ObjectMeta note#10 reason#7 regarding#8:ObjectReference related#9:ObjectReference
  reportingController#4 reportingInstance#5 series#3:EventSeries type#11
EventSeries *count#1:i *lastObservedTime#2:MicroTime
@io.k8s.api.networking.v1
NetworkPolicy apiVersion kind metadata#1:ObjectMeta spec#2:NetworkPolicySpec
NetworkPolicySpec egress#3:[]NetworkPolicyEgressRule|a ingress#2:[]NetworkPolicyIngressRule|a
  *podSelector#1:LabelSelector policyTypes#4:[]s|a
NetworkPolicyEgressRule ports#1:[]NetworkPolicyPort|a to#2:[]NetworkPolicyPeer|a
NetworkPolicyIngressRule from#2:[]NetworkPolicyPeer|a ports#1:[]NetworkPolicyPort|a
NetworkPolicyPeer ipBlock#3:IPBlock namespaceSelector#2:LabelSelector
  podSelector#1:LabelSelector
IPBlock *cidr#1 except#2:[]s|a
NetworkPolicyPort endPort#3:i port#2:IntOrString protocol#1
Ingress apiVersion kind metadata#1:ObjectMeta spec#2:IngressSpec status#3:IngressStatus
IngressSpec defaultBackend#1:IngressBackend ingressClassName#4 rules#3:[]IngressRule|a
  tls#2:[]IngressTLS|a
IngressBackend resource#3:TypedLocalObjectReference service#4:IngressServiceBackend
IngressServiceBackend *name#1 port#2:ServiceBackendPort
ServiceBackendPort name#1 number#2:i
# http sits in the embedded IngressRuleValue (#2).
IngressRule host#1 http#2.1:HTTPIngressRuleValue
HTTPIngressRuleValue *paths#1:[]HTTPIngressPath|a
HTTPIngressPath *backend#2:IngressBackend path#1 *pathType#3
IngressTLS hosts#1:[]s|a secretName#2
IngressStatus loadBalancer#1:IngressLoadBalancerStatus
IngressLoadBalancerStatus ingress#1:[]IngressLoadBalancerIngress|a
IngressLoadBalancerIngress hostname#2 ip#1 ports#4:[]IngressPortStatus|a
IngressPortStatus error#3 *port#1:i *protocol#2
IngressClass apiVersion kind metadata#1:ObjectMeta spec#2:IngressClassSpec
IngressClassSpec controller#1 parameters#2:IngressClassParametersReference
# apiGroup is named aPIGroup in the .proto.
IngressClassParametersReference apiGroup#1 *kind#2 *name#3 namespace#5 scope#4
@io.k8s.api.policy.v1
PodDisruptionBudget apiVersion kind metadata#1:ObjectMeta spec#2:PodDisruptionBudgetSpec
  status#3:PodDisruptionBudgetStatus
PodDisruptionBudgetSpec maxUnavailable#3:IntOrString minAvailable#1:IntOrString
  selector#2:LabelSelector~x unhealthyPodEvictionPolicy#4
PodDisruptionBudgetStatus conditions#7:[]Condition~m:type|m:type *currentHealthy#4:i
  *desiredHealthy#5:i disruptedPods#2:{}Time *disruptionsAllowed#3:i *expectedPods#6:i
  observedGeneration#1:l
Eviction apiVersion deleteOptions#2:DeleteOptions kind metadata#1:ObjectMeta
)";
}

}  // namespace wisp::api::internal
