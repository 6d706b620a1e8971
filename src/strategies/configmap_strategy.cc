// core/v1 ConfigMaps: key syntax, data/binaryData overlap, the 1 MiB limit
// and `immutable: true`.
#include <memory>

#include "strategies/data_keys.h"
#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

class ConfigMapStrategy : public Strategy {
 public:
  ConfigMapStrategy() : Strategy({.namespaced = true}) {}

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    ValidateDataKeys(obj, "data", causes);
    ValidateDataKeys(obj, "binaryData", causes);
    size_t total = 0;
    const Json* binary = ObjectAt(obj, "binaryData");
    if (const Json* data = ObjectAt(obj, "data")) {
      for (auto it = data->begin(); it != data->end(); ++it) {
        if (binary != nullptr && binary->contains(it.key())) {
          causes.push_back(apimachinery::FieldInvalid(Key("data", it.key()), Json(it.key()),
                                                      "duplicate of key present in binaryData"));
        }
        if (it->is_string()) total += it->get_ref<const std::string&>().size();
      }
    }
    if (binary != nullptr) {
      for (auto it = binary->begin(); it != binary->end(); ++it) {
        if (it->is_string()) total += Base64DecodedSize(it->get_ref<const std::string&>());
      }
    }
    if (total > kMaxDataSize) {
      // Upstream names the whole object with field.NewPath(""), which prints "[]".
      causes.push_back(apimachinery::FieldTooLong("[]", Json(""), kMaxDataSize));
    }
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    ValidateImmutableData(obj, old, {"data", "binaryData"}, causes);
  }
};

}  // namespace

std::unique_ptr<Strategy> NewConfigMapStrategy() { return std::make_unique<ConfigMapStrategy>(); }

}  // namespace wisp::strategies
