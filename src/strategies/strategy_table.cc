// The table of strategies: per-kind strategies keyed by group and kind, and
// generic ones for every other kind (including custom resources).
#include <array>
#include <map>
#include <memory>
#include <string>

#include "strategies/kinds.h"
#include "wisp/base/strings.h"
#include "wisp/strategies/strategy.h"

namespace wisp::strategies {
namespace {

struct KindEntry {
  const char* group;
  const char* kind;
  std::unique_ptr<Strategy> (*make)();
};

// Kinds with their own behaviour. Everything else is generic.
constexpr KindEntry kKinds[] = {
    {"", "Pod", NewPodStrategy},
    {"", "Service", NewServiceStrategy},
    {"", "ConfigMap", NewConfigMapStrategy},
    {"", "Secret", NewSecretStrategy},
    {"", "Namespace", NewNamespaceStrategy},
    {"", "Node", NewNodeStrategy},
    {"", "Event", NewEventStrategy},
    {"", "ReplicationController", NewReplicationControllerStrategy},
    {"", "LimitRange", NewLimitRangeStrategy},
    {"", "ResourceQuota", NewResourceQuotaStrategy},
    {"events.k8s.io", "Event", NewEventStrategy},
    {"", "PersistentVolumeClaim", NewPersistentVolumeClaimStrategy},
    {"", "PersistentVolume", NewPersistentVolumeStrategy},
    {"apps", "Deployment", NewDeploymentStrategy},
    {"apps", "ReplicaSet", NewReplicaSetStrategy},
    {"apps", "StatefulSet", NewStatefulSetStrategy},
    {"apps", "DaemonSet", NewDaemonSetStrategy},
    {"batch", "Job", NewJobStrategy},
    {"batch", "CronJob", NewCronJobStrategy},
    {"networking.k8s.io", "NetworkPolicy", NewNetworkPolicyStrategy},
    {"networking.k8s.io", "Ingress", NewIngressStrategy},
    {"autoscaling", "HorizontalPodAutoscaler", NewHorizontalPodAutoscalerStrategy},
    {"policy", "PodDisruptionBudget", NewPodDisruptionBudgetStrategy},
    {"rbac.authorization.k8s.io", "Role", NewRoleStrategy},
    {"rbac.authorization.k8s.io", "ClusterRole", NewClusterRoleStrategy},
    {"rbac.authorization.k8s.io", "RoleBinding", NewRoleBindingStrategy},
    {"rbac.authorization.k8s.io", "ClusterRoleBinding", NewClusterRoleBindingStrategy},
    {"scheduling.k8s.io", "PriorityClass", NewPriorityClassStrategy},
    {"storage.k8s.io", "StorageClass", NewStorageClassStrategy},
    {"storage.k8s.io", "CSIDriver", NewCsiDriverStrategy},
    {"", "Endpoints", NewEndpointsStrategy},
    {"discovery.k8s.io", "EndpointSlice", NewEndpointSliceStrategy},
    {"networking.k8s.io", "IngressClass", NewIngressClassStrategy},
};

class Table : public StrategyTable {
 public:
  Table() {
    for (const KindEntry& e : kKinds) kinds_.emplace(base::StrCat(e.group, "/", e.kind), e.make());
    for (int i = 0; i < 8; ++i) {
      generic_[i] = std::make_unique<Strategy>(StrategyTraits{
          .namespaced = (i & 1) != 0, .has_status = (i & 2) != 0, .has_generation = (i & 4) != 0});
    }
  }

  const Strategy& For(const api::ResourceInfo& resource) const override {
    auto it = kinds_.find(base::StrCat(resource.group, "/", resource.kind));
    if (it != kinds_.end()) return *it->second;
    int i = (resource.namespaced ? 1 : 0) | (resource.Subresource("status") != nullptr ? 2 : 0) |
            (resource.has_generation ? 4 : 0);
    return *generic_[i];
  }

 private:
  std::map<std::string, std::unique_ptr<Strategy>, std::less<>> kinds_;
  std::array<std::unique_ptr<Strategy>, 8> generic_;
};

}  // namespace

std::unique_ptr<StrategyTable> NewStrategyTable() { return std::make_unique<Table>(); }

}  // namespace wisp::strategies
