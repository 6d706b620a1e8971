// Table printers for pods and workload controllers (upstream printPod,
// printDeployment, printReplicaSet, printStatefulSet, printDaemonSet,
// printJob, printCronJob, printReplicationController,
// printHorizontalPodAutoscaler).
#include <set>

#include "apimachinery/table_printers.h"
#include "wisp/apimachinery/human_duration.h"
#include "wisp/apimachinery/quantity.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery::internal {

using base::StrCat;

namespace {

constexpr char kContainersDesc[] = "Names of each container in the template.";
constexpr char kImagesDesc[] = "Images referenced by each container in the template.";
constexpr char kSelectorDesc[] = "Label query over pods the controller manages.";

bool IsRestartable(const nlohmann::json& init_containers, const std::string& name) {
  if (!init_containers.is_array()) return false;
  for (const auto& c : init_containers) {
    if (Str(c, {"name"}) == name) return Str(c, {"restartPolicy"}) == "Always";
  }
  return false;
}

bool HasCondition(const nlohmann::json& conditions, const char* type, const char* status) {
  if (!conditions.is_array()) return false;
  for (const auto& c : conditions) {
    if (Str(c, {"type"}) == type && Str(c, {"status"}) == status) return true;
  }
  return false;
}

// Keeps the latest lastState.terminated.finishedAt seen.
void TrackRestart(const nlohmann::json& status, int64_t* latest) {
  int64_t t;
  if (ParseTime(Str(status, {"lastState", "terminated", "finishedAt"}), &t) && t > *latest) {
    *latest = t;
  }
}

std::string TerminatedReason(const nlohmann::json& term, const char* prefix) {
  std::string reason = Str(term, {"reason"});
  if (!reason.empty()) return StrCat(prefix, reason);
  int64_t signal = Int(term, {"signal"});
  if (signal != 0) return StrCat(prefix, "Signal:", signal);
  return StrCat(prefix, "ExitCode:", Int(term, {"exitCode"}));
}

Row PodRow(const nlohmann::json& pod, int64_t now) {
  Row row;
  const auto& spec = At(pod, {"spec"});
  const auto& status = At(pod, {"status"});
  const auto& init_specs = At(spec, {"initContainers"});
  const auto& conditions = At(status, {"conditions"});
  int64_t restarts = 0, restartable_restarts = 0;
  int64_t total = At(spec, {"containers"}).is_array() ? At(spec, {"containers"}).size() : 0;
  int64_t ready = 0;
  int64_t last_restart = 0, last_restartable_restart = 0;
  std::string phase = Str(status, {"phase"});
  std::string reason = phase;
  if (!Str(status, {"reason"}).empty()) reason = Str(status, {"reason"});
  if (conditions.is_array()) {
    for (const auto& c : conditions) {
      if (Str(c, {"type"}) == "PodScheduled" && Str(c, {"reason"}) == "SchedulingGated") {
        reason = "SchedulingGated";
      }
    }
  }
  if (phase == "Succeeded") {
    row.conditions = {{{"type", "Completed"},
                       {"status", "True"},
                       {"reason", "Succeeded"},
                       {"message", "The pod has completed successfully."}}};
  } else if (phase == "Failed") {
    row.conditions = {{{"type", "Completed"},
                       {"status", "True"},
                       {"reason", "Failed"},
                       {"message", "The pod failed."}}};
  }
  int64_t init_count = init_specs.is_array() ? init_specs.size() : 0;
  if (init_specs.is_array()) {
    for (const auto& c : init_specs) {
      if (Str(c, {"restartPolicy"}) == "Always") ++total;
    }
  }
  bool initializing = false;
  const auto& init_statuses = At(status, {"initContainerStatuses"});
  if (init_statuses.is_array()) {
    for (size_t i = 0; i < init_statuses.size(); ++i) {
      const auto& c = init_statuses[i];
      restarts += Int(c, {"restartCount"});
      TrackRestart(c, &last_restart);
      bool restartable = IsRestartable(init_specs, Str(c, {"name"}));
      if (restartable) {
        restartable_restarts += Int(c, {"restartCount"});
        TrackRestart(c, &last_restartable_restart);
      }
      const auto& terminated = At(c, {"state", "terminated"});
      const auto& started = At(c, {"started"});
      std::string waiting = Str(c, {"state", "waiting", "reason"});
      if (terminated.is_object() && Int(terminated, {"exitCode"}) == 0) continue;
      if (restartable && started.is_boolean() && started.get<bool>()) {
        if (At(c, {"ready"}) == true) ++ready;
        continue;
      }
      if (terminated.is_object()) {
        reason = TerminatedReason(terminated, "Init:");
      } else if (!waiting.empty() && waiting != "PodInitializing") {
        reason = StrCat("Init:", waiting);
      } else {
        reason = StrCat("Init:", i, "/", init_count);
      }
      initializing = true;
      break;
    }
  }
  if (!initializing || HasCondition(conditions, "Initialized", "True")) {
    restarts = restartable_restarts;
    last_restart = last_restartable_restart;
    bool has_running = false;
    const auto& statuses = At(status, {"containerStatuses"});
    if (statuses.is_array()) {
      for (size_t k = statuses.size(); k-- > 0;) {
        const auto& c = statuses[k];
        restarts += Int(c, {"restartCount"});
        TrackRestart(c, &last_restart);
        const auto& terminated = At(c, {"state", "terminated"});
        std::string waiting = Str(c, {"state", "waiting", "reason"});
        if (!waiting.empty()) {
          reason = waiting;
        } else if (terminated.is_object()) {
          reason = TerminatedReason(terminated, "");
        } else if (At(c, {"ready"}) == true && At(c, {"state", "running"}).is_object()) {
          has_running = true;
          ++ready;
        }
      }
    }
    if (reason == "Completed" && has_running) {
      reason = HasCondition(conditions, "Ready", "True") ? "Running" : "NotReady";
    }
  }
  bool deleting = !At(pod, {"metadata", "deletionTimestamp"}).is_null();
  if (deleting && Str(status, {"reason"}) == "NodeLost") {
    reason = "Unknown";
  } else if (deleting && phase != "Succeeded" && phase != "Failed") {
    reason = "Terminating";
  }
  std::string restarts_str = StrCat(restarts);
  if (restarts != 0 && last_restart != 0) {
    restarts_str =
        StrCat(restarts, " (", HumanDuration(std::chrono::seconds(now - last_restart)), " ago)");
  }
  std::string ip;
  const auto& ips = At(status, {"podIPs"});
  if (ips.is_array() && !ips.empty()) ip = Str(ips[0], {"ip"});
  std::string gates = "<none>";
  const auto& gate_specs = At(spec, {"readinessGates"});
  if (gate_specs.is_array() && !gate_specs.empty()) {
    int true_conditions = 0;
    for (const auto& g : gate_specs) {
      if (!conditions.is_array()) break;
      for (const auto& c : conditions) {
        if (Str(c, {"type"}) == Str(g, {"conditionType"})) {
          if (Str(c, {"status"}) == "True") ++true_conditions;
          break;
        }
      }
    }
    gates = StrCat(true_conditions, "/", gate_specs.size());
  }
  row.cells = {Str(pod, {"metadata", "name"}),
               StrCat(ready, "/", total),
               reason,
               restarts_str,
               Age(Str(pod, {"metadata", "creationTimestamp"}), now),
               OrNone(ip),
               OrNone(Str(spec, {"nodeName"})),
               OrNone(Str(status, {"nominatedNodeName"})),
               gates};
  return row;
}

const nlohmann::json& TemplateSpec(const nlohmann::json& obj) {
  return At(obj, {"spec", "template", "spec"});
}
int64_t Replicas(const nlohmann::json& obj) {
  const auto& r = At(obj, {"spec", "replicas"});
  return r.is_number() ? r.get<int64_t>() : 0;
}

Row DeploymentRow(const nlohmann::json& d, int64_t now) {
  Row row;
  row.cells = {Name(d),
               StrCat(Int(d, {"status", "readyReplicas"}), "/", Replicas(d)),
               Int(d, {"status", "updatedReplicas"}),
               Int(d, {"status", "availableReplicas"}),
               Created(d, now),
               ContainerNames(TemplateSpec(d)),
               ContainerImages(TemplateSpec(d)),
               FormatLabelSelector(At(d, {"spec", "selector"}))};
  return row;
}

Row ReplicaSetRow(const nlohmann::json& rs, int64_t now) {
  Row row;
  row.cells = {Name(rs),
               Replicas(rs),
               Int(rs, {"status", "replicas"}),
               Int(rs, {"status", "readyReplicas"}),
               Created(rs, now),
               ContainerNames(TemplateSpec(rs)),
               ContainerImages(TemplateSpec(rs)),
               FormatLabelSelector(At(rs, {"spec", "selector"}))};
  return row;
}

Row ReplicationControllerRow(const nlohmann::json& rc, int64_t now) {
  Row row;
  row.cells = {Name(rc),
               Replicas(rc),
               Int(rc, {"status", "replicas"}),
               Int(rc, {"status", "readyReplicas"}),
               Created(rc, now),
               ContainerNames(TemplateSpec(rc)),
               ContainerImages(TemplateSpec(rc)),
               FormatLabels(At(rc, {"spec", "selector"}))};
  return row;
}

Row StatefulSetRow(const nlohmann::json& ss, int64_t now) {
  Row row;
  row.cells = {Name(ss), StrCat(Int(ss, {"status", "readyReplicas"}), "/", Replicas(ss)),
               Created(ss, now), ContainerNames(TemplateSpec(ss)),
               ContainerImages(TemplateSpec(ss))};
  return row;
}

Row DaemonSetRow(const nlohmann::json& ds, int64_t now) {
  Row row;
  row.cells = {Name(ds),
               Int(ds, {"status", "desiredNumberScheduled"}),
               Int(ds, {"status", "currentNumberScheduled"}),
               Int(ds, {"status", "numberReady"}),
               Int(ds, {"status", "updatedNumberScheduled"}),
               Int(ds, {"status", "numberAvailable"}),
               FormatLabels(At(TemplateSpec(ds), {"nodeSelector"})),
               Created(ds, now),
               ContainerNames(TemplateSpec(ds)),
               ContainerImages(TemplateSpec(ds)),
               FormatLabelSelector(At(ds, {"spec", "selector"}))};
  return row;
}

Row JobRow(const nlohmann::json& job, int64_t now) {
  Row row;
  const auto& conditions = At(job, {"status", "conditions"});
  std::string status;
  if (HasCondition(conditions, "Complete", "True")) {
    status = "Complete";
  } else if (HasCondition(conditions, "Failed", "True")) {
    status = "Failed";
  } else if (!At(job, {"metadata", "deletionTimestamp"}).is_null()) {
    status = "Terminating";
  } else if (HasCondition(conditions, "Suspended", "True")) {
    status = "Suspended";
  } else if (HasCondition(conditions, "FailureTarget", "True")) {
    status = "FailureTarget";
  } else if (HasCondition(conditions, "SuccessCriteriaMet", "True")) {
    status = "SuccessCriteriaMet";
  } else {
    status = "Running";
  }
  int64_t succeeded = Int(job, {"status", "succeeded"});
  std::string completions;
  if (At(job, {"spec", "completions"}).is_number()) {
    completions = StrCat(succeeded, "/", Int(job, {"spec", "completions"}));
  } else if (Int(job, {"spec", "parallelism"}) > 1) {
    completions = StrCat(succeeded, "/1 of ", Int(job, {"spec", "parallelism"}));
  } else {
    completions = StrCat(succeeded, "/1");
  }
  std::string duration;
  int64_t start, end;
  if (ParseTime(Str(job, {"status", "startTime"}), &start)) {
    if (!ParseTime(Str(job, {"status", "completionTime"}), &end)) end = now;
    duration = HumanDuration(std::chrono::seconds(end - start));
  }
  row.cells = {Name(job),
               status,
               completions,
               duration,
               Created(job, now),
               ContainerNames(TemplateSpec(job)),
               ContainerImages(TemplateSpec(job)),
               FormatLabelSelector(At(job, {"spec", "selector"}))};
  return row;
}

Row CronJobRow(const nlohmann::json& cj, int64_t now) {
  Row row;
  const auto& suspend = At(cj, {"spec", "suspend"});
  std::string last = "<none>";
  std::string last_time = Str(cj, {"status", "lastScheduleTime"});
  if (!last_time.empty()) last = Age(last_time, now);
  const auto& active = At(cj, {"status", "active"});
  const auto& pod_spec = At(cj, {"spec", "jobTemplate", "spec", "template", "spec"});
  row.cells = {Name(cj),
               Str(cj, {"spec", "schedule"}),
               OrNone(Str(cj, {"spec", "timeZone"})),
               suspend.is_boolean() ? (suspend.get<bool>() ? "True" : "False") : "<unset>",
               active.is_array() ? static_cast<int64_t>(active.size()) : 0,
               last,
               Created(cj, now),
               ContainerNames(pod_spec),
               ContainerImages(pod_spec),
               FormatLabelSelector(At(cj, {"spec", "jobTemplate", "spec", "selector"}))};
  return row;
}

// A Quantity as Go's (*Quantity).String() prints it, "<nil>" when unset.
std::string QuantityText(const nlohmann::json& q) {
  if (q.is_string()) return CanonicalQuantity(q.get<std::string>());
  if (q.is_number()) return CanonicalQuantity(q.dump());
  return "<nil>";
}

// One metric of the TARGETS column (upstream formatHPAMetrics): `status`
// is the matching entry of status.currentMetrics, or null.
std::string HpaMetric(const nlohmann::json& m, const nlohmann::json& status) {
  const std::string type = Str(m, {"type"});
  auto current = [&](const char* source) -> const nlohmann::json& {
    return At(status, {source, "current"});
  };
  auto has = [&](const char* source) { return At(status, {source}).is_object(); };
  if (type == "External" || type == "Object") {
    const char* source = type == "External" ? "external" : "object";
    const auto& target = At(m, {source, "target"});
    if (!At(target, {"averageValue"}).is_null()) {
      std::string cur = has(source) && !At(current(source), {"averageValue"}).is_null()
                            ? QuantityText(At(current(source), {"averageValue"}))
                            : "<unknown>";
      return StrCat(cur, "/", QuantityText(At(target, {"averageValue"})), " (avg)");
    }
    std::string cur = has(source) ? QuantityText(At(current(source), {"value"})) : "<unknown>";
    return StrCat(cur, "/", QuantityText(At(target, {"value"})));
  }
  if (type == "Pods") {
    std::string cur =
        has("pods") ? QuantityText(At(current("pods"), {"averageValue"})) : "<unknown>";
    return StrCat(cur, "/", QuantityText(At(m, {"pods", "target", "averageValue"})));
  }
  if (type == "Resource" || type == "ContainerResource") {
    const char* source = type == "Resource" ? "resource" : "containerResource";
    const auto& target = At(m, {source, "target"});
    const std::string name = Str(m, {source, "name"});
    if (!At(target, {"averageValue"}).is_null()) {
      std::string cur =
          has(source) ? QuantityText(At(current(source), {"averageValue"})) : "<unknown>";
      return StrCat(name, ": ", cur, "/", QuantityText(At(target, {"averageValue"})));
    }
    const auto& used = At(current(source), {"averageUtilization"});
    std::string cur =
        has(source) && used.is_number() ? StrCat(used.get<int64_t>(), "%") : "<unknown>";
    const auto& goal = At(target, {"averageUtilization"});
    std::string want = goal.is_number() ? StrCat(goal.get<int64_t>(), "%") : "<auto>";
    return StrCat(name, ": ", cur, "/", want);
  }
  return "<unknown type>";
}

Row HpaRow(const nlohmann::json& hpa, int64_t now) {
  Row row;
  const auto& ref = At(hpa, {"spec", "scaleTargetRef"});
  std::string reference = StrCat(Str(ref, {"kind"}), "/", Str(ref, {"name"}));
  // Targets: at most two metrics, then "+ N more...".
  std::vector<std::string> targets;
  const auto& metrics = At(hpa, {"spec", "metrics"});
  const auto& statuses = At(hpa, {"status", "currentMetrics"});
  size_t count = metrics.is_array() ? metrics.size() : 0;
  for (size_t i = 0; i < count && i < 2; ++i) {
    static const nlohmann::json kNone;
    const nlohmann::json& status = statuses.is_array() && i < statuses.size() ? statuses[i] : kNone;
    targets.push_back(HpaMetric(metrics[i], status));
  }
  std::string target_text = targets.empty() ? std::string("<none>") : Join(targets, ", ");
  if (count > 2) target_text = StrCat(target_text, " + ", count - 2, " more...");
  const auto& min_replicas = At(hpa, {"spec", "minReplicas"});
  row.cells = {Name(hpa),
               reference,
               target_text,
               min_replicas.is_number() ? StrCat(min_replicas.get<int64_t>()) : "<unset>",
               Int(hpa, {"spec", "maxReplicas"}),
               Int(hpa, {"status", "currentReplicas"}),
               Created(hpa, now)};
  return row;
}

Row ScaleRow(const nlohmann::json& scale, int64_t now) {
  Row row;
  row.cells = {Name(scale), Int(scale, {"spec", "replicas"}), Int(scale, {"status", "replicas"}),
               Created(scale, now)};
  return row;
}

}  // namespace

