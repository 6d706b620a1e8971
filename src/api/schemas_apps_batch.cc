// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view AppsBatchSchemaText() {
  return R"(
@io.k8s.api.apps.v1
Deployment apiVersion kind metadata#1:ObjectMeta spec#2:DeploymentSpec status#3:DeploymentStatus
DeploymentSpec minReadySeconds#5:i paused#7:b progressDeadlineSeconds#9:i replicas#1:i
  revisionHistoryLimit#6:i *selector#2:LabelSelector strategy#4:DeploymentStrategy~r
  *template#3:PodTemplateSpec
DeploymentStrategy rollingUpdate#2:RollingUpdateDeployment type#1
RollingUpdateDeployment maxSurge#2:IntOrString maxUnavailable#1:IntOrString
DeploymentStatus availableReplicas#4:i collisionCount#8:i
  conditions#6:[]DeploymentCondition~m:type|m:type observedGeneration#1:l readyReplicas#7:i
  replicas#2:i unavailableReplicas#5:i updatedReplicas#3:i
DeploymentCondition lastTransitionTime#7:Time lastUpdateTime#6:Time message#5 reason#4
  *status#2 *type#1
ReplicaSet apiVersion kind metadata#1:ObjectMeta spec#2:ReplicaSetSpec status#3:ReplicaSetStatus
ReplicaSetSpec minReadySeconds#4:i replicas#1:i *selector#2:LabelSelector
  template#3:PodTemplateSpec
ReplicaSetStatus availableReplicas#5:i conditions#6:[]ReplicaSetCondition~m:type|m:type
  fullyLabeledReplicas#2:i observedGeneration#3:l readyReplicas#4:i *replicas#1:i
ReplicaSetCondition lastTransitionTime#3:Time message#5 reason#4 *status#2 *type#1
StatefulSet apiVersion kind metadata#1:ObjectMeta spec#2:StatefulSetSpec
  status#3:StatefulSetStatus
StatefulSetSpec minReadySeconds#9:i ordinals#11:StatefulSetOrdinals
  persistentVolumeClaimRetentionPolicy#10:StatefulSetPersistentVolumeClaimRetentionPolicy
  podManagementPolicy#6 replicas#1:i revisionHistoryLimit#8:i *selector#2:LabelSelector
  *serviceName#5 *template#3:PodTemplateSpec updateStrategy#7:StatefulSetUpdateStrategy
  volumeClaimTemplates#4:[]PersistentVolumeClaim|a
StatefulSetOrdinals start#1:i
StatefulSetPersistentVolumeClaimRetentionPolicy whenDeleted#1 whenScaled#2
StatefulSetUpdateStrategy rollingUpdate#2:RollingUpdateStatefulSetStrategy type#1
RollingUpdateStatefulSetStrategy maxUnavailable#2:IntOrString partition#1:i
StatefulSetStatus availableReplicas#11:i collisionCount#9:i
  conditions#10:[]StatefulSetCondition~m:type|m:type currentReplicas#4:i currentRevision#6
  observedGeneration#1:l readyReplicas#3:i *replicas#2:i updateRevision#7 updatedReplicas#5:i
StatefulSetCondition lastTransitionTime#3:Time message#5 reason#4 *status#2 *type#1
DaemonSet apiVersion kind metadata#1:ObjectMeta spec#2:DaemonSetSpec status#3:DaemonSetStatus
DaemonSetSpec minReadySeconds#4:i revisionHistoryLimit#6:i *selector#1:LabelSelector
  *template#2:PodTemplateSpec updateStrategy#3:DaemonSetUpdateStrategy
DaemonSetUpdateStrategy rollingUpdate#2:RollingUpdateDaemonSet type#1
RollingUpdateDaemonSet maxSurge#2:IntOrString maxUnavailable#1:IntOrString
DaemonSetStatus collisionCount#9:i conditions#10:[]DaemonSetCondition~m:type|m:type
  *currentNumberScheduled#1:i *desiredNumberScheduled#3:i numberAvailable#7:i
  *numberMisscheduled#2:i *numberReady#4:i numberUnavailable#8:i observedGeneration#5:l
  updatedNumberScheduled#6:i
DaemonSetCondition lastTransitionTime#3:Time message#5 reason#4 *status#2 *type#1
ControllerRevision apiVersion data#2:RawExtension kind metadata#1:ObjectMeta *revision#3:l
@io.k8s.api.batch.v1
Job apiVersion kind metadata#1:ObjectMeta spec#2:JobSpec status#3:JobStatus
JobSpec activeDeadlineSeconds#3:l backoffLimit#7:i backoffLimitPerIndex#12:i completionMode#9
  completions#2:i managedBy#15 manualSelector#5:b maxFailedIndexes#13:i parallelism#1:i
  podFailurePolicy#11:PodFailurePolicy podReplacementPolicy#14 selector#4:LabelSelector
  successPolicy#16:SuccessPolicy suspend#10:b *template#6:PodTemplateSpec
  ttlSecondsAfterFinished#8:i
PodFailurePolicy *rules#1:[]PodFailurePolicyRule|a
PodFailurePolicyRule *action#1 onExitCodes#2:PodFailurePolicyOnExitCodesRequirement
  onPodConditions#3:[]PodFailurePolicyOnPodConditionsPattern|a
