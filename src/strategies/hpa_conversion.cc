// autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler conversion
// (upstream pkg/apis/autoscaling/v1/conversion.go). v1 expresses only a CPU
// utilization target; every other metric, the current metrics, the
// conditions and the behavior travel in annotations, in the autoscaling/v1
// MetricSpec/MetricStatus shapes (the older, flat "targetAverageValue"
// form; the behavior as upstream's untagged internal struct, with Go field
// names), so a v2 object read and written back through v1 keeps them.
#include "strategies/conversions.h"

namespace wisp::strategies {
namespace {

constexpr char kMetricsAnnotation[] = "autoscaling.alpha.kubernetes.io/metrics";
constexpr char kCurrentMetricsAnnotation[] = "autoscaling.alpha.kubernetes.io/current-metrics";
constexpr char kConditionsAnnotation[] = "autoscaling.alpha.kubernetes.io/conditions";
constexpr char kBehaviorAnnotation[] = "autoscaling.alpha.kubernetes.io/behavior";

// Copies src[from] to dst[to] when present.
void Copy(const Json& src, std::string_view from, Json& dst, std::string_view to) {
  if (const Json* v = Find(src, from)) dst[std::string(to)] = *v;
}

// As Copy, but a missing value is `fallback` (v1 quantities that are not
// pointers are always present, "0" when unset).
void CopyOr(const Json& src, std::string_view from, Json& dst, std::string_view to,
            const char* fallback) {
  const Json* v = Find(src, from);
  dst[std::string(to)] = v ? *v : Json(fallback);
}

Json Section(const Json& metric, std::string_view key) {
  const Json* s = ObjectAt(metric, key);
  return s ? *s : Json::object();
}

// v1 MetricSpec -> v2 MetricSpec.
Json MetricSpecToV2(const Json& in) {
  Json out = Json::object();
  Copy(in, "type", out, "type");
  if (const Json* o = ObjectAt(in, "object")) {
    Json m = Json::object(), metric = Json::object();
    Copy(*o, "target", m, "describedObject");
    Copy(*o, "metricName", metric, "name");
    Copy(*o, "selector", metric, "selector");
    m["metric"] = metric;
    Json target = {{"type", Find(*o, "averageValue") ? "AverageValue" : "Value"}};
    Copy(*o, "targetValue", target, "value");
    Copy(*o, "averageValue", target, "averageValue");
    m["target"] = target;
    out["object"] = m;
  }
  if (const Json* p = ObjectAt(in, "pods")) {
    Json metric = Json::object();
    Copy(*p, "metricName", metric, "name");
    Copy(*p, "selector", metric, "selector");
    Json target = {{"type", "AverageValue"}};
    Copy(*p, "targetAverageValue", target, "averageValue");
    out["pods"] = {{"metric", metric}, {"target", target}};
  }
  for (const char* key : {"resource", "containerResource"}) {
    const Json* r = ObjectAt(in, key);
    if (!r) continue;
    Json m = Json::object();
    Copy(*r, "name", m, "name");
    Copy(*r, "container", m, "container");
    Json target = {{"type", Find(*r, "targetAverageUtilization") ? "Utilization" : "AverageValue"}};
    Copy(*r, "targetAverageUtilization", target, "averageUtilization");
    Copy(*r, "targetAverageValue", target, "averageValue");
    m["target"] = target;
    out[key] = m;
  }
  if (const Json* e = ObjectAt(in, "external")) {
    Json metric = Json::object();
    Copy(*e, "metricName", metric, "name");
    Copy(*e, "metricSelector", metric, "selector");
    Json target = {{"type", Find(*e, "targetValue") ? "Value" : "AverageValue"}};
    Copy(*e, "targetValue", target, "value");
    Copy(*e, "targetAverageValue", target, "averageValue");
    out["external"] = {{"metric", metric}, {"target", target}};
  }
  return out;
}

// v2 MetricSpec -> v1 MetricSpec.
Json MetricSpecToV1(const Json& in) {
  Json out = Json::object();
  Copy(in, "type", out, "type");
  if (const Json* o = ObjectAt(in, "object")) {
    Json m = Json::object();
    const Json metric = Section(*o, "metric"), target = Section(*o, "target");
    Copy(*o, "describedObject", m, "target");
    Copy(metric, "name", m, "metricName");
    Copy(metric, "selector", m, "selector");
    CopyOr(target, "value", m, "targetValue", "0");
    Copy(target, "averageValue", m, "averageValue");
    out["object"] = m;
  }
  if (const Json* p = ObjectAt(in, "pods")) {
    Json m = Json::object();
    const Json metric = Section(*p, "metric"), target = Section(*p, "target");
    Copy(metric, "name", m, "metricName");
    Copy(metric, "selector", m, "selector");
    CopyOr(target, "averageValue", m, "targetAverageValue", "0");
    out["pods"] = m;
  }
  for (const char* key : {"resource", "containerResource"}) {
    const Json* r = ObjectAt(in, key);
    if (!r) continue;
    Json m = Json::object();
    const Json target = Section(*r, "target");
    Copy(*r, "name", m, "name");
    Copy(*r, "container", m, "container");
    Copy(target, "averageUtilization", m, "targetAverageUtilization");
    Copy(target, "averageValue", m, "targetAverageValue");
    out[key] = m;
  }
  if (const Json* e = ObjectAt(in, "external")) {
    Json m = Json::object();
    const Json metric = Section(*e, "metric"), target = Section(*e, "target");
    Copy(metric, "name", m, "metricName");
    Copy(metric, "selector", m, "metricSelector");
    Copy(target, "value", m, "targetValue");
    Copy(target, "averageValue", m, "targetAverageValue");
    out["external"] = m;
  }
  return out;
}

// v1 MetricStatus -> v2 MetricStatus.
Json MetricStatusToV2(const Json& in) {
  Json out = Json::object();
  Copy(in, "type", out, "type");
  if (const Json* o = ObjectAt(in, "object")) {
    Json m = Json::object(), metric = Json::object(), current = Json::object();
    Copy(*o, "target", m, "describedObject");
    Copy(*o, "metricName", metric, "name");
    Copy(*o, "selector", metric, "selector");
    Copy(*o, "currentValue", current, "value");
    Copy(*o, "averageValue", current, "averageValue");
    m["metric"] = metric;
    m["current"] = current;
    out["object"] = m;
  }
  if (const Json* p = ObjectAt(in, "pods")) {
    Json metric = Json::object(), current = Json::object();
    Copy(*p, "metricName", metric, "name");
    Copy(*p, "selector", metric, "selector");
    Copy(*p, "currentAverageValue", current, "averageValue");
    out["pods"] = {{"metric", metric}, {"current", current}};
  }
  for (const char* key : {"resource", "containerResource"}) {
    const Json* r = ObjectAt(in, key);
    if (!r) continue;
    Json m = Json::object(), current = Json::object();
    Copy(*r, "name", m, "name");
    Copy(*r, "container", m, "container");
    Copy(*r, "currentAverageUtilization", current, "averageUtilization");
    Copy(*r, "currentAverageValue", current, "averageValue");
    m["current"] = current;
    out[key] = m;
  }
  if (const Json* e = ObjectAt(in, "external")) {
    Json metric = Json::object(), current = Json::object();
    Copy(*e, "metricName", metric, "name");
    Copy(*e, "metricSelector", metric, "selector");
    Copy(*e, "currentValue", current, "value");
    Copy(*e, "currentAverageValue", current, "averageValue");
    out["external"] = {{"metric", metric}, {"current", current}};
  }
  return out;
}

// v2 MetricStatus -> v1 MetricStatus.
Json MetricStatusToV1(const Json& in) {
  Json out = Json::object();
  Copy(in, "type", out, "type");
  if (const Json* o = ObjectAt(in, "object")) {
    Json m = Json::object();
    const Json metric = Section(*o, "metric"), current = Section(*o, "current");
    Copy(*o, "describedObject", m, "target");
    Copy(metric, "name", m, "metricName");
    Copy(metric, "selector", m, "selector");
    CopyOr(current, "value", m, "currentValue", "0");
    Copy(current, "averageValue", m, "averageValue");
    out["object"] = m;
  }
  if (const Json* p = ObjectAt(in, "pods")) {
    Json m = Json::object();
    const Json metric = Section(*p, "metric"), current = Section(*p, "current");
    Copy(metric, "name", m, "metricName");
    Copy(metric, "selector", m, "selector");
    CopyOr(current, "averageValue", m, "currentAverageValue", "0");
    out["pods"] = m;
  }
  for (const char* key : {"resource", "containerResource"}) {
    const Json* r = ObjectAt(in, key);
    if (!r) continue;
    Json m = Json::object();
    const Json current = Section(*r, "current");
    Copy(*r, "name", m, "name");
    Copy(*r, "container", m, "container");
    Copy(current, "averageUtilization", m, "currentAverageUtilization");
    CopyOr(current, "averageValue", m, "currentAverageValue", "0");
    out[key] = m;
  }
  if (const Json* e = ObjectAt(in, "external")) {
    Json m = Json::object();
    const Json metric = Section(*e, "metric"), current = Section(*e, "current");
    Copy(metric, "name", m, "metricName");
    Copy(metric, "selector", m, "metricSelector");
    CopyOr(current, "value", m, "currentValue", "0");
    Copy(current, "averageValue", m, "currentAverageValue");
    out["external"] = m;
  }
  return out;
}

// The CPU utilization of a Resource metric on "cpu" (`field` is "target"
// or "current"), or nullptr.
const Json* CpuUtilization(const Json& metric, std::string_view field) {
  if (Str(metric, "type") != "Resource") return nullptr;
  const Json* r = ObjectAt(metric, "resource");
  if (!r || Str(*r, "name") != "cpu") return nullptr;
  const Json* v = ObjectAt(*r, field);
  return v ? Find(*v, "averageUtilization") : nullptr;
}

// Takes annotation `key` off `obj` and parses it; null when absent or not
// JSON (upstream ignores a malformed annotation).
Json TakeAnnotation(Json& obj, const char* key) {
  Json* meta = ObjectAt(obj, "metadata");
  Json* annotations = meta ? ObjectAt(*meta, "annotations") : nullptr;
  if (!annotations) return nullptr;
  auto it = annotations->find(key);
  if (it == annotations->end()) return nullptr;
  Json parsed = it->is_string() ? Json::parse(it->get<std::string>(), nullptr, false) : Json();
  annotations->erase(it);
  if (annotations->empty()) meta->erase("annotations");
  return parsed.is_discarded() ? Json() : parsed;
}

void PutAnnotation(Json& obj, const char* key, const Json& value) {
  if (!obj["metadata"].is_object()) obj["metadata"] = Json::object();
  Json& annotations = obj["metadata"]["annotations"];
  if (!annotations.is_object()) annotations = Json::object();
  annotations[key] = value.dump();
}

Json ArrayOrEmpty(const Json& section, std::string_view key) {
  const Json* a = ArrayAt(section, key);
  return a ? *a : Json::array();
}

// Upstream marshals the internal behavior type, which has no JSON tags: keys
// are the Go field names and unset fields are null.
Json BehaviorToAnnotation(const Json& behavior) {
  Json out = Json::object();
  for (const auto& [field, go] : {std::pair{"scaleUp", "ScaleUp"}, {"scaleDown", "ScaleDown"}}) {
    const Json* rules = ObjectAt(behavior, field);
    if (!rules) {
      out[go] = nullptr;
      continue;
    }
    Json policies = nullptr;
    if (const Json* list = ArrayAt(*rules, "policies")) {
      policies = Json::array();
      for (const Json& p : *list) {
        policies.push_back({{"Type", ValueOr(p, "type")},
                            {"Value", ValueOr(p, "value")},
                            {"PeriodSeconds", ValueOr(p, "periodSeconds")}});
      }
    }
    out[go] = {{"StabilizationWindowSeconds", ValueOr(*rules, "stabilizationWindowSeconds")},
               {"SelectPolicy", ValueOr(*rules, "selectPolicy")},
               {"Policies", std::move(policies)}};
  }
  return out;
}

// The reverse; Go matches JSON keys case-insensitively, so any case reads.
Json BehaviorFromAnnotation(const Json& in) {
  if (in.is_array()) {
    Json out = Json::array();
    for (const Json& v : in) out.push_back(BehaviorFromAnnotation(v));
    return out;
  }
  if (!in.is_object()) return in;
  Json out = Json::object();
  for (const auto& [key, value] : in.items()) {
    if (value.is_null() || key.empty()) continue;
    std::string name = key;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view known : {"scaleUp", "scaleDown", "stabilizationWindowSeconds",
                                   "selectPolicy", "policies", "type", "value", "periodSeconds"}) {
      std::string lower(known);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == name) name = known;
    }
    out[name] = BehaviorFromAnnotation(value);
  }
  return out;
}

}  // namespace

