// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view AppsBatchSchemaText() {
  return R"(
@io.k8s.api.apps.v1
Deployment apiVersion kind metadata:ObjectMeta spec:DeploymentSpec status:DeploymentStatus
DeploymentSpec minReadySeconds:i paused:b progressDeadlineSeconds:i replicas:i
  revisionHistoryLimit:i *selector:LabelSelector strategy:DeploymentStrategy~r
  *template:PodTemplateSpec
DeploymentStrategy rollingUpdate:RollingUpdateDeployment type
RollingUpdateDeployment maxSurge:IntOrString maxUnavailable:IntOrString
DeploymentStatus availableReplicas:i collisionCount:i
  conditions:[]DeploymentCondition~m:type|m:type observedGeneration:l readyReplicas:i
  replicas:i unavailableReplicas:i updatedReplicas:i
DeploymentCondition lastTransitionTime:Time lastUpdateTime:Time message reason *status *type
ReplicaSet apiVersion kind metadata:ObjectMeta spec:ReplicaSetSpec status:ReplicaSetStatus
ReplicaSetSpec minReadySeconds:i replicas:i *selector:LabelSelector template:PodTemplateSpec
ReplicaSetStatus availableReplicas:i conditions:[]ReplicaSetCondition~m:type|m:type
  fullyLabeledReplicas:i observedGeneration:l readyReplicas:i *replicas:i
ReplicaSetCondition lastTransitionTime:Time message reason *status *type
StatefulSet apiVersion kind metadata:ObjectMeta spec:StatefulSetSpec status:StatefulSetStatus
StatefulSetSpec minReadySeconds:i ordinals:StatefulSetOrdinals
  persistentVolumeClaimRetentionPolicy:StatefulSetPersistentVolumeClaimRetentionPolicy
  podManagementPolicy replicas:i revisionHistoryLimit:i *selector:LabelSelector *serviceName
  *template:PodTemplateSpec updateStrategy:StatefulSetUpdateStrategy
  volumeClaimTemplates:[]PersistentVolumeClaim|a
StatefulSetOrdinals start:i
StatefulSetPersistentVolumeClaimRetentionPolicy whenDeleted whenScaled
StatefulSetUpdateStrategy rollingUpdate:RollingUpdateStatefulSetStrategy type
RollingUpdateStatefulSetStrategy maxUnavailable:IntOrString partition:i
StatefulSetStatus availableReplicas:i collisionCount:i
  conditions:[]StatefulSetCondition~m:type|m:type currentReplicas:i currentRevision
  observedGeneration:l readyReplicas:i *replicas:i updateRevision updatedReplicas:i
StatefulSetCondition lastTransitionTime:Time message reason *status *type
DaemonSet apiVersion kind metadata:ObjectMeta spec:DaemonSetSpec status:DaemonSetStatus
DaemonSetSpec minReadySeconds:i revisionHistoryLimit:i *selector:LabelSelector
  *template:PodTemplateSpec updateStrategy:DaemonSetUpdateStrategy
DaemonSetUpdateStrategy rollingUpdate:RollingUpdateDaemonSet type
RollingUpdateDaemonSet maxSurge:IntOrString maxUnavailable:IntOrString
DaemonSetStatus collisionCount:i conditions:[]DaemonSetCondition~m:type|m:type
  *currentNumberScheduled:i *desiredNumberScheduled:i numberAvailable:i *numberMisscheduled:i
  *numberReady:i numberUnavailable:i observedGeneration:l updatedNumberScheduled:i
DaemonSetCondition lastTransitionTime:Time message reason *status *type
ControllerRevision apiVersion data:RawExtension kind metadata:ObjectMeta *revision:l
@io.k8s.api.batch.v1
Job apiVersion kind metadata:ObjectMeta spec:JobSpec status:JobStatus
JobSpec activeDeadlineSeconds:l backoffLimit:i backoffLimitPerIndex:i completionMode
  completions:i managedBy manualSelector:b maxFailedIndexes:i parallelism:i
  podFailurePolicy:PodFailurePolicy podReplacementPolicy selector:LabelSelector
  successPolicy:SuccessPolicy suspend:b *template:PodTemplateSpec ttlSecondsAfterFinished:i
PodFailurePolicy *rules:[]PodFailurePolicyRule|a
PodFailurePolicyRule *action onExitCodes:PodFailurePolicyOnExitCodesRequirement
  onPodConditions:[]PodFailurePolicyOnPodConditionsPattern|a
