// Kinds whose only behaviour beyond the generic strategy is upstream's
// defaulting: StorageClass and CSIDriver (storage/v1), Endpoints (core/v1),
// EndpointSlice (discovery/v1) and IngressClass (networking/v1).
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"

namespace wisp::strategies {
namespace {

using DefaultFn = void (*)(Json& obj);

class DefaultingStrategy : public Strategy {
 public:
  DefaultingStrategy(StrategyTraits traits, DefaultFn fn) : Strategy(traits), fn_(fn) {}
  void Default(Json& obj) const override {
    if (obj.is_object()) fn_(obj);
  }

 private:
  DefaultFn fn_;
};

void DefaultStorageClass(Json& obj) {
  SetDefault(obj, "reclaimPolicy", "Delete");
  SetDefault(obj, "volumeBindingMode", "Immediate");
}

void DefaultCsiDriver(Json& obj) {
  Json* spec = ObjectAt(obj, "spec");
  if (spec == nullptr) return;
  SetDefault(*spec, "attachRequired", true);
  SetDefault(*spec, "podInfoOnMount", false);
  SetDefault(*spec, "storageCapacity", false);
  SetDefault(*spec, "fsGroupPolicy", "ReadWriteOnceWithFSType");
  SetDefault(*spec, "requiresRepublish", false);
  SetDefault(*spec, "seLinuxMount", false);
  if (Size(*spec, "volumeLifecycleModes") == 0) {
    (*spec)["volumeLifecycleModes"] = Json::array({"Persistent"});
  }
}

void DefaultEndpoints(Json& obj) {
  Json* subsets = ArrayAt(obj, "subsets");
  if (subsets == nullptr) return;
  for (Json& subset : *subsets) {
    Json* ports = ArrayAt(subset, "ports");
    if (ports == nullptr) continue;
    for (Json& port : *ports) {
      if (port.is_object() && Str(port, "protocol").empty()) port["protocol"] = "TCP";
    }
  }
}

void DefaultEndpointSlice(Json& obj) {
  Json* ports = ArrayAt(obj, "ports");
  if (ports == nullptr) return;
  for (Json& port : *ports) {
    if (!port.is_object()) continue;
    SetDefault(port, "name", "");
    SetDefault(port, "protocol", "TCP");
  }
}

void DefaultIngressClass(Json& obj) {
  Json* spec = ObjectAt(obj, "spec");
  if (spec == nullptr) return;
  if (Json* params = ObjectAt(*spec, "parameters")) SetDefault(*params, "scope", "Cluster");
}

}  // namespace

std::unique_ptr<Strategy> NewStorageClassStrategy() {
  return std::make_unique<DefaultingStrategy>(StrategyTraits{.namespaced = false},
                                              DefaultStorageClass);
}
std::unique_ptr<Strategy> NewCsiDriverStrategy() {
  return std::make_unique<DefaultingStrategy>(StrategyTraits{.namespaced = false},
                                              DefaultCsiDriver);
}
std::unique_ptr<Strategy> NewEndpointsStrategy() {
  return std::make_unique<DefaultingStrategy>(StrategyTraits{.namespaced = true}, DefaultEndpoints);
}
std::unique_ptr<Strategy> NewEndpointSliceStrategy() {
  return std::make_unique<DefaultingStrategy>(
      StrategyTraits{.namespaced = true, .has_generation = true}, DefaultEndpointSlice);
}
std::unique_ptr<Strategy> NewIngressClassStrategy() {
  return std::make_unique<DefaultingStrategy>(
      StrategyTraits{.namespaced = false, .has_generation = true}, DefaultIngressClass);
}

}  // namespace wisp::strategies