// internal(v2) -> v1 (upstream Convert_autoscaling_HorizontalPodAutoscaler_To_v1_...).
void HpaV2ToV1(Json& obj) {
  for (const char* key : {kMetricsAnnotation, kCurrentMetricsAnnotation, kConditionsAnnotation,
                          kBehaviorAnnotation}) {
    TakeAnnotation(obj, key);  // only what this conversion writes is sent
  }
  if (Json* spec = ObjectAt(obj, "spec")) {
    Json others = Json::array();
    for (const Json& m : ArrayOrEmpty(*spec, "metrics")) {
      const Json* cpu = CpuUtilization(m, "target");
      if (!cpu) {
        others.push_back(MetricSpecToV1(m));
      } else if (!spec->contains("targetCPUUtilizationPercentage")) {
        (*spec)["targetCPUUtilizationPercentage"] = *cpu;
      }
    }
    spec->erase("metrics");
    if (!others.empty()) PutAnnotation(obj, kMetricsAnnotation, others);
    if (const Json* behavior = ObjectAt(*spec, "behavior")) {
      PutAnnotation(obj, kBehaviorAnnotation, BehaviorToAnnotation(*behavior));
    }
    spec->erase("behavior");
  }
  if (Json* status = ObjectAt(obj, "status")) {
    // Both counts are encoded even when zero in v1 (no omitempty).
    SetDefault(*status, "currentReplicas", 0);
    SetDefault(*status, "desiredReplicas", 0);
    Json current = Json::array();
    for (const Json& m : ArrayOrEmpty(*status, "currentMetrics")) {
      if (const Json* cpu = CpuUtilization(m, "current")) {
        (*status)["currentCPUUtilizationPercentage"] = *cpu;  // the last one wins
      }
      current.push_back(MetricStatusToV1(m));
    }
    status->erase("currentMetrics");
    if (!current.empty()) PutAnnotation(obj, kCurrentMetricsAnnotation, current);
    if (const Json* conditions = ArrayAt(*status, "conditions");
        conditions && !conditions->empty()) {
      PutAnnotation(obj, kConditionsAnnotation, *conditions);
    }
    status->erase("conditions");
  }
}

