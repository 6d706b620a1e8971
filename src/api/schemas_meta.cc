// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view MetaSchemaText() {
  return R"(
@io.k8s.apimachinery.pkg.apis.meta.v1
ObjectMeta annotations:{}s creationTimestamp:Time deletionGracePeriodSeconds:l deletionTimestamp:Time
  finalizers:[]s~m|s generateName generation:l labels:{}s managedFields:[]ManagedFieldsEntry|a name
  namespace ownerReferences:[]OwnerReference~m:uid|m:uid resourceVersion selfLink uid
ListMeta continue remainingItemCount:l resourceVersion selfLink
OwnerReference *apiVersion blockOwnerDeletion:b controller:b *kind *name *uid
ManagedFieldsEntry apiVersion fieldsType fieldsV1:FieldsV1 manager operation subresource time:Time
FieldsV1=any
Time=time
MicroTime=mtime
LabelSelector matchExpressions:[]LabelSelectorRequirement|a matchLabels:{}s
LabelSelectorRequirement *key *operator values:[]s|a
Status apiVersion code:i details:StatusDetails kind message metadata:ListMeta reason status
StatusDetails causes:[]StatusCause|a group kind name retryAfterSeconds:i uid
StatusCause field message reason
DeleteOptions apiVersion dryRun:[]s|a gracePeriodSeconds:l
  ignoreStoreReadErrorWithClusterBreakingPotential:b kind orphanDependents:b
  preconditions:Preconditions propagationPolicy
Preconditions resourceVersion uid
Condition *lastTransitionTime:Time *message observedGeneration:l *reason *status *type
WatchEvent *object:RawExtension *type
Patch+
@io.k8s.apimachinery.pkg.runtime
RawExtension=any
@io.k8s.apimachinery.pkg.api.resource
Quantity=qty
@io.k8s.apimachinery.pkg.util.intstr
IntOrString=ios
)";
}

}  // namespace wisp::api::internal
