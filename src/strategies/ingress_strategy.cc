// networking.k8s.io/v1 Ingresses: rules' paths (pathType, absolute paths)
// and backends.
#include <memory>

#include <arpa/inet.h>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/names.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using base::StrCat;

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

// upstream's validateHTTPIngressPath without the backend: Exact and Prefix
// paths are absolute and free of traversal tricks; an ImplementationSpecific
// one may be empty but is otherwise absolute too.
void ValidatePath(const Json& p, const std::string& base, Causes& causes) {
  const std::string type = Str(p, "pathType");
  const std::string value = Str(p, "path");
  const std::string at = Child(base, "path");
  const bool absolute = !value.empty() && value[0] == '/';
  if (type == "Exact" || type == "Prefix") {
    if (!absolute) {
      causes.push_back(apimachinery::FieldInvalid(at, Json(value), "must be an absolute path"));
    }
    if (value.empty()) return;
    for (std::string_view seq : {"//", "/./", "/../", "%2f", "%2F"}) {
      if (value.find(seq) != std::string::npos) {
        causes.push_back(
            apimachinery::FieldInvalid(at, Json(value), StrCat("must not contain '", seq, "'")));
      }
    }
    for (std::string_view suffix : {"/..", "/."}) {
      if (value.ends_with(suffix)) {
        causes.push_back(
            apimachinery::FieldInvalid(at, Json(value), StrCat("cannot end with '", suffix, "'")));
      }
    }
  } else if (type == "ImplementationSpecific") {
    if (!value.empty() && !absolute) {
      causes.push_back(apimachinery::FieldInvalid(at, Json(value), "must be an absolute path"));
    }
  } else {
    causes.push_back(apimachinery::FieldNotSupported(
        Child(base, "pathType"), Json(type), {"Exact", "ImplementationSpecific", "Prefix"}));
  }
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
      const Json* http = ObjectAt((*rules)[i], "http");
      if (http == nullptr) continue;
      const std::string paths_at = Child(Index("spec.rules", i), "http.paths");
      const Json* paths = ArrayAt(*http, "paths");
      if (paths == nullptr || paths->empty()) {
        causes.push_back(apimachinery::FieldRequired(paths_at, ""));
        continue;
      }
      for (size_t j = 0; j < paths->size(); ++j) {
        const std::string base = Index(paths_at, j);
        const Json& p = (*paths)[j];
        if (Find(p, "pathType") == nullptr) {
          // Upstream stops here: no path or backend checks without a type.
          causes.push_back(
              apimachinery::FieldRequired(Child(base, "pathType"), "pathType must be specified"));
          continue;
        }
        ValidatePath(p, base, causes);
        ValidateBackend(ValueOr(p, "backend", Json::object()), Child(base, "backend"), causes);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewIngressStrategy() { return std::make_unique<IngressStrategy>(); }

}  // namespace wisp::strategies
