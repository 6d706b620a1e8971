// File: src/kubelet/pod_status.cc
#include "kubelet/pod_status.h"

#include <ctime>
#include <fstream>
#include <vector>

#include "kubelet/runtime_config.h"
#include "wisp/base/clock.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {
namespace {

using nlohmann::json;
namespace v1 = cri::v1;

std::string NanosToTime(int64_t ns) {
  if (ns <= 0) return "";
  return FormatTime(std::chrono::system_clock::time_point(std::chrono::nanoseconds(ns)));
}

// The first 4 KiB of the container's termination log, as upstream.
std::string TerminationMessage(const StatusInput& in, const ContainerInfo& info) {
  if (in.pods_dir.empty()) return "";
  std::ifstream f(TerminationLogPath(in.pods_dir, in.pod->uid, info.name, info.restart_count));
  std::string text(4096, '\0');
  f.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(f.gcount()));
  return text;
}

// The end of a CRI-format log as upstream's FallbackToLogsOnError takes it:
// the content of the last 80 lines, at most the last 2,048 bytes.
std::string LogTail(const std::string& log_path) {
  constexpr size_t kMaxLines = 80, kMaxBytes = 2048;
  std::ifstream f(log_path);
  std::vector<std::string> lines;  // Content, partial lines joined.
  bool open_line = false;
  for (std::string line; std::getline(f, line);) {
    // "<time> <stream> <P|F> <content>"
    size_t a = line.find(' '), b = a == std::string::npos ? a : line.find(' ', a + 1);
    if (b == std::string::npos || b + 2 > line.size()) continue;
    bool partial = line[b + 1] == 'P';
    std::string content = b + 3 <= line.size() ? line.substr(b + 3) : "";
    if (open_line) {
      lines.back() += content;
    } else {
      lines.push_back(std::move(content));
    }
    if (!partial) lines.back() += '\n';
    open_line = partial;
    if (lines.size() > kMaxLines + 1) lines.erase(lines.begin());
  }
  if (lines.size() > kMaxLines) lines.erase(lines.begin());
  std::string out;
  for (const std::string& l : lines) out += l;
  if (out.size() > kMaxBytes) out.erase(0, out.size() - kMaxBytes);
  return out;
}

const Container* SpecOf(const Pod& pod, const std::string& name) {
  for (const auto* list : {&pod.containers, &pod.init_containers}) {
    for (const Container& c : *list) {
      if (c.name == name) return &c;
    }
  }
  return nullptr;
}

json Terminated(const StatusInput& in, const ContainerInfo& info) {
  const v1::ContainerStatus& s = info.status;
  std::string reason = s.reason();
  if (reason.empty()) reason = s.exit_code() == 0 ? "Completed" : "Error";
  json t = {{"exitCode", s.exit_code()},
            {"reason", reason},
            {"startedAt", NanosToTime(s.started_at())},
            {"finishedAt", NanosToTime(s.finished_at())},
            {"containerID", "containerd://" + info.id}};
  std::string message = TerminationMessage(in, info);
  const Container* spec = SpecOf(*in.pod, info.name);
  if (message.empty() && s.exit_code() != 0 && spec != nullptr &&
      spec->termination_message_policy == "FallbackToLogsOnError") {
    message = LogTail(s.log_path());
  }
  if (message.empty()) message = s.message();
  if (!message.empty()) t["message"] = message;
  return {{"terminated", t}};
}

// The second newest container named `name`, if it exited.
const ContainerInfo* Previous(const PodRuntimeState& state, const std::string& name) {
  int seen = 0;
  for (const ContainerInfo& c : state.containers) {
    if (c.name == name && ++seen == 2) {
      return c.status.state() == v1::CONTAINER_EXITED ? &c : nullptr;
    }
  }
  return nullptr;
}

struct Counts {
  int running = 0, waiting = 0, stopped = 0, succeeded = 0;
};

json ContainerStatus(const StatusInput& in, const Container& c, bool init, bool initialized,
                     Counts& counts, bool& ready_out) {
  const ContainerInfo* info = in.state->Latest(c.name);
  json st = {{"name", c.name}, {"image", c.image}, {"imageID", ""}, {"restartCount", 0}};
  json state, last = json::object();
  bool ready = false, started = false;
  auto waiting = in.sync->waiting.find(c.name);
  if (info != nullptr) {
    st["restartCount"] = info->restart_count;
    st["imageID"] = info->status.image_ref();
    st["containerID"] = "containerd://" + info->id;
  }
  if (waiting != in.sync->waiting.end() &&
      (info == nullptr || info->status.state() != v1::CONTAINER_RUNNING)) {
    state = {
        {"waiting", {{"reason", waiting->second.reason}, {"message", waiting->second.message}}}};
    if (info != nullptr && info->status.state() == v1::CONTAINER_EXITED)
      last = Terminated(in, *info);
  } else if (info == nullptr || info->status.state() == v1::CONTAINER_CREATED ||
             info->status.state() == v1::CONTAINER_UNKNOWN) {
    state = {
        {"waiting", {{"reason", init || initialized ? "ContainerCreating" : "PodInitializing"}}}};
  } else if (info->status.state() == v1::CONTAINER_RUNNING) {
    state = {{"running", {{"startedAt", NanosToTime(info->status.started_at())}}}};
    started = in.started(info->id);
    ready = init ? false : started && in.ready(info->id);
  } else {
    state = Terminated(in, *info);
    ready = init && info->status.exit_code() == 0;
  }
  if (last.empty() && info != nullptr) {
    if (const ContainerInfo* prev = Previous(*in.state, c.name)) last = Terminated(in, *prev);
  }
  st["state"] = state;
  st["lastState"] = last;
  st["ready"] = ready;
  st["started"] = started;
  ready_out = ready;
  if (state.contains("running")) {
    ++counts.running;
  } else if (state.contains("terminated")) {
    ++counts.stopped;
    if (state["terminated"]["exitCode"] == 0) ++counts.succeeded;
  } else if (last.contains("terminated")) {
    ++counts.stopped;
  } else {
    ++counts.waiting;
  }
  return st;
}

