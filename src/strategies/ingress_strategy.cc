// networking.k8s.io/v1 Ingresses: rules' paths (pathType, absolute paths)
// and backends.
#include <memory>

#include <arpa/inet.h>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/names.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

// upstream's validateIngressBackend; its whole-backend errors print "".
void ValidateBackend(const Json& backend, const std::string& path, Causes& causes) {
  const Json* service = ObjectAt(backend, "service");
  const Json* resource = ObjectAt(backend, "resource");
  if (service != nullptr && resource != nullptr) {
    causes.push_back(apimachinery::FieldInvalid(path, Json(""),
                                                "cannot set both resource and service backends"));
  } else if (service == nullptr && resource == nullptr) {
    causes.push_back(
        apimachinery::FieldInvalid(path, Json(""), "resource or service backend is required"));
  } else if (service != nullptr) {
    std::string name = Str(*service, "name");
    if (name.empty()) {
      causes.push_back(apimachinery::FieldRequired(Child(path, "service.name"), ""));
    } else {
      AddInvalid(causes, Child(path, "service.name"), Json(name),
                 apimachinery::IsDns1035Label(name));
    }
    const Json port = ValueOr(*service, "port", Json::object());
    std::string port_name = Str(port, "name");
    int64_t number = Int(port, "number").value_or(0);
    if (!port_name.empty() && number != 0) {
      causes.push_back(
          apimachinery::FieldInvalid(path, Json(""), "cannot set both port name & port number"));
    } else if (!port_name.empty()) {
      AddInvalid(causes, Child(path, "service.port.name"), Json(port_name),
                 IsValidPortName(port_name));
    } else if (number != 0) {
      AddInvalid(causes, Child(path, "service.port.number"), Json(number),
                 apimachinery::IsValidPortNum(number));
    } else {
      causes.push_back(apimachinery::FieldRequired(path, "port name or number is required"));
    }
  }
}

// A rule's host: a DNS name (a wildcard one when it has "*"), never an IP.
void ValidateHost(const std::string& host, const std::string& path, Causes& causes) {
  if (host.empty()) return;
  in_addr v4;
  in6_addr v6;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    causes.push_back(
        apimachinery::FieldInvalid(path, Json(host), "must be a DNS name, not an IP address"));
  }
  AddInvalid(causes, path, Json(host),
             host.find('*') != std::string::npos ? apimachinery::IsWildcardDns1123Subdomain(host)
                                                 : apimachinery::IsDns1123Subdomain(host));
}

class IngressStrategy : public Strategy {
 public:
  IngressStrategy()
      : Strategy({.namespaced = true,
                  .has_status = true,
                  .has_generation = true,
                  .initial_status = R"({"loadBalancer":{}})"}) {}

  // ValidateIngressCreate: the class annotation and field must agree.
  std::vector<apimachinery::Cause> ValidateCreate(const Json& obj) const override {
    Causes causes = Strategy::ValidateCreate(obj);
    const Json* annotation =
        FindPath(obj, {"metadata", "annotations", "kubernetes.io/ingress.class"});
    const Json* field = FindPath(obj, {"spec", "ingressClassName"});
    if (annotation != nullptr && field != nullptr && field->is_string() && *annotation != *field) {
      causes.push_back(apimachinery::FieldInvalid("annotations.kubernetes.io/ingress.class",
                                                  *annotation,
                                                  "must match `ingressClassName` when both are "
                                                  "specified"));
    }
    return causes;
  }

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
      ValidateHost(Str((*rules)[i], "host"), Child(Index("spec.rules", i), "host"), causes);
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
