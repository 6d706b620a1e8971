// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view MetaSchemaText() {
  return R"(
@io.k8s.apimachinery.pkg.apis.meta.v1
ObjectMeta annotations#12:{}s creationTimestamp#8:Time deletionGracePeriodSeconds#10:l
  deletionTimestamp#9:Time finalizers#14:[]s~m|s generateName#2 generation#7:l labels#11:{}s
  managedFields#17:[]ManagedFieldsEntry|a name#1 namespace#3
  ownerReferences#13:[]OwnerReference~m:uid|m:uid resourceVersion#6 selfLink#4 uid#5
ListMeta continue#3 remainingItemCount#4:l resourceVersion#2 selfLink#1
OwnerReference *apiVersion#5 blockOwnerDeletion#7:b controller#6:b *kind#1 *name#3 *uid#4
ManagedFieldsEntry apiVersion#3 fieldsType#6 fieldsV1#7:FieldsV1 manager#1 operation#2
  subresource#8 time#4:Time
FieldsV1=any
Time=time
MicroTime=mtime
LabelSelector matchExpressions#2:[]LabelSelectorRequirement|a matchLabels#1:{}s
LabelSelectorRequirement *key#1 *operator#2 values#3:[]s|a
FieldSelectorRequirement *key#1 *operator#2 values#3:[]s|a
Status apiVersion code#6:i details#5:StatusDetails kind message#3 metadata#1:ListMeta reason#4
  status#2
StatusDetails causes#4:[]StatusCause|a group#2 kind#3 name#1 retryAfterSeconds#5:i uid#6
StatusCause field#3 message#2 reason#1
DeleteOptions apiVersion dryRun#5:[]s|a gracePeriodSeconds#1:l
  ignoreStoreReadErrorWithClusterBreakingPotential#6:b kind orphanDependents#3:b
  preconditions#2:Preconditions propagationPolicy#4
Preconditions resourceVersion#2 uid#1
Condition *lastTransitionTime#4:Time *message#6 observedGeneration#3:l *reason#5 *status#2
  *type#1
WatchEvent *object#2:RawExtension *type#1
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
