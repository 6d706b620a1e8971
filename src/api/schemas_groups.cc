// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view GroupsSchemaText() {
  return R"(
@io.k8s.api.coordination.v1
Lease apiVersion kind metadata:ObjectMeta spec:LeaseSpec
LeaseSpec acquireTime:MicroTime holderIdentity leaseDurationSeconds:i leaseTransitions:i
  preferredHolder renewTime:MicroTime strategy
@io.k8s.api.discovery.v1
EndpointSlice *addressType apiVersion *endpoints:[]Endpoint|a kind metadata:ObjectMeta
  ports:[]EndpointPort|a
Endpoint *addresses:[]s|s conditions:EndpointConditions deprecatedTopology:{}s
  hints:EndpointHints hostname nodeName targetRef:ObjectReference zone
EndpointConditions ready:b serving:b terminating:b
EndpointHints forZones:[]ForZone|a
ForZone *name
EndpointPort appProtocol name port:i protocol
@io.k8s.api.events.v1
Event action apiVersion deprecatedCount:i deprecatedFirstTimestamp:Time
  deprecatedLastTimestamp:Time deprecatedSource:EventSource *eventTime:MicroTime kind
  metadata:ObjectMeta note reason regarding:ObjectReference related:ObjectReference
  reportingController reportingInstance series:EventSeries type
EventSeries *count:i *lastObservedTime:MicroTime
@io.k8s.api.networking.v1
NetworkPolicy apiVersion kind metadata:ObjectMeta spec:NetworkPolicySpec
NetworkPolicySpec egress:[]NetworkPolicyEgressRule|a ingress:[]NetworkPolicyIngressRule|a
  *podSelector:LabelSelector policyTypes:[]s|a
NetworkPolicyEgressRule ports:[]NetworkPolicyPort|a to:[]NetworkPolicyPeer|a
NetworkPolicyIngressRule from:[]NetworkPolicyPeer|a ports:[]NetworkPolicyPort|a
NetworkPolicyPeer ipBlock:IPBlock namespaceSelector:LabelSelector podSelector:LabelSelector
IPBlock *cidr except:[]s|a
NetworkPolicyPort endPort:i port:IntOrString protocol
Ingress apiVersion kind metadata:ObjectMeta spec:IngressSpec status:IngressStatus
IngressSpec defaultBackend:IngressBackend ingressClassName rules:[]IngressRule|a
  tls:[]IngressTLS|a
IngressBackend resource:TypedLocalObjectReference service:IngressServiceBackend
IngressServiceBackend *name port:ServiceBackendPort
ServiceBackendPort name number:i
IngressRule host http:HTTPIngressRuleValue
HTTPIngressRuleValue *paths:[]HTTPIngressPath|a
HTTPIngressPath *backend:IngressBackend path *pathType
IngressTLS hosts:[]s|a secretName
IngressStatus loadBalancer:IngressLoadBalancerStatus
IngressLoadBalancerStatus ingress:[]IngressLoadBalancerIngress|a
IngressLoadBalancerIngress hostname ip ports:[]IngressPortStatus|a
IngressPortStatus error *port:i *protocol
IngressClass apiVersion kind metadata:ObjectMeta spec:IngressClassSpec
IngressClassSpec controller parameters:IngressClassParametersReference
IngressClassParametersReference apiGroup *kind *name namespace scope
@io.k8s.api.policy.v1
PodDisruptionBudget apiVersion kind metadata:ObjectMeta spec:PodDisruptionBudgetSpec
  status:PodDisruptionBudgetStatus
PodDisruptionBudgetSpec maxUnavailable:IntOrString minAvailable:IntOrString
  selector:LabelSelector~x unhealthyPodEvictionPolicy
PodDisruptionBudgetStatus conditions:[]Condition~m:type|m:type *currentHealthy:i
  *desiredHealthy:i disruptedPods:{}Time *disruptionsAllowed:i *expectedPods:i
  observedGeneration:l
Eviction apiVersion deleteOptions:DeleteOptions kind metadata:ObjectMeta
)";
}

}  // namespace wisp::api::internal
