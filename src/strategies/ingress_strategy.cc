// networking.k8s.io/v1 Ingresses: rules' paths (pathType, absolute paths)
// and backends.
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

void ValidateBackend(const Json& backend, const std::string& path, Causes& causes) {
  const Json* service = ObjectAt(backend, "service");
  const Json* resource = ObjectAt(backend, "resource");
  if (service != nullptr && resource != nullptr) {
    causes.push_back(
        apimachinery::FieldInvalid(path, backend, "cannot set both resource and service backends"));
  } else if (service == nullptr && resource == nullptr) {
    causes.push_back(
        apimachinery::FieldInvalid(path, backend, "resource or service backend is required"));
  } else if (service != nullptr) {
    std::string name = Str(*service, "name");
    if (name.empty()) {
      causes.push_back(apimachinery::FieldRequired(Child(path, "service.name"), ""));
    } else {
      AddInvalid(causes, Child(path, "service.name"), Json(name),
                 apimachinery::IsDns1035Label(name));
    }
  }
}

class IngressStrategy : public Strategy {
 public:
  IngressStrategy()
      : Strategy({.namespaced = true,
                  .has_status = true,
                  .has_generation = true,
                  .initial_status = R"({"loadBalancer":{}})"}) {}

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json spec = ValueOr(obj, "spec", Json::object());
    const Json* rules = ArrayAt(spec, "rules");
    if (Find(spec, "defaultBackend") == nullptr && (rules == nullptr || rules->empty())) {
      causes.push_back(apimachinery::FieldInvalid("spec.rules", Json::array(),
                                                  "either `defaultBackend` or `rules` must be "
                                                  "specified"));
    }
    if (const Json* backend = Find(spec, "defaultBackend")) {
      ValidateBackend(*backend, "spec.defaultBackend", causes);
    }
    if (rules == nullptr) return;
    for (size_t i = 0; i < rules->size(); ++i) {
      const Json* paths = FindPath((*rules)[i], {"http", "paths"});
      if (paths == nullptr || !paths->is_array()) continue;
      for (size_t j = 0; j < paths->size(); ++j) {
        std::string base = Index(Child(Index("spec.rules", i), "http.paths"), j);
        const Json& p = (*paths)[j];
        std::string type = Str(p, "pathType");
        std::string value = Str(p, "path");
        if (type.empty()) {
          causes.push_back(
              apimachinery::FieldRequired(Child(base, "pathType"), "pathType must be specified"));
        } else if (type != "Exact" && type != "Prefix" && type != "ImplementationSpecific") {
          causes.push_back(apimachinery::FieldNotSupported(
              Child(base, "pathType"), Json(type), {"Exact", "ImplementationSpecific", "Prefix"}));
        } else if (type != "ImplementationSpecific" && (value.empty() || value[0] != '/')) {
          causes.push_back(apimachinery::FieldInvalid(Child(base, "path"), Json(value),
                                                      "must be an absolute path"));
        }
        ValidateBackend(ValueOr(p, "backend", Json::object()), Child(base, "backend"), causes);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewIngressStrategy() { return std::make_unique<IngressStrategy>(); }

}  // namespace wisp::strategies
