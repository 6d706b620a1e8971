// The generic strategy: ObjectMeta validation, status/spec separation and
// generation tracking from the kind's traits. Per-kind strategies extend it.
#include "wisp/strategies/strategy.h"

#include "strategies/json_util.h"
#include "strategies/names.h"

namespace wisp::strategies {

void Strategy::Default(Json& obj) const {}

void Strategy::PrepareForCreate(Json& obj) const {
  if (!obj.is_object()) return;
  if (traits_.has_status) {
    obj.erase("status");
    if (traits_.initial_status != nullptr) obj["status"] = Json::parse(traits_.initial_status);
  }
  if (traits_.has_generation) {
    if (Json* meta = ObjectAt(obj, "metadata")) (*meta)["generation"] = 1;
  }
}

bool Strategy::SpecChanged(const Json& obj, const Json& old) const {
  auto strip = [this](const Json& o) {
    Json copy = o.is_object() ? o : Json::object();
    copy.erase("apiVersion");
    copy.erase("kind");
    copy.erase("metadata");
    if (traits_.has_status) copy.erase("status");
    return copy;
  };
  return strip(obj) != strip(old);
}

void Strategy::PrepareForUpdate(Json& obj, const Json& old) const {
  if (!obj.is_object()) return;
  if (traits_.has_status) {
    if (const Json* status = Find(old, "status")) {
      obj["status"] = *status;
    } else {
      obj.erase("status");
    }
  }
  if (traits_.has_generation) {
    Json* meta = ObjectAt(obj, "metadata");
    const Json* old_meta = ObjectAt(old, "metadata");
    if (meta != nullptr) {
      int64_t generation = old_meta != nullptr ? Int(*old_meta, "generation").value_or(0) : 0;
      if (generation < 1) generation = 1;  // objects stored before tracking began
      if (SpecChanged(obj, old)) ++generation;
      (*meta)["generation"] = generation;
    }
  }
}

void Strategy::PrepareForStatusUpdate(Json& obj, const Json& old) const {
  if (!obj.is_object() || !old.is_object()) return;
  Json status = ValueOr(obj, "status");
  Json meta = ValueOr(obj, "metadata", Json::object());
  Json next = old;
  // Optimistic concurrency and field ownership follow the request.
  if (Json* next_meta = ObjectAt(next, "metadata")) {
    for (const char* key : {"resourceVersion", "managedFields"}) {
      if (const Json* v = Find(meta, key)) {
        (*next_meta)[key] = *v;
      } else {
        next_meta->erase(key);
      }
    }
  }
  if (status.is_null()) {
    next.erase("status");
  } else {
    next["status"] = std::move(status);
  }
  obj = std::move(next);
}

std::vector<apimachinery::Cause> Strategy::ValidateCreate(const Json& obj) const {
  Causes causes = ValidateMeta(obj, traits_);
  ValidateKind(obj, causes);
  return causes;
}

std::vector<apimachinery::Cause> Strategy::ValidateUpdate(const Json& obj, const Json& old) const {
  // Names are immutable, so upstream re-checks only what may change (labels,
  // annotations, finalizers) along with the immutable fields.
  static const Json kEmpty = Json::object();
  const Json* meta = ObjectAt(obj, "metadata");
  const Json* old_meta = ObjectAt(old, "metadata");
  Causes causes = apimachinery::ValidateObjectMetaUpdate(meta != nullptr ? *meta : kEmpty,
                                                         old_meta != nullptr ? *old_meta : kEmpty);
  ValidateKind(obj, causes);
  ValidateKindUpdate(obj, old, causes);
  return causes;
}

std::vector<std::string> Strategy::Warnings(const Json& obj, const Json* old) const { return {}; }

int64_t Strategy::GracePeriodSeconds(const Json& obj, std::optional<int64_t> requested) const {
  return 0;
}

}  // namespace wisp::strategies
