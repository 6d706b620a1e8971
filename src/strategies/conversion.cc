// The table of version conversions and the events.k8s.io/v1 <-> core v1
// Event conversion (upstream pkg/apis/events/v1/conversion.go): the two
// schemas hold the same fields under different names.
#include "wisp/strategies/conversion.h"

#include <utility>

#include "strategies/conversions.h"

namespace wisp::strategies {
namespace {

struct Conversion {
  std::string_view kind;
  std::string_view from;  // apiVersion
  std::string_view to;
  void (*convert)(Json&);
};

constexpr Conversion kConversions[] = {
    {"Event", "events.k8s.io/v1", "v1", EventsV1ToCore},
    {"Event", "v1", "events.k8s.io/v1", CoreToEventsV1},
    {"HorizontalPodAutoscaler", "autoscaling/v1", "autoscaling/v2", HpaV1ToV2},
    {"HorizontalPodAutoscaler", "autoscaling/v2", "autoscaling/v1", HpaV2ToV1},
};

struct Stored {
  std::string_view group;
  std::string_view kind;
  std::string_view storage_version;
};

constexpr Stored kStorageVersions[] = {
    {"", "Event", "v1"},
    {"events.k8s.io", "Event", "v1"},
    {"autoscaling", "HorizontalPodAutoscaler", "autoscaling/v2"},
};

struct FieldLabel {
  std::string_view served;
  std::string_view stored;
};

// events.k8s.io/v1 selectors (upstream AddFieldLabelConversionsForEvent).
constexpr FieldLabel kEventLabels[] = {
    {"regarding.kind", "involvedObject.kind"},
    {"regarding.namespace", "involvedObject.namespace"},
    {"regarding.name", "involvedObject.name"},
    {"regarding.uid", "involvedObject.uid"},
    {"regarding.apiVersion", "involvedObject.apiVersion"},
    {"regarding.resourceVersion", "involvedObject.resourceVersion"},
    {"regarding.fieldPath", "involvedObject.fieldPath"},
    {"reportingController", "reportingComponent"},
};

// Field renames between the two Event schemas: {events.k8s.io/v1, core v1}.
constexpr std::pair<std::string_view, std::string_view> kEventFields[] = {
    {"regarding", "involvedObject"},
    {"note", "message"},
    {"deprecatedSource", "source"},
    {"deprecatedFirstTimestamp", "firstTimestamp"},
    {"deprecatedLastTimestamp", "lastTimestamp"},
    {"deprecatedCount", "count"},
    {"reportingController", "reportingComponent"},
};

void Rename(Json& obj, std::string_view from, std::string_view to) {
  auto it = obj.find(from);
  if (it == obj.end()) return;
  Json value = std::move(*it);
  obj.erase(it);
  obj[std::string(to)] = std::move(value);
}

}  // namespace

void EventsV1ToCore(Json& obj) {
  for (const auto& [events, core] : kEventFields) Rename(obj, events, core);
}

void CoreToEventsV1(Json& obj) {
  for (const auto& [events, core] : kEventFields) Rename(obj, core, events);
  // What core/v1 always writes is omitempty in events.k8s.io/v1.
  for (const char* key :
       {"reportingController", "reportingInstance", "action", "reason", "note", "type"}) {
    auto it = obj.find(key);
    if (it != obj.end() && (it->is_null() || *it == "")) obj.erase(it);
  }
  auto count = obj.find("deprecatedCount");
  if (count != obj.end() && (count->is_null() || *count == 0)) obj.erase(count);
}

std::string_view StorageVersion(const api::ResourceInfo& resource) {
  for (const Stored& s : kStorageVersions) {
    if (s.group == resource.group && s.kind == resource.kind) return s.storage_version;
  }
  return {};
}

void ConvertObject(Json& obj, std::string_view api_version) {
  if (!obj.is_object()) return;
  const std::string from = Str(obj, "apiVersion");
  if (from == api_version) return;
  const std::string kind = Str(obj, "kind");
  for (const Conversion& c : kConversions) {
    if (c.kind == kind && c.from == from && c.to == api_version) {
      c.convert(obj);
      obj["apiVersion"] = std::string(api_version);
      return;
    }
  }
}

std::string_view StorageFieldLabel(const api::ResourceInfo& resource, std::string_view label) {
  if (resource.group == "events.k8s.io" && resource.kind == "Event") {
    for (const FieldLabel& l : kEventLabels) {
      if (l.served == label) return l.stored;
    }
  }
  return label;
}

}  // namespace wisp::strategies
