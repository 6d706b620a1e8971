// v1 LimitRanges: upstream's SetDefaults_LimitRangeItem for Container
// limits (a max is the default limit, a default limit the default request,
// a min the default request).
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"

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
};

}  // namespace

std::unique_ptr<Strategy> NewLimitRangeStrategy() { return std::make_unique<LimitRangeStrategy>(); }

}  // namespace wisp::strategies