// v1 -> internal(v2) (upstream Convert_v1_HorizontalPodAutoscaler_To_autoscaling_...).
void HpaV1ToV2(Json& obj) {
  Json metrics_annotation = TakeAnnotation(obj, kMetricsAnnotation);
  Json current_annotation = TakeAnnotation(obj, kCurrentMetricsAnnotation);
  Json conditions = TakeAnnotation(obj, kConditionsAnnotation);
  Json behavior = TakeAnnotation(obj, kBehaviorAnnotation);
  if (Json* spec = ObjectAt(obj, "spec")) {
    Json metrics = Json::array();
    if (metrics_annotation.is_array()) {
      for (const Json& m : metrics_annotation) metrics.push_back(MetricSpecToV2(m));
    }
    // The CPU target comes last; without any metric, v1's implicit 80%.
    const Json cpu = ValueOr(*spec, "targetCPUUtilizationPercentage", 80);
    if (metrics.empty() || spec->contains("targetCPUUtilizationPercentage")) {
      metrics.push_back({{"type", "Resource"},
                         {"resource",
                          {{"name", "cpu"},
                           {"target", {{"type", "Utilization"}, {"averageUtilization", cpu}}}}}});
    }
    spec->erase("targetCPUUtilizationPercentage");
    (*spec)["metrics"] = std::move(metrics);
    if (behavior.is_object() && !behavior.empty()) {
      (*spec)["behavior"] = BehaviorFromAnnotation(behavior);
    }
  }
  const Json* had = ObjectAt(obj, "status");
  Json status = had ? *had : Json::object();
  Json current = Json::array();
  if (current_annotation.is_array()) {
    // The annotation has more than the CPU figure; it wins.
    for (const Json& m : current_annotation) current.push_back(MetricStatusToV2(m));
  } else if (const Json* cpu = Find(status, "currentCPUUtilizationPercentage")) {
    current.push_back(
        {{"type", "Resource"},
         {"resource", {{"name", "cpu"}, {"current", {{"averageUtilization", *cpu}}}}}});
  }
  status.erase("currentCPUUtilizationPercentage");
  if (!current.empty()) status["currentMetrics"] = std::move(current);
  if (conditions.is_array()) status["conditions"] = std::move(conditions);
  if (had || !status.empty()) obj["status"] = std::move(status);
}

}  // namespace wisp::strategies
