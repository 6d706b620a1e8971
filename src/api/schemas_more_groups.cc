// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view MoreGroupsSchemaText() {
  return R"(
@io.k8s.api.rbac.v1
Role apiVersion kind metadata#1:ObjectMeta rules#2:[]PolicyRule|a
PolicyRule apiGroups#2:[]s|a nonResourceURLs#5:[]s|a resourceNames#4:[]s|a resources#3:[]s|a
  *verbs#1:[]s|a
ClusterRole aggregationRule#3:AggregationRule apiVersion kind metadata#1:ObjectMeta
  rules#2:[]PolicyRule|a
AggregationRule clusterRoleSelectors#1:[]LabelSelector|a
RoleBinding apiVersion kind metadata#1:ObjectMeta *roleRef#3:RoleRef subjects#2:[]Subject|a
ClusterRoleBinding apiVersion kind metadata#1:ObjectMeta *roleRef#3:RoleRef
  subjects#2:[]Subject|a
RoleRef *apiGroup#1 *kind#2 *name#3
Subject apiGroup#2 *kind#1 *name#3 namespace#4
@io.k8s.api.scheduling.v1
PriorityClass apiVersion description#4 globalDefault#3:b kind metadata#1:ObjectMeta
  preemptionPolicy#5 *value#2:i
@io.k8s.api.storage.v1
StorageClass allowVolumeExpansion#6:b allowedTopologies#8:[]TopologySelectorTerm|a apiVersion
  kind metadata#1:ObjectMeta mountOptions#5:[]s|a parameters#3:{}s *provisioner#2
  reclaimPolicy#4 volumeBindingMode#7
VolumeAttachment apiVersion kind metadata#1:ObjectMeta *spec#2:VolumeAttachmentSpec
  status#3:VolumeAttachmentStatus
VolumeAttachmentSpec *attacher#1 *nodeName#3 *source#2:VolumeAttachmentSource
VolumeAttachmentSource inlineVolumeSpec#2:PersistentVolumeSpec persistentVolumeName#1
VolumeAttachmentStatus attachError#3:VolumeError *attached#1:b attachmentMetadata#2:{}s
  detachError#4:VolumeError
VolumeError message#2 time#1:Time
CSIDriver apiVersion kind metadata#1:ObjectMeta *spec#2:CSIDriverSpec
CSIDriverSpec attachRequired#1:b fsGroupPolicy#5 podInfoOnMount#2:b requiresRepublish#7:b
  seLinuxMount#8:b storageCapacity#4:b tokenRequests#6:[]TokenRequest|a
  volumeLifecycleModes#3:[]s|s
TokenRequest *audience#1 expirationSeconds#2:l
CSINode apiVersion kind metadata#1:ObjectMeta *spec#2:CSINodeSpec
CSINodeSpec *drivers#1:[]CSINodeDriver~m:name|m:name
CSINodeDriver allocatable#4:VolumeNodeResources *name#1 *nodeID#2 topologyKeys#3:[]s|a
VolumeNodeResources count#1:i
CSIStorageCapacity apiVersion capacity#4:Quantity kind maximumVolumeSize#5:Quantity
  metadata#1:ObjectMeta nodeTopology#2:LabelSelector *storageClassName#3
@io.k8s.api.certificates.v1
CertificateSigningRequest apiVersion kind metadata#1:ObjectMeta
  *spec#2:CertificateSigningRequestSpec status#3:CertificateSigningRequestStatus
# extra's values are ExtraValue messages holding the list as field 1.
CertificateSigningRequestSpec expirationSeconds#8:i extra#6:{}[]s groups#4:[]s|a
  *request#1:byte|a *signerName#7 uid#3 usages#5:[]s|a username#2
CertificateSigningRequestStatus certificate#2:byte|a
  conditions#1:[]CertificateSigningRequestCondition|m:type
CertificateSigningRequestCondition lastTransitionTime#5:Time lastUpdateTime#4:Time message#3
  reason#2 *status#6 *type#1
@io.k8s.api.node.v1
RuntimeClass apiVersion *handler#2 kind metadata#1:ObjectMeta overhead#3:Overhead
  scheduling#4:Scheduling
Overhead podFixed#1:{}Quantity
Scheduling nodeSelector#1:{}s tolerations#2:[]Toleration|a
@io.k8s.api.authentication.v1
TokenRequest apiVersion kind metadata#1:ObjectMeta *spec#2:TokenRequestSpec
  status#3:TokenRequestStatus
TokenRequestSpec *audiences#1:[]s|a boundObjectRef#3:BoundObjectReference
  expirationSeconds#4:l
# uid is named uID in the .proto.
BoundObjectReference apiVersion#2 kind#1 name#3 uid#4
TokenRequestStatus *expirationTimestamp#2:Time *token#1
# extra's values are ExtraValue messages holding the list as field 1.
SelfSubjectReview apiVersion kind metadata#1:ObjectMeta status#2:SelfSubjectReviewStatus
SelfSubjectReviewStatus userInfo#1:UserInfo
UserInfo extra#4:{}[]s groups#3:[]s|a uid#2 username#1
TokenReview apiVersion kind metadata#1:ObjectMeta *spec#2:TokenReviewSpec
  status#3:TokenReviewStatus
TokenReviewSpec audiences#2:[]s|a token#1
TokenReviewStatus audiences#4:[]s|a authenticated#1:b error#3 user#2:UserInfo
@io.k8s.api.authorization.v1
SelfSubjectAccessReview apiVersion kind metadata#1:ObjectMeta
  *spec#2:SelfSubjectAccessReviewSpec status#3:SubjectAccessReviewStatus
SelfSubjectAccessReviewSpec nonResourceAttributes#2:NonResourceAttributes
  resourceAttributes#1:ResourceAttributes
ResourceAttributes fieldSelector#8:FieldSelectorAttributes group#3
  labelSelector#9:LabelSelectorAttributes name#7 namespace#1 resource#5 subresource#6 verb#2
  version#4
FieldSelectorAttributes rawSelector#1 requirements#2:[]FieldSelectorRequirement|a
LabelSelectorAttributes rawSelector#1 requirements#2:[]LabelSelectorRequirement|a
NonResourceAttributes path#1 verb#2
SubjectAccessReview apiVersion kind metadata#1:ObjectMeta *spec#2:SubjectAccessReviewSpec
  status#3:SubjectAccessReviewStatus
LocalSubjectAccessReview apiVersion kind metadata#1:ObjectMeta *spec#2:SubjectAccessReviewSpec
  status#3:SubjectAccessReviewStatus
SubjectAccessReviewSpec extra#5:{}[]s groups#4:[]s|a nonResourceAttributes#2:NonResourceAttributes
  resourceAttributes#1:ResourceAttributes uid#6 user#3
SubjectAccessReviewStatus *allowed#1:b denied#4:b evaluationError#3 reason#2
SelfSubjectRulesReview apiVersion kind metadata#1:ObjectMeta *spec#2:SelfSubjectRulesReviewSpec
  status#3:SubjectRulesReviewStatus
SelfSubjectRulesReviewSpec namespace#1
SubjectRulesReviewStatus evaluationError#4 *incomplete#3:b
  *nonResourceRules#2:[]NonResourceRule|a *resourceRules#1:[]ResourceRule|a
ResourceRule apiGroups#2:[]s|a resourceNames#4:[]s|a resources#3:[]s|a *verbs#1:[]s|a
NonResourceRule nonResourceURLs#2:[]s|a *verbs#1:[]s|a
)";
}

}  // namespace wisp::api::internal
