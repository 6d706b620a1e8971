// v1 LimitRanges: upstream's SetDefaults_LimitRangeItem for Container
// limits (a max is the default limit, a default limit the default request,
// a min the default request) and ValidateLimitRange (types, resource names,
// min <= defaultRequest <= default <= max, ratios). Enforcement is the API
// server's (apiserver/limit_ranges.h).
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/resource_validation.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

// dst[key] = value for every key of `from` that `dst` lacks.
void FillMissing(Json& item, const char* dst, const char* from) {
  const Json* source = ObjectAt(item, from);
  if (source == nullptr || source->empty()) return;
  Json& target = item[dst];
  if (!target.is_object()) target = Json::object();
  for (const auto& [key, value] : source->items()) {
    if (!target.contains(key)) target[key] = value;
  }
}

class LimitRangeStrategy : public Strategy {
 public:
  LimitRangeStrategy() : Strategy({.namespaced = true}) {}

  void Default(Json& obj) const override {
    Json* spec = ObjectAt(obj, "spec");
    Json* limits = spec ? ArrayAt(*spec, "limits") : nullptr;
    if (limits == nullptr) return;
    for (Json& item : *limits) {
      if (!item.is_object() || Str(item, "type") != "Container") continue;
      FillMissing(item, "default", "max");
      FillMissing(item, "defaultRequest", "default");
      FillMissing(item, "defaultRequest", "min");
    }
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json* limits = FindPath(obj, {"spec", "limits"});
    if (limits == nullptr || !limits->is_array()) return;
    std::set<std::string> types;
    for (size_t i = 0; i < limits->size(); ++i) {
      ValidateItem((*limits)[i], Index("spec.limits", i), types, causes);
    }
  }

 private:
  using Values = std::map<std::string, Json>;

  static void ValidateType(const std::string& type, const std::string& path, Causes& causes) {
    std::vector<std::string> problems = apimachinery::IsQualifiedName(type);
    AddInvalid(causes, path, Json(type), problems);
    if (problems.empty() && type.find('/') == std::string::npos && type != "Pod" &&
        type != "Container" && type != "PersistentVolumeClaim") {
      causes.push_back(apimachinery::FieldInvalid(
          path, Json(type), "must be a standard limit type or fully qualified"));
    }
  }

  // The resources of item[key], their names validated for the item's type.
  static Values Collect(const Json& item, const char* key, const std::string& path, bool container,
                        std::set<std::string>& keys, Causes& causes) {
    Values values;
    const Json* list = ObjectAt(item, key);
    if (list == nullptr) return values;
    for (const auto& [name, q] : list->items()) {
      ValidateResourceName(name, Key(Child(path, key), name), container, causes);
      keys.insert(name);
      values[name] = q;
    }
    return values;
  }

  static void ValidateItem(const Json& item, const std::string& path, std::set<std::string>& types,
                           Causes& causes) {
    const std::string type = Str(item, "type");
    ValidateType(type, Child(path, "type"), causes);
    if (!types.insert(type).second) {
      causes.push_back(apimachinery::FieldDuplicate(Child(path, "type"), Json(type)));
    }
    const bool container = type == "Pod" || type == "Container";
    std::set<std::string> keys;
    Values max = Collect(item, "max", path, container, keys, causes);
    Values min = Collect(item, "min", path, container, keys, causes);
    Values defaults, requests;
    if (type == "Pod") {
      for (const char* key : {"default", "defaultRequest"}) {
        if (Size(item, key) != 0) {
          causes.push_back(apimachinery::FieldForbidden(
              Child(path, key), "may not be specified when `type` is 'Pod'"));
        }
      }
    } else {
      defaults = Collect(item, "default", path, container, keys, causes);
      requests = Collect(item, "defaultRequest", path, container, keys, causes);
    }
    if (type == "PersistentVolumeClaim" && min.count("storage") == 0 && max.count("storage") == 0) {
      causes.push_back(apimachinery::FieldRequired(
          Child(path, "limits"),
          "either minimum or maximum storage value is required, but neither was provided"));
    }
    Values ratios = Collect(item, "maxLimitRequestRatio", path, container, keys, causes);
    for (const std::string& k : keys)
      ValidateResource(k, path, min, max, defaults, requests, ratios, causes);
  }

  // The orderings upstream checks for one resource `k` of a limit item.
  static void ValidateResource(const std::string& k, const std::string& path, const Values& min,
                               const Values& max, const Values& defaults, const Values& requests,
                               const Values& ratios, Causes& causes) {
    auto get = [&](const Values& v) -> std::optional<int64_t> {
      auto it = v.find(k);
      return it == v.end() ? std::nullopt : QuantityMilli(it->second);
    };
    auto text = [&](const Values& v) { return CanonicalQuantity(v.at(k)); };
    auto at = [&](const char* key) { return Key(Child(path, key), k); };
    const std::optional<int64_t> lo = get(min), hi = get(max), def = get(defaults),
                                 req = get(requests), ratio = get(ratios);
    auto invalid = [&](const char* key, const Values& shown, std::string message) {
      causes.push_back(apimachinery::FieldInvalid(at(key), Json(text(shown)), message));
    };
    if (lo && hi && *lo > *hi) {
      invalid("min", min,
              base::StrCat("min value ", text(min), " is greater than max value ", text(max)));
    }
    if (req && lo && *lo > *req) {
      invalid("defaultRequest", requests,
              base::StrCat("min value ", text(min), " is greater than default request value ",
                           text(requests)));
    }
    if (req && hi && *req > *hi) {
      invalid("defaultRequest", requests,
              base::StrCat("default request value ", text(requests), " is greater than max value ",
                           text(max)));
    }
    if (req && def && *req > *def) {
      invalid("defaultRequest", requests,
              base::StrCat("default request value ", text(requests),
                           " is greater than default limit value ", text(defaults)));
    }
    if (def && lo && *lo > *def) {
      invalid(
          "default", min,
          base::StrCat("min value ", text(min), " is greater than default value ", text(defaults)));
    }
    if (def && hi && *def > *hi) {
      invalid(
          "default", max,
          base::StrCat("default value ", text(defaults), " is greater than max value ", text(max)));
    }
    if (ratio && *ratio < 1000) {
      invalid("maxLimitRequestRatio", ratios,
              base::StrCat("ratio ", text(ratios), " is less than 1"));
    }
    if (ratio && lo && hi && *lo != 0) {
      const double limit = static_cast<double>(*hi) / static_cast<double>(*lo);
      if (static_cast<double>(*ratio) / 1000 > limit) {
        char shown[64];
        std::snprintf(shown, sizeof shown, "%f", limit);
        invalid("maxLimitRequestRatio", ratios,
                base::StrCat("ratio ", text(ratios), " is greater than max/min = ", shown));
      }
    }
    if (!IsOvercommitAllowed(k) && def && req && *def != *req) {
      invalid("defaultRequest", requests,
              base::StrCat("default value ", text(defaults), " must equal to defaultRequest value ",
                           text(requests), " in ", k));
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewLimitRangeStrategy() { return std::make_unique<LimitRangeStrategy>(); }

}  // namespace wisp::strategies