const std::vector<Printer>& WorkloadPrinters() {
  static const std::vector<Printer> kPrinters = {
      {"",
       "pods",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.",
         0},
        {"Status", "string", "", "The aggregate status of the containers in this pod.", 0},
        {"Restarts", "string", "",
         "The number of times the containers in this pod have been restarted and when the last "
         "container in this pod has restarted.",
         0},
        {"Age", "string", "", kAgeDesc, 0},
        {"IP", "string", "", "The IP address assigned to the pod.", 1},
        {"Node", "string", "", "The node the pod is scheduled on.", 1},
        {"Nominated Node", "string", "", "The node the scheduler nominated for preemption.", 1},
        {"Readiness Gates", "string", "", "Readiness gates that are true out of all gates.", 1}},
       &PodRow},
      {"apps",
       "deployments",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Ready", "string", "", "Number of ready pods out of the desired replicas.", 0},
        {"Up-to-date", "integer", "", "Number of pods running the desired template.", 0},
        {"Available", "integer", "", "Number of available pods.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"Containers", "string", "", kContainersDesc, 1},
        {"Images", "string", "", kImagesDesc, 1},
        {"Selector", "string", "", kSelectorDesc, 1}},
       &DeploymentRow},
      {"apps",
       "replicasets",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Desired", "integer", "", "Number of desired pods.", 0},
        {"Current", "integer", "", "Number of pods currently running.", 0},
        {"Ready", "integer", "", "Number of ready pods.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"Containers", "string", "", kContainersDesc, 1},
        {"Images", "string", "", kImagesDesc, 1},
        {"Selector", "string", "", kSelectorDesc, 1}},
       &ReplicaSetRow},
      {"",
       "replicationcontrollers",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Desired", "integer", "", "Number of desired pods.", 0},
        {"Current", "integer", "", "Number of pods currently running.", 0},
        {"Ready", "integer", "", "Number of ready pods.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"Containers", "string", "", kContainersDesc, 1},
        {"Images", "string", "", kImagesDesc, 1},
        {"Selector", "string", "", kSelectorDesc, 1}},
       &ReplicationControllerRow},
      {"apps",
       "statefulsets",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Ready", "string", "", "Number of ready pods out of the desired replicas.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"Containers", "string", "", kContainersDesc, 1},
        {"Images", "string", "", kImagesDesc, 1}},
       &StatefulSetRow},
      {"apps",
       "daemonsets",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Desired", "integer", "", "Number of nodes that should run the daemon pod.", 0},
        {"Current", "integer", "", "Number of nodes running at least one daemon pod.", 0},
        {"Ready", "integer", "", "Number of nodes with a ready daemon pod.", 0},
        {"Up-to-date", "integer", "", "Number of nodes running the updated daemon pod.", 0},
        {"Available", "integer", "", "Number of nodes with an available daemon pod.", 0},
        {"Node Selector", "string", "", "Node selector of the pod template.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"Containers", "string", "", kContainersDesc, 1},
        {"Images", "string", "", kImagesDesc, 1},
        {"Selector", "string", "", kSelectorDesc, 1}},
       &DaemonSetRow},
      {"batch",
       "jobs",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Status", "string", "", "Status of the job.", 0},
        {"Completions", "string", "", "Succeeded pods out of the desired completions.", 0},
        {"Duration", "string", "", "Time the job took to complete or has been running.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"Containers", "string", "", kContainersDesc, 1},
        {"Images", "string", "", kImagesDesc, 1},
        {"Selector", "string", "", kSelectorDesc, 1}},
       &JobRow},
      {"batch",
       "cronjobs",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Schedule", "string", "", "The cron schedule.", 0},
        {"Timezone", "string", "", "The time zone of the schedule.", 0},
        {"Suspend", "boolean", "", "Whether new runs are suspended.", 0},
        {"Active", "integer", "", "Number of running jobs.", 0},
        {"Last Schedule", "string", "", "Time since the job was last scheduled.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"Containers", "string", "", kContainersDesc, 1},
        {"Images", "string", "", kImagesDesc, 1},
        {"Selector", "string", "", kSelectorDesc, 1}},
       &CronJobRow},
      {"autoscaling",
       "horizontalpodautoscalers",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Reference", "string", "", "The scaled resource.", 0},
        {"Targets", "string", "", "Current and target metric values.", 0},
        {"MinPods", "string", "", "Lower limit of replicas.", 0},
        {"MaxPods", "integer", "", "Upper limit of replicas.", 0},
        {"Replicas", "integer", "", "Current number of replicas.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &HpaRow},
      // The scale subresource of any kind (upstream's printScale).
      {"autoscaling",
       "scales",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Desired", "integer", "", "Desired number of instances.", 0},
        {"Available", "integer", "", "Actual number of observed instances.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &ScaleRow},
  };
  return kPrinters;
}

}  // namespace wisp::apimachinery::internal
