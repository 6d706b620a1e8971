// The built-in resources wisp serves, as upstream v1.32 serves them.
// Format: resource_table.h. Groups appear in upstream's /apis order.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view BuiltInResourceTable() {
  return R"(
# core/v1, alphabetical as in upstream's APIResourceList
v1 Binding bindings ns verbs=create store=
v1 ComponentStatus componentstatuses cluster short=cs verbs=get,list store=
v1 ConfigMap configmaps ns short=cm
v1 Endpoints endpoints ns short=ep store=services/endpoints
v1 Event events ns short=ev fs=involvedObject.kind,involvedObject.namespace,involvedObject.name,involvedObject.uid,involvedObject.apiVersion,involvedObject.resourceVersion,involvedObject.fieldPath,reason,reportingComponent,source,type
v1 LimitRange limitranges ns short=limits
v1 Namespace namespaces cluster short=ns verbs=create,delete,get,list,patch,update,watch sub=finalize,status fs=status.phase
v1 Node nodes cluster short=no sub=proxy,status store=minions fs=spec.unschedulable
v1 PersistentVolumeClaim persistentvolumeclaims ns short=pvc sub=status
v1 PersistentVolume persistentvolumes cluster short=pv sub=status
v1 Pod pods ns short=po cat=all sub=attach,binding,ephemeralcontainers,eviction,exec,log,portforward,proxy,resize,status fs=spec.nodeName,spec.host,spec.restartPolicy,spec.schedulerName,spec.serviceAccountName,spec.hostNetwork,status.phase,status.podIP,status.podIPs,status.nominatedNodeName
v1 PodTemplate podtemplates ns
v1 ReplicationController replicationcontrollers ns short=rc cat=all sub=scale,status store=controllers fs=status.replicas gen
v1 ResourceQuota resourcequotas ns short=quota sub=status
v1 Secret secrets ns fs=type
v1 ServiceAccount serviceaccounts ns short=sa sub=token
v1 Service services ns short=svc cat=all sub=proxy,status store=services/specs fs=spec.clusterIP,spec.type
# apps/v1
apps/v1 ControllerRevision controllerrevisions ns
apps/v1 DaemonSet daemonsets ns short=ds cat=all sub=status gen
apps/v1 Deployment deployments ns short=deploy cat=all sub=scale,status gen
apps/v1 ReplicaSet replicasets ns short=rs cat=all sub=scale,status fs=status.replicas gen
apps/v1 StatefulSet statefulsets ns short=sts cat=all sub=scale,status gen
# events.k8s.io/v1 shares core events' storage (stored as core v1, converted)
events.k8s.io/v1 Event events ns short=ev store=events fs=regarding.kind,regarding.namespace,regarding.name,regarding.uid,regarding.apiVersion,regarding.resourceVersion,regarding.fieldPath,reason,reportingController,source,type
# authentication.k8s.io/v1 and authorization.k8s.io/v1: reviews, answered, never stored
authentication.k8s.io/v1 SelfSubjectReview selfsubjectreviews cluster verbs=create store=
authentication.k8s.io/v1 TokenReview tokenreviews cluster verbs=create store=
authorization.k8s.io/v1 SelfSubjectAccessReview selfsubjectaccessreviews cluster verbs=create store=
authorization.k8s.io/v1 SubjectAccessReview subjectaccessreviews cluster verbs=create store=
authorization.k8s.io/v1 LocalSubjectAccessReview localsubjectaccessreviews ns verbs=create store=
authorization.k8s.io/v1 SelfSubjectRulesReview selfsubjectrulesreviews cluster verbs=create store=
# autoscaling: v2 is preferred; both versions share one storage
autoscaling/v2 HorizontalPodAutoscaler horizontalpodautoscalers ns short=hpa cat=all sub=status gen
autoscaling/v1 HorizontalPodAutoscaler horizontalpodautoscalers ns short=hpa cat=all sub=status gen
# batch/v1
batch/v1 CronJob cronjobs ns short=cj cat=all sub=status gen
batch/v1 Job jobs ns cat=all sub=status fs=status.successful gen
# certificates.k8s.io/v1
certificates.k8s.io/v1 CertificateSigningRequest certificatesigningrequests cluster short=csr sub=approval,status fs=spec.signerName
# networking.k8s.io/v1
networking.k8s.io/v1 IngressClass ingressclasses cluster gen
networking.k8s.io/v1 Ingress ingresses ns short=ing sub=status store=ingress gen
networking.k8s.io/v1 NetworkPolicy networkpolicies ns short=netpol gen
# policy/v1
policy/v1 PodDisruptionBudget poddisruptionbudgets ns short=pdb sub=status gen
# rbac.authorization.k8s.io/v1
rbac.authorization.k8s.io/v1 ClusterRoleBinding clusterrolebindings cluster
rbac.authorization.k8s.io/v1 ClusterRole clusterroles cluster
rbac.authorization.k8s.io/v1 RoleBinding rolebindings ns
rbac.authorization.k8s.io/v1 Role roles ns
# storage.k8s.io/v1
storage.k8s.io/v1 CSIDriver csidrivers cluster
storage.k8s.io/v1 CSINode csinodes cluster
storage.k8s.io/v1 CSIStorageCapacity csistoragecapacities ns
storage.k8s.io/v1 StorageClass storageclasses cluster short=sc
storage.k8s.io/v1 VolumeAttachment volumeattachments cluster sub=status
# scheduling.k8s.io/v1
scheduling.k8s.io/v1 PriorityClass priorityclasses cluster short=pc
# coordination.k8s.io/v1
coordination.k8s.io/v1 Lease leases ns
# node.k8s.io/v1
node.k8s.io/v1 RuntimeClass runtimeclasses cluster
# discovery.k8s.io/v1
discovery.k8s.io/v1 EndpointSlice endpointslices ns gen
)";
}

}  // namespace wisp::api::internal
