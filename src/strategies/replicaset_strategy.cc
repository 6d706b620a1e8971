// apps/v1 ReplicaSets: replicas default; the rest is the workload base.
#include <memory>

#include "strategies/kinds.h"
#include "strategies/workload.h"

namespace wisp::strategies {
namespace {

class ReplicaSetStrategy : public WorkloadStrategy {
 public:
  // Upstream's ReplicaSet validation reuses the deployment's wording.
  ReplicaSetStrategy() : WorkloadStrategy("deployment", {"Always"}, R"({"replicas":0})") {}

 protected:
  void DefaultSpec(Json& spec) const override { SetDefault(spec, "replicas", 1); }
};

}  // namespace

std::unique_ptr<Strategy> NewReplicaSetStrategy() { return std::make_unique<ReplicaSetStrategy>(); }

}  // namespace wisp::strategies
