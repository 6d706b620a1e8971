// File: src/strategies/kinds.h
//
// Factories of the per-kind strategies, one per source file, collected by
// the table in strategy_table.cc. Each returned strategy is immutable and
// thread-safe.
#pragma once

#include <memory>

#include "wisp/strategies/strategy.h"

namespace wisp::strategies {

std::unique_ptr<Strategy> NewPodStrategy();
std::unique_ptr<Strategy> NewDeploymentStrategy();
std::unique_ptr<Strategy> NewReplicaSetStrategy();
std::unique_ptr<Strategy> NewReplicationControllerStrategy();
std::unique_ptr<Strategy> NewStatefulSetStrategy();
std::unique_ptr<Strategy> NewDaemonSetStrategy();
std::unique_ptr<Strategy> NewJobStrategy();
std::unique_ptr<Strategy> NewCronJobStrategy();
std::unique_ptr<Strategy> NewServiceStrategy();
std::unique_ptr<Strategy> NewConfigMapStrategy();
std::unique_ptr<Strategy> NewSecretStrategy();
std::unique_ptr<Strategy> NewNamespaceStrategy();
std::unique_ptr<Strategy> NewNodeStrategy();
std::unique_ptr<Strategy> NewPersistentVolumeClaimStrategy();
std::unique_ptr<Strategy> NewPersistentVolumeStrategy();
std::unique_ptr<Strategy> NewNetworkPolicyStrategy();
std::unique_ptr<Strategy> NewIngressStrategy();
std::unique_ptr<Strategy> NewHorizontalPodAutoscalerStrategy();
std::unique_ptr<Strategy> NewPodDisruptionBudgetStrategy();
std::unique_ptr<Strategy> NewRoleStrategy();
std::unique_ptr<Strategy> NewClusterRoleStrategy();
std::unique_ptr<Strategy> NewRoleBindingStrategy();
std::unique_ptr<Strategy> NewClusterRoleBindingStrategy();
std::unique_ptr<Strategy> NewPriorityClassStrategy();
std::unique_ptr<Strategy> NewEventStrategy();  // core v1 and events.k8s.io/v1
std::unique_ptr<Strategy> NewLimitRangeStrategy();
std::unique_ptr<Strategy> NewResourceQuotaStrategy();
// Defaulting only (defaulted_kinds.cc).
std::unique_ptr<Strategy> NewStorageClassStrategy();
std::unique_ptr<Strategy> NewCsiDriverStrategy();
std::unique_ptr<Strategy> NewEndpointsStrategy();
std::unique_ptr<Strategy> NewEndpointSliceStrategy();
std::unique_ptr<Strategy> NewIngressClassStrategy();

}  // namespace wisp::strategies