std::string Phase(const Pod& pod, bool initialized, bool init_failed, const Counts& c) {
  if (!initialized) return init_failed && pod.restart_policy == "Never" ? "Failed" : "Pending";
  if (c.waiting > 0) return "Pending";
  if (c.running > 0) return "Running";
  if (c.stopped > 0) {
    if (pod.restart_policy == "Always") return "Running";
    if (c.stopped == c.succeeded) return "Succeeded";
    if (pod.restart_policy == "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

json Condition(const StatusInput& in, const std::string& type, bool ok, const std::string& reason,
               const std::string& message) {
  std::string status = ok ? "True" : "False";
  std::string since = FormatTime(in.now);
  if (in.previous != nullptr && in.previous->contains("conditions")) {
    for (const json& c : (*in.previous)["conditions"]) {
      if (c.value("type", "") == type && c.value("status", "") == status) {
        since = c.value("lastTransitionTime", since);
      }
    }
  }
  json c = {{"type", type},
            {"status", status},
            {"lastProbeTime", nullptr},
            {"lastTransitionTime", since}};
  if (!ok && !reason.empty()) c["reason"] = reason;
  if (!ok && !message.empty()) c["message"] = message;
  return c;
}

std::string NameList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? " " : "") + names[i];
  return out + "]";
}

}  // namespace

std::string FormatTime(std::chrono::system_clock::time_point t) { return base::FormatRfc3339(t); }

json ComputeStatus(const StatusInput& in) {
  const Pod& pod = *in.pod;
  const PodRuntimeState& state = *in.state;
  const v1::PodSandbox* sandbox = CurrentSandbox(state);
  std::string sandbox_id = sandbox != nullptr ? sandbox->id() : "";

  bool regular_started = false;
  for (const Container& c : pod.containers) {
    if (!sandbox_id.empty() && state.Latest(c.name, sandbox_id) != nullptr) regular_started = true;
  }
  bool initialized = true, init_failed = false;
  std::vector<std::string> uninitialized;
  for (const Container& c : pod.init_containers) {
    const ContainerInfo* info = sandbox_id.empty() ? nullptr : state.Latest(c.name, sandbox_id);
    bool done = info != nullptr && info->status.state() == v1::CONTAINER_EXITED &&
                info->status.exit_code() == 0;
    if (info != nullptr && info->status.state() == v1::CONTAINER_EXITED &&
        info->status.exit_code() != 0) {
      init_failed = true;
    }
    if (!done && !regular_started) {
      initialized = false;
      uninitialized.push_back(c.name);
    }
  }

  json status = json::object();
  Counts init_counts, counts;
  json init_statuses = json::array(), statuses = json::array();
  for (const Container& c : pod.init_containers) {
    bool ready = false;
    init_statuses.push_back(ContainerStatus(in, c, true, initialized, init_counts, ready));
  }
  std::vector<std::string> unready;
  for (const Container& c : pod.containers) {
    bool ready = false;
    statuses.push_back(ContainerStatus(in, c, false, initialized, counts, ready));
    if (!ready) unready.push_back(c.name);
  }
  std::string phase = Phase(pod, initialized, init_failed, counts);
  bool completed = phase == "Succeeded" || phase == "Failed";
  std::string reason = completed ? "PodCompleted" : "ContainersNotReady";
  std::string message =
      completed ? "" : base::StrCat("containers with unready status: ", NameList(unready));
  bool sandbox_ready = sandbox != nullptr && sandbox->state() == v1::SANDBOX_READY;

  status["phase"] = phase;
  status["conditions"] =
      json::array({Condition(in, "PodReadyToStartContainers", sandbox_ready, "", ""),
                   Condition(in, "Initialized", initialized,
                             completed ? "PodCompleted" : "ContainersNotInitialized",
                             completed ? ""
                                       : base::StrCat("containers with incomplete status: ",
                                                      NameList(uninitialized))),
                   Condition(in, "Ready", unready.empty(), reason, message),
                   Condition(in, "ContainersReady", unready.empty(), reason, message),
                   Condition(in, "PodScheduled", true, "", "")});
  if (!in.host_ip.empty()) {
    status["hostIP"] = in.host_ip;
    status["hostIPs"] = json::array({{{"ip", in.host_ip}}});
  }
  if (!in.pod_ip.empty()) {
    status["podIP"] = in.pod_ip;
    status["podIPs"] = json::array({{{"ip", in.pod_ip}}});
  }
  int64_t start = 0;
  for (const v1::PodSandbox& sb : state.sandboxes) {
    if (start == 0 || sb.created_at() < start) start = sb.created_at();
  }
  status["startTime"] = start > 0 ? NanosToTime(start) : FormatTime(in.now);
  if (in.previous != nullptr && in.previous->contains("startTime")) {
    status["startTime"] = (*in.previous)["startTime"];
  }
  if (!pod.init_containers.empty()) status["initContainerStatuses"] = init_statuses;
  status["containerStatuses"] = statuses;
  status["qosClass"] = QosClass(pod);
  return status;
}

}  // namespace wisp::kubelet
