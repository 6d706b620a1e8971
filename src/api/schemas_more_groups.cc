// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view MoreGroupsSchemaText() {
  return R"(
@io.k8s.api.rbac.v1
Role apiVersion kind metadata:ObjectMeta rules:[]PolicyRule|a
PolicyRule apiGroups:[]s|a nonResourceURLs:[]s|a resourceNames:[]s|a resources:[]s|a
  *verbs:[]s|a
ClusterRole aggregationRule:AggregationRule apiVersion kind metadata:ObjectMeta
  rules:[]PolicyRule|a
AggregationRule clusterRoleSelectors:[]LabelSelector|a
RoleBinding apiVersion kind metadata:ObjectMeta *roleRef:RoleRef subjects:[]Subject|a
ClusterRoleBinding apiVersion kind metadata:ObjectMeta *roleRef:RoleRef subjects:[]Subject|a
RoleRef *apiGroup *kind *name
Subject apiGroup *kind *name namespace
@io.k8s.api.scheduling.v1
PriorityClass apiVersion description globalDefault:b kind metadata:ObjectMeta preemptionPolicy
  *value:i
@io.k8s.api.storage.v1
StorageClass allowVolumeExpansion:b allowedTopologies:[]TopologySelectorTerm|a apiVersion kind
  metadata:ObjectMeta mountOptions:[]s|a parameters:{}s *provisioner reclaimPolicy
  volumeBindingMode
VolumeAttachment apiVersion kind metadata:ObjectMeta *spec:VolumeAttachmentSpec
  status:VolumeAttachmentStatus
VolumeAttachmentSpec *attacher *nodeName *source:VolumeAttachmentSource
VolumeAttachmentSource inlineVolumeSpec:PersistentVolumeSpec persistentVolumeName
VolumeAttachmentStatus attachError:VolumeError *attached:b attachmentMetadata:{}s
  detachError:VolumeError
VolumeError message time:Time
CSIDriver apiVersion kind metadata:ObjectMeta *spec:CSIDriverSpec
CSIDriverSpec attachRequired:b fsGroupPolicy podInfoOnMount:b requiresRepublish:b
  seLinuxMount:b storageCapacity:b tokenRequests:[]TokenRequest|a volumeLifecycleModes:[]s|s
TokenRequest *audience expirationSeconds:l
CSINode apiVersion kind metadata:ObjectMeta *spec:CSINodeSpec
CSINodeSpec *drivers:[]CSINodeDriver~m:name|m:name
CSINodeDriver allocatable:VolumeNodeResources *name *nodeID topologyKeys:[]s|a
VolumeNodeResources count:i
CSIStorageCapacity apiVersion capacity:Quantity kind maximumVolumeSize:Quantity
  metadata:ObjectMeta nodeTopology:LabelSelector *storageClassName
@io.k8s.api.certificates.v1
CertificateSigningRequest apiVersion kind metadata:ObjectMeta
  *spec:CertificateSigningRequestSpec status:CertificateSigningRequestStatus
CertificateSigningRequestSpec expirationSeconds:i extra:{}[]s groups:[]s|a *request:byte|a
  *signerName uid usages:[]s|a username
CertificateSigningRequestStatus certificate:byte|a
  conditions:[]CertificateSigningRequestCondition|m:type
CertificateSigningRequestCondition lastTransitionTime:Time lastUpdateTime:Time message reason
  *status *type
@io.k8s.api.node.v1
RuntimeClass apiVersion *handler kind metadata:ObjectMeta overhead:Overhead
  scheduling:Scheduling
Overhead podFixed:{}Quantity
Scheduling nodeSelector:{}s tolerations:[]Toleration|a
@io.k8s.api.authentication.v1
TokenRequest apiVersion kind metadata:ObjectMeta *spec:TokenRequestSpec
  status:TokenRequestStatus
TokenRequestSpec *audiences:[]s|a boundObjectRef:BoundObjectReference expirationSeconds:l
BoundObjectReference apiVersion kind name uid
TokenRequestStatus *expirationTimestamp:Time *token
)";
}

}  // namespace wisp::api::internal