PodFailurePolicyOnExitCodesRequirement containerName#1 *operator#2 *values#3:[]i|s
PodFailurePolicyOnPodConditionsPattern *status#2 *type#1
SuccessPolicy *rules#1:[]SuccessPolicyRule|a
SuccessPolicyRule succeededCount#2:i succeededIndexes#1
JobStatus active#4:i completedIndexes#7 completionTime#3:Time
  conditions#1:[]JobCondition~m:type|a failed#6:i failedIndexes#10 ready#9:i startTime#2:Time
  succeeded#5:i terminating#11:i uncountedTerminatedPods#8:UncountedTerminatedPods
JobCondition lastProbeTime#3:Time lastTransitionTime#4:Time message#6 reason#5 *status#2
  *type#1
UncountedTerminatedPods failed#2:[]s|s succeeded#1:[]s|s
CronJob apiVersion kind metadata#1:ObjectMeta spec#2:CronJobSpec status#3:CronJobStatus
CronJobSpec concurrencyPolicy#3 failedJobsHistoryLimit#7:i *jobTemplate#5:JobTemplateSpec
  *schedule#1 startingDeadlineSeconds#2:l successfulJobsHistoryLimit#6:i suspend#4:b
  timeZone#8
JobTemplateSpec metadata#1:ObjectMeta spec#2:JobSpec
CronJobStatus active#1:[]ObjectReference|a lastScheduleTime#4:Time lastSuccessfulTime#5:Time
@io.k8s.api.autoscaling.v1
HorizontalPodAutoscaler apiVersion kind metadata#1:ObjectMeta
  spec#2:HorizontalPodAutoscalerSpec status#3:HorizontalPodAutoscalerStatus
HorizontalPodAutoscalerSpec *maxReplicas#3:i minReplicas#2:i
  *scaleTargetRef#1:CrossVersionObjectReference targetCPUUtilizationPercentage#4:i
CrossVersionObjectReference apiVersion#3 *kind#1 *name#2
HorizontalPodAutoscalerStatus currentCPUUtilizationPercentage#5:i *currentReplicas#3:i
  *desiredReplicas#4:i lastScaleTime#2:Time observedGeneration#1:l
Scale apiVersion kind metadata#1:ObjectMeta spec#2:ScaleSpec status#3:ScaleStatus
ScaleSpec replicas#1:i
ScaleStatus *replicas#1:i selector#2
@io.k8s.api.autoscaling.v2
HorizontalPodAutoscaler apiVersion kind metadata#1:ObjectMeta
  spec#2:HorizontalPodAutoscalerSpec status#3:HorizontalPodAutoscalerStatus
HorizontalPodAutoscalerSpec behavior#5:HorizontalPodAutoscalerBehavior *maxReplicas#3:i
  metrics#4:[]MetricSpec|a minReplicas#2:i *scaleTargetRef#1:CrossVersionObjectReference
HorizontalPodAutoscalerBehavior scaleDown#2:HPAScalingRules scaleUp#1:HPAScalingRules
HPAScalingRules policies#2:[]HPAScalingPolicy|a selectPolicy#1 stabilizationWindowSeconds#3:i
HPAScalingPolicy *periodSeconds#3:i *type#1 *value#2:i
MetricSpec containerResource#7:ContainerResourceMetricSource external#5:ExternalMetricSource
  object#2:ObjectMetricSource pods#3:PodsMetricSource resource#4:ResourceMetricSource *type#1
ContainerResourceMetricSource *container#3 *name#1 *target#2:MetricTarget
ExternalMetricSource *metric#1:MetricIdentifier *target#2:MetricTarget
ObjectMetricSource *describedObject#1:CrossVersionObjectReference *metric#3:MetricIdentifier
  *target#2:MetricTarget
PodsMetricSource *metric#1:MetricIdentifier *target#2:MetricTarget
ResourceMetricSource *name#1 *target#2:MetricTarget
MetricIdentifier *name#1 selector#2:LabelSelector
MetricTarget averageUtilization#4:i averageValue#3:Quantity *type#1 value#2:Quantity
CrossVersionObjectReference apiVersion#3 *kind#1 *name#2
HorizontalPodAutoscalerStatus conditions#6:[]HorizontalPodAutoscalerCondition~m:type|m:type
  currentMetrics#5:[]MetricStatus|a currentReplicas#3:i *desiredReplicas#4:i
  lastScaleTime#2:Time observedGeneration#1:l
HorizontalPodAutoscalerCondition lastTransitionTime#3:Time message#5 reason#4 *status#2
  *type#1
MetricStatus containerResource#7:ContainerResourceMetricStatus external#5:ExternalMetricStatus
  object#2:ObjectMetricStatus pods#3:PodsMetricStatus resource#4:ResourceMetricStatus *type#1
ContainerResourceMetricStatus *container#3 *current#2:MetricValueStatus *name#1
ExternalMetricStatus *current#2:MetricValueStatus *metric#1:MetricIdentifier
ObjectMetricStatus *current#2:MetricValueStatus *describedObject#3:CrossVersionObjectReference
  *metric#1:MetricIdentifier
PodsMetricStatus *current#2:MetricValueStatus *metric#1:MetricIdentifier
ResourceMetricStatus *current#2:MetricValueStatus *name#1
MetricValueStatus averageUtilization#3:i averageValue#2:Quantity value#1:Quantity
)";
}

}  // namespace wisp::api::internal
