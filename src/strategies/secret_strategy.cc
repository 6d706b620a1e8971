// core/v1 Secrets: stringData folded into data, type Opaque by default, key
// syntax, the 1 MiB limit, per-type required keys, immutable type and data.
#include <memory>

#include "strategies/data_keys.h"
#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

void RequireKey(const Json& obj, std::string_view key, Causes& causes) {
  const Json* data = ObjectAt(obj, "data");
  if (data == nullptr || !data->contains(key)) {
    causes.push_back(apimachinery::FieldRequired(Key("data", key), ""));
  }
}

class SecretStrategy : public Strategy {
 public:
  SecretStrategy() : Strategy({.namespaced = true}) {}

  void Default(Json& obj) const override {
    if (!obj.is_object()) return;
    SetDefault(obj, "type", "Opaque");
    // stringData is write-only: upstream's conversion merges it into data.
    if (const Json* string_data = ObjectAt(obj, "stringData")) {
      SetDefault(obj, "data", Json::object());
      if (Json* data = ObjectAt(obj, "data")) {
        for (auto it = string_data->begin(); it != string_data->end(); ++it) {
          if (it->is_string()) (*data)[it.key()] = Base64Encode(it->get<std::string>());
        }
      }
    }
    obj.erase("stringData");
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    ValidateDataKeys(obj, "data", causes);
    size_t total = 0;
    if (const Json* data = ObjectAt(obj, "data")) {
      for (auto it = data->begin(); it != data->end(); ++it) {
        if (it->is_string()) total += Base64DecodedSize(it->get_ref<const std::string&>());
      }
    }
    if (total > kMaxDataSize) {
      causes.push_back(apimachinery::FieldTooLong("data", Json(""), kMaxDataSize));
    }
    std::string type = Str(obj, "type");
    if (type == "kubernetes.io/service-account-token") {
      const Json* name =
          FindPath(obj, {"metadata", "annotations", "kubernetes.io/service-account.name"});
      if (name == nullptr || *name == "") {
        causes.push_back(apimachinery::FieldRequired(
            "metadata.annotations[kubernetes.io/service-account.name]", ""));
      }
    } else if (type == "kubernetes.io/dockerconfigjson") {
      RequireKey(obj, ".dockerconfigjson", causes);
    } else if (type == "kubernetes.io/dockercfg") {
      RequireKey(obj, ".dockercfg", causes);
    } else if (type == "kubernetes.io/tls") {
      RequireKey(obj, "tls.crt", causes);
      RequireKey(obj, "tls.key", causes);
    } else if (type == "kubernetes.io/ssh-auth") {
      RequireKey(obj, "ssh-privatekey", causes);
    }
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    Json type = ValueOr(obj, "type");
    if (type != ValueOr(old, "type")) {
      causes.push_back(apimachinery::FieldInvalid("type", type, "field is immutable"));
    }
    ValidateImmutableData(obj, old, {"data"}, causes);
  }
};

}  // namespace

std::unique_ptr<Strategy> NewSecretStrategy() { return std::make_unique<SecretStrategy>(); }

}  // namespace wisp::strategies