PodFailurePolicyOnExitCodesRequirement containerName *operator *values:[]i|s
PodFailurePolicyOnPodConditionsPattern *status *type
SuccessPolicy *rules:[]SuccessPolicyRule|a
SuccessPolicyRule succeededCount:i succeededIndexes
JobStatus active:i completedIndexes completionTime:Time conditions:[]JobCondition~m:type|a failed:i
  failedIndexes ready:i startTime:Time succeeded:i terminating:i
  uncountedTerminatedPods:UncountedTerminatedPods
JobCondition lastProbeTime:Time lastTransitionTime:Time message reason *status *type
UncountedTerminatedPods failed:[]s|s succeeded:[]s|s
CronJob apiVersion kind metadata:ObjectMeta spec:CronJobSpec status:CronJobStatus
CronJobSpec concurrencyPolicy failedJobsHistoryLimit:i *jobTemplate:JobTemplateSpec *schedule
  startingDeadlineSeconds:l successfulJobsHistoryLimit:i suspend:b timeZone
JobTemplateSpec metadata:ObjectMeta spec:JobSpec
CronJobStatus active:[]ObjectReference|a lastScheduleTime:Time lastSuccessfulTime:Time
@io.k8s.api.autoscaling.v1
HorizontalPodAutoscaler apiVersion kind metadata:ObjectMeta spec:HorizontalPodAutoscalerSpec
  status:HorizontalPodAutoscalerStatus
HorizontalPodAutoscalerSpec *maxReplicas:i minReplicas:i
  *scaleTargetRef:CrossVersionObjectReference targetCPUUtilizationPercentage:i
CrossVersionObjectReference apiVersion *kind *name
HorizontalPodAutoscalerStatus currentCPUUtilizationPercentage:i *currentReplicas:i
  *desiredReplicas:i lastScaleTime:Time observedGeneration:l
Scale apiVersion kind metadata:ObjectMeta spec:ScaleSpec status:ScaleStatus
ScaleSpec replicas:i
ScaleStatus *replicas:i selector
@io.k8s.api.autoscaling.v2
HorizontalPodAutoscaler apiVersion kind metadata:ObjectMeta spec:HorizontalPodAutoscalerSpec
  status:HorizontalPodAutoscalerStatus
HorizontalPodAutoscalerSpec behavior:HorizontalPodAutoscalerBehavior *maxReplicas:i
  metrics:[]MetricSpec|a minReplicas:i *scaleTargetRef:CrossVersionObjectReference
HorizontalPodAutoscalerBehavior scaleDown:HPAScalingRules scaleUp:HPAScalingRules
HPAScalingRules policies:[]HPAScalingPolicy|a selectPolicy stabilizationWindowSeconds:i
HPAScalingPolicy *periodSeconds:i *type *value:i
MetricSpec containerResource:ContainerResourceMetricSource external:ExternalMetricSource
  object:ObjectMetricSource pods:PodsMetricSource resource:ResourceMetricSource *type
ContainerResourceMetricSource *container *name *target:MetricTarget
ExternalMetricSource *metric:MetricIdentifier *target:MetricTarget
ObjectMetricSource *describedObject:CrossVersionObjectReference *metric:MetricIdentifier
  *target:MetricTarget
PodsMetricSource *metric:MetricIdentifier *target:MetricTarget
ResourceMetricSource *name *target:MetricTarget
MetricIdentifier *name selector:LabelSelector
MetricTarget averageUtilization:i averageValue:Quantity *type value:Quantity
CrossVersionObjectReference apiVersion *kind *name
HorizontalPodAutoscalerStatus conditions:[]HorizontalPodAutoscalerCondition~m:type|m:type
  currentMetrics:[]MetricStatus|a currentReplicas:i *desiredReplicas:i lastScaleTime:Time
  observedGeneration:l
HorizontalPodAutoscalerCondition lastTransitionTime:Time message reason *status *type
MetricStatus containerResource:ContainerResourceMetricStatus external:ExternalMetricStatus
  object:ObjectMetricStatus pods:PodsMetricStatus resource:ResourceMetricStatus *type
ContainerResourceMetricStatus *container *current:MetricValueStatus *name
ExternalMetricStatus *current:MetricValueStatus *metric:MetricIdentifier
ObjectMetricStatus *current:MetricValueStatus *describedObject:CrossVersionObjectReference
  *metric:MetricIdentifier
PodsMetricStatus *current:MetricValueStatus *metric:MetricIdentifier
ResourceMetricStatus *current:MetricValueStatus *name
MetricValueStatus averageUtilization:i averageValue:Quantity value:Quantity
)";
}

}  // namespace wisp::api::internal
