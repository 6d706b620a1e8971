// Container resource requirements as upstream validates them.
#include "strategies/resource_validation.h"

#include <optional>
#include <set>
#include <string>

#include "wisp/apimachinery/quantity.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using apimachinery::FieldInvalid;

bool HasPrefix(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Upstream's helper.IsStandardResourceName: what quotas and containers know.
bool IsStandardResourceName(std::string_view name) {
  static const std::set<std::string, std::less<>> kStandard = {"cpu",
                                                               "memory",
                                                               "ephemeral-storage",
                                                               "requests.cpu",
                                                               "requests.memory",
                                                               "requests.ephemeral-storage",
                                                               "limits.cpu",
                                                               "limits.memory",
                                                               "limits.ephemeral-storage",
                                                               "pods",
                                                               "services",
                                                               "replicationcontrollers",
                                                               "resourcequotas",
                                                               "secrets",
                                                               "persistentvolumeclaims",
                                                               "storage",
                                                               "requests.storage",
                                                               "services.nodeports",
                                                               "services.loadbalancers",
                                                               "configmaps"};
  return kStandard.count(name) != 0 || HasPrefix(name, "hugepages-") ||
         HasPrefix(name, "requests.hugepages-");
}

bool IsStandardContainerResourceName(std::string_view name) {
  return name == "cpu" || name == "memory" || name == "ephemeral-storage" ||
         HasPrefix(name, "hugepages-");
}

// Unprefixed names and names in a *kubernetes.io/ domain.
bool IsNativeResource(std::string_view name) {
  return name.find('/') == std::string_view::npos ||
         name.find("kubernetes.io/") != std::string_view::npos;
}

bool IsExtendedResourceName(std::string_view name) {
  if (IsNativeResource(name) || HasPrefix(name, "requests.")) return false;
  return apimachinery::IsQualifiedName(base::StrCat("requests.", name)).empty();
}

std::string Text(const Json& q) { return q.is_string() ? q.get<std::string>() : q.dump(); }

void ValidateQuantity(const std::string& name, const Json& q, const std::string& path,
                      Causes& causes) {
  std::optional<int64_t> milli = QuantityMilli(q);
  if (!milli.has_value()) return;
  const std::string shown = CanonicalQuantity(q);
  if (*milli < 0) {
    causes.push_back(FieldInvalid(path, Json(shown), "must be greater than or equal to 0"));
  }
  if (IsExtendedResourceName(name) && *milli % 1000 != 0) {
    causes.push_back(FieldInvalid(path, Json(shown), "must be an integer"));
  }
}

}  // namespace

bool IsOvercommitAllowed(std::string_view name) {
  return IsNativeResource(name) && !HasPrefix(name, "hugepages-");
}

void ValidateResourceName(const std::string& name, const std::string& path, bool container,
                          Causes& causes) {
  std::vector<std::string> problems = apimachinery::IsQualifiedName(name);
  AddInvalid(causes, path, Json(name), problems);
  if (problems.empty() && name.find('/') == std::string::npos && !IsStandardResourceName(name)) {
    causes.push_back(
        FieldInvalid(path, Json(name), "must be a standard resource type or fully qualified"));
  }
  if (!container) return;
  if (name.find('/') == std::string::npos) {
    if (!IsStandardContainerResourceName(name)) {
      causes.push_back(
          FieldInvalid(path, Json(name), "must be a standard resource for containers"));
    }
  } else if (!IsNativeResource(name) && !IsExtendedResourceName(name)) {
    causes.push_back(
        FieldInvalid(path, Json(name), "doesn't follow extended resource name standard"));
  }
}

std::string CanonicalQuantity(const Json& q) { return apimachinery::CanonicalQuantity(Text(q)); }

std::optional<int64_t> QuantityMilli(const Json& q) {
  absl::StatusOr<int64_t> v = apimachinery::ParseSignedMilliQuantity(Text(q));
  if (!v.ok()) return std::nullopt;
  return *v;
}

void ValidateResourceRequirements(const Json& resources, std::string_view path, Causes& causes) {
  static const Json kEmpty = Json::object();
  const Json* limits = ObjectAt(resources, "limits");
  const Json* requests = ObjectAt(resources, "requests");
  if (limits == nullptr) limits = &kEmpty;
  if (requests == nullptr) requests = &kEmpty;
  const std::string limits_path = Child(path, "limits");
  const std::string requests_path = Child(path, "requests");
  bool cpu_or_memory = false, hugepages = false;
  auto note = [&](const std::string& name) {
    cpu_or_memory = cpu_or_memory || name == "cpu" || name == "memory";
    hugepages = hugepages || HasPrefix(name, "hugepages-");
  };
  for (const auto& [name, q] : limits->items()) {
    const std::string field = Key(limits_path, name);
    ValidateResourceName(name, field, true, causes);
    ValidateQuantity(name, q, field, causes);
    note(name);
  }
  for (const auto& [name, q] : requests->items()) {
    const std::string field = Key(requests_path, name);
    ValidateResourceName(name, field, true, causes);
    ValidateQuantity(name, q, field, causes);
    note(name);
    const Json* limit = Find(*limits, name);
    if (limit == nullptr) {
      if (!IsOvercommitAllowed(name)) {
        causes.push_back(apimachinery::FieldRequired(
            limits_path, "Limit must be set for non overcommitable resources"));
      }
      continue;
    }
    std::optional<int64_t> request_milli = QuantityMilli(q), limit_milli = QuantityMilli(*limit);
    if (!request_milli || !limit_milli) continue;
    const std::string request_text = CanonicalQuantity(q);
    const std::string limit_text = CanonicalQuantity(*limit);
    if (*request_milli != *limit_milli && !IsOvercommitAllowed(name)) {
      causes.push_back(
          FieldInvalid(requests_path, Json(request_text),
                       base::StrCat("must be equal to ", name, " limit of ", limit_text)));
    } else if (*request_milli > *limit_milli) {
      causes.push_back(FieldInvalid(
          requests_path, Json(request_text),
          base::StrCat("must be less than or equal to ", name, " limit of ", limit_text)));
    }
  }
  if (hugepages && !cpu_or_memory) {
    causes.push_back(apimachinery::FieldForbidden(path, "HugePages require cpu or memory"));
  }
}

}  // namespace wisp::strategies
