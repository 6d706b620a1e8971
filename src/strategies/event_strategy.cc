// Events, core v1 and events.k8s.io/v1 (upstream
// pkg/apis/core/validation/events.go). Both versions are checked in core
// field names (upstream validates the internal object; messages name
// "message", not "note"). Every request gets the legacy checks; an
// events.k8s.io/v1 request also gets the strict ones: a new-style event
// needs eventTime and Normal/Warning, must leave the deprecated fields unset,
// and only its series may change afterwards.
#include <memory>

#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"
#include "wisp/strategies/conversion.h"

namespace wisp::strategies {
namespace {

namespace am = apimachinery;

constexpr size_t kLengthLimit = 128;  // reportingInstance, action, reason
constexpr size_t kNoteLengthLimit = 1024;

bool IsCoreRequest(const Json& obj) { return Str(obj, "apiVersion") != "events.k8s.io/v1"; }

Json AsCore(const Json& obj) {
  Json core = obj;
  ConvertObject(core, "v1");
  return core;
}

void Limit(const Json& e, std::string_view field, size_t limit, bool required, Causes& causes) {
  const std::string value = Str(e, field);
  if (required && value.empty()) causes.push_back(am::FieldRequired(field, ""));
  if (value.size() > limit) {
    causes.push_back(
        am::FieldInvalid(field, "", base::StrCat("can have at most ", limit, " characters")));
  }
}

// legacyValidateEvent: what every version checks.
void ValidateLegacy(const Json& e, bool core_request, Causes& causes) {
  const std::string ns = Str(ValueOr(e, "metadata", Json::object()), "namespace");
  const std::string involved_ns = Str(ValueOr(e, "involvedObject", Json::object()), "namespace");
  auto mismatch = [&] {
    causes.push_back(am::FieldInvalid("involvedObject.namespace", involved_ns,
                                      "does not match event.namespace"));
  };
  if (Str(e, "eventTime").empty()) {
    if (involved_ns.empty() ? (!ns.empty() && ns != "default") : involved_ns != ns) mismatch();
    return;
  }
  if (involved_ns.empty() && ns != "default" && ns != "kube-system") mismatch();
  const std::string controller_path = core_request ? "reportingComponent" : "reportingController";
  const std::string controller = Str(e, "reportingComponent");
  if (controller.empty()) causes.push_back(am::FieldRequired(controller_path, ""));
  AddInvalid(causes, controller_path, controller, am::IsQualifiedName(controller));
  Limit(e, "reportingInstance", kLengthLimit, true, causes);
  Limit(e, "action", kLengthLimit, true, causes);
  Limit(e, "reason", kLengthLimit, true, causes);
  Limit(e, "message", kNoteLengthLimit, false, causes);
}

bool SourceSet(const Json& e) {
  const Json source = ValueOr(e, "source", Json::object());
  return !Str(source, "component").empty() || !Str(source, "host").empty();
}

void ValidateSeries(const Json& e, Causes& causes) {
  const Json* series = ObjectAt(e, "series");
  if (!series) return;
  if (Int(*series, "count").value_or(0) < 2) {
    causes.push_back(am::FieldInvalid("series.count", "", "should be at least 2"));
  }
  if (Str(*series, "lastObservedTime").empty()) {
    causes.push_back(am::FieldRequired("series.lastObservedTime", ""));
  }
}

// validateV1EventSeries and the rest of ValidateEventCreate's strict part.
void ValidateStrictCreate(const Json& e, Causes& causes) {
  ValidateSeries(e, causes);
  if (Str(e, "eventTime").empty()) causes.push_back(am::FieldRequired("eventTime", ""));
  const std::string type = Str(e, "type");
  if (type != "Normal" && type != "Warning") {
    causes.push_back(am::FieldInvalid("type", "", base::StrCat("has invalid value: ", type)));
  }
  for (const char* field : {"firstTimestamp", "lastTimestamp"}) {
    if (!Str(e, field).empty()) causes.push_back(am::FieldInvalid(field, "", "needs to be unset"));
  }
  if (Int(e, "count").value_or(0) != 0) {
    causes.push_back(am::FieldInvalid("count", "", "needs to be unset"));
  }
  if (SourceSet(e)) causes.push_back(am::FieldInvalid("source", "", "needs to be unset"));
}

// A MicroTime to microsecond precision ("...05.1234567Z" == "...05.123456Z").
std::string Micro(std::string t) {
  size_t dot = t.find('.');
  if (dot == std::string::npos || t.empty() || t.back() != 'Z') return t;
  std::string frac = t.substr(dot + 1, t.size() - dot - 2);
  frac.resize(6, '0');
  return base::StrCat(t.substr(0, dot), ".", frac, "Z");
}

class EventStrategy : public Strategy {
 public:
  // Core v1 events keep their legacy names (any path segment); only
  // events.k8s.io/v1 creates need a DNS subdomain (ValidateEventCreate).
  EventStrategy() : Strategy({.namespaced = true, .name_rule = NameRule::kPathSegment}) {}

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    const Json e = AsCore(obj);
    ValidateLegacy(e, IsCoreRequest(obj), causes);
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    if (IsCoreRequest(obj)) return;
    const Json e = AsCore(obj), prev = AsCore(old);
    if (ValueOr(e, "series") != ValueOr(prev, "series")) ValidateSeries(e, causes);
    // ValidateEventUpdate's order, reason checked twice as upstream does.
    auto immutable = [&](const char* field, const char* path) {
      if (ValueOr(e, field) != ValueOr(prev, field)) {
        causes.push_back(am::FieldInvalid(path, ValueOr(e, field), "field is immutable"));
      }
    };
    for (const char* field : {"involvedObject", "reason", "message", "source", "firstTimestamp",
                              "lastTimestamp", "count", "reason", "type"}) {
      immutable(field, field);
    }
    if (Micro(Str(e, "eventTime")) != Micro(Str(prev, "eventTime"))) {
      causes.push_back(
          am::FieldInvalid("eventTime", ValueOr(e, "eventTime"), "field is immutable"));
    }
    immutable("action", "action");
    immutable("related", "related");
    immutable("reportingComponent", "reportingController");
    immutable("reportingInstance", "reportingInstance");
  }

 public:
  std::vector<am::Cause> ValidateCreate(const Json& obj) const override {
    Causes causes = Strategy::ValidateCreate(obj);
    if (IsCoreRequest(obj)) return causes;
    const std::string name = Str(ValueOr(obj, "metadata", Json::object()), "name");
    if (!name.empty())
      AddInvalid(causes, "metadata.name", Json(name), am::IsDns1123Subdomain(name));
    ValidateStrictCreate(AsCore(obj), causes);
    return causes;
  }
};

}  // namespace

std::unique_ptr<Strategy> NewEventStrategy() { return std::make_unique<EventStrategy>(); }

}  // namespace wisp::strategies
