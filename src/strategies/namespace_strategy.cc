// core/v1 Namespaces: the kubernetes finalizer, phase Active, the
// kubernetes.io/metadata.name label and DNS-1123 label names.
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

constexpr const char* kNameLabel = "kubernetes.io/metadata.name";

void SetNameLabel(Json& obj) {
  Json* meta = ObjectAt(obj, "metadata");
  if (meta == nullptr) return;
  std::string name = Str(*meta, "name");
  if (name.empty()) return;
  SetDefault(*meta, "labels", Json::object());
  if (Json* labels = ObjectAt(*meta, "labels")) (*labels)[kNameLabel] = name;
}

class NamespaceStrategy : public Strategy {
 public:
  NamespaceStrategy()
      : Strategy({.namespaced = false, .has_status = true, .name_rule = NameRule::kDns1123Label}) {}

  void Default(Json& obj) const override { SetNameLabel(obj); }

  void PrepareForCreate(Json& obj) const override {
    Strategy::PrepareForCreate(obj);
    if (!obj.is_object()) return;
    // Finalizers are owned by the namespace controller, not the client.
    obj["spec"] = {{"finalizers", Json::array({"kubernetes"})}};
    obj["status"] = {{"phase", "Active"}};
    SetNameLabel(obj);  // the name may have been generated after Default
  }

  void PrepareForUpdate(Json& obj, const Json& old) const override {
    Strategy::PrepareForUpdate(obj, old);
    if (!obj.is_object()) return;
    obj["spec"] = ValueOr(old, "spec", Json::object());
    SetNameLabel(obj);
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json* finalizers = FindPath(obj, {"spec", "finalizers"});
    if (finalizers == nullptr || !finalizers->is_array()) return;
    for (size_t i = 0; i < finalizers->size(); ++i) {
      const Json& f = (*finalizers)[i];
      std::string name = f.is_string() ? f.get<std::string>() : "";
      if (name == "kubernetes") continue;
      AddInvalid(causes, Index("spec.finalizers", i), f, apimachinery::IsQualifiedName(name));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewNamespaceStrategy() { return std::make_unique<NamespaceStrategy>(); }

}  // namespace wisp::strategies
