// core/v1 Nodes: cluster-scoped; status is kept on create (kubelets register
// with it) and allocatable defaults to capacity.
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

class NodeStrategy : public Strategy {
 public:
  NodeStrategy() : Strategy({.namespaced = false, .has_status = true}) {}

  void Default(Json& obj) const override {
    if (Json* status = ObjectAt(obj, "status")) {
      if (const Json* capacity = ObjectAt(*status, "capacity")) {
        SetDefault(*status, "allocatable", *capacity);
      }
    }
    if (Json* spec = ObjectAt(obj, "spec")) {
      std::string cidr = Str(*spec, "podCIDR");
      if (!cidr.empty() && Size(*spec, "podCIDRs") == 0) {
        (*spec)["podCIDRs"] = Json::array({cidr});
      }
    }
  }

  // Unlike most kinds, a node's creator (its kubelet) reports status.
  void PrepareForCreate(Json& obj) const override {}

 protected:
  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    const Json old_spec = ValueOr(old, "spec", Json::object());
    std::string old_cidr = Str(old_spec, "podCIDR");
    if (!old_cidr.empty() && Str(spec, "podCIDR") != old_cidr) {
      causes.push_back(apimachinery::FieldForbidden("spec.podCIDRs",
                                                    "node updates may not change podCIDR except "
                                                    "from \"\" to valid"));
    }
    std::string old_provider = Str(old_spec, "providerID");
    if (!old_provider.empty() && Str(spec, "providerID") != old_provider) {
      causes.push_back(apimachinery::FieldForbidden(
          "spec.providerID", "node updates may not change providerID except from \"\" to valid"));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewNodeStrategy() { return std::make_unique<NodeStrategy>(); }

}  // namespace wisp::strategies
