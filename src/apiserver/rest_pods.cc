// File: src/apiserver/rest_pods.cc
//
// The pod subresources that are not the pod object itself:
//
//   binding (and the `bindings` resource)  assigns an unscheduled pod to a
//        node: spec.nodeName + the PodScheduled condition, as a scheduler does
//   eviction  deletes a pod unless its PodDisruptionBudget forbids it (429),
//        as `kubectl drain` expects; the budget's status is kept up to date
//        by a disruption controller, so until one runs a budget that covers
//        a running pod refuses (as upstream does while the budget is unprocessed)
//   log, exec, attach, portforward, and proxy of pods, services and nodes
//        reach a kubelet or a backend through the API server. The API server
//        has no connection to kubelets yet, so these check what upstream
//        checks (the pod exists, the container is valid, the pod has a node)
//        and then answer 503 -- except the log of a pod without a node, which
//        is empty, as upstream answers it.
#include <algorithm>

#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "wisp/api/type_check.h"
#include "wisp/apimachinery/label_selector.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

std::vector<std::string> ContainerNames(const json& spec, const char* list) {
  std::vector<std::string> out;
  auto it = spec.find(list);
  if (it == spec.end() || !it->is_array()) return out;
  for (const json& c : *it) {
    if (c.is_object()) out.push_back(StrField(c, "name"));
  }
  return out;
}

// Go's %s of a []string: "[a b c]".
std::string GoList(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + v[i];
  return out + "]";
}

// upstream validateContainer: the named container must exist; with no name a
// pod of exactly one container means that one.
bool ValidContainer(const json& pod, std::string* container, am::ApiError* error) {
  const std::string name = StrField(ObjField(pod, "metadata"), "name");
  const json& spec = ObjField(pod, "spec");
  std::vector<std::string> containers = ContainerNames(spec, "containers");
  if (container->empty()) {
    if (containers.size() == 1) {
      *container = containers[0];
      return true;
    }
    if (containers.empty()) {
      *error = am::BadRequest(base::StrCat("a container name must be specified for pod ", name));
      return false;
    }
    std::vector<std::string> all = ContainerNames(spec, "initContainers");
    all.insert(all.end(), containers.begin(), containers.end());
    std::vector<std::string> eph = ContainerNames(spec, "ephemeralContainers");
    all.insert(all.end(), eph.begin(), eph.end());
    *error = am::BadRequest(base::StrCat("a container name must be specified for pod ", name,
                                         ", choose one of: ", GoList(all)));
    return false;
  }
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    std::vector<std::string> names = ContainerNames(spec, list);
    if (std::find(names.begin(), names.end(), *container) != names.end()) return true;
  }
  *error = am::BadRequest(base::StrCat("container ", *container, " is not valid for pod ", name));
  return false;
}

am::ApiError NoKubeletConnection(const std::string& node) {
  return am::ServiceUnavailable(base::StrCat(
      "the API server has no connection to the kubelet of node \"", node,
      "\" (streaming logs, exec, attach and port-forward through the API server are not "
      "available yet)"));
}

constexpr char kEvictionRefused[] =
    "Cannot evict pod as it would violate the pod's disruption budget.";
// Upstream's cap on budget.status.disruptedPods (evictions the disruption
// controller has not yet seen).
constexpr size_t kMaxDisruptedPods = 2000;

bool PodReady(const json& pod) {
  for (const json& c : ArrField(ObjField(pod, "status"), "conditions")) {
    if (StrField(c, "type") == "Ready") return StrField(c, "status") == "True";
  }
  return false;
}

am::ApiError BudgetRefusal(std::string cause, int retry_after_seconds = 0) {
  am::ApiError e = am::TooManyRequests(kEvictionRefused, retry_after_seconds);
  e.causes.push_back(am::Cause{"DisruptionBudget", std::move(cause), ""});
  return e;
}

// What binding and eviction answer: a Status, not the pod.
json CreatedStatus() {
  return {{"kind", "Status"},
          {"apiVersion", "v1"},
          {"metadata", json::object()},
          {"status", "Success"},
          {"code", 201}};
}

}  // namespace

void Rest::PodLog(Call& call) {
  auto current = ReadCurrent(call);
  if (!current.ok()) return ReplyError(call, ReadError(call, current.status()));
  for (const char* param : {"tailLines", "sinceSeconds", "limitBytes"}) {
    auto v = QueryInt(call.http, param);
    if (!v.ok()) return ReplyError(call, am::BadRequest(base::ToStd(v.status().message())));
  }
  std::string container = Query(call.http, "container").value_or("");
  am::ApiError error;
  if (!ValidContainer(current->object, &container, &error)) return ReplyError(call, error);
  std::string node = StrField(ObjField(current->object, "spec"), "nodeName");
  if (node.empty()) {
    // Upstream: a pod without a host has no location, and an empty stream.
    net::HttpResponse resp;
    resp.status = 200;
    resp.headers.Set("Content-Type", "text/plain");
    call.responder->Respond(std::move(resp));
    return;
  }
  ReplyError(call, NoKubeletConnection(node));
}

void Rest::PodConnect(Call& call) {
  auto current = ReadCurrent(call);
  if (!current.ok()) return ReplyError(call, ReadError(call, current.status()));
  am::ApiError error;
  if (call.info.subresource != "portforward") {
    std::string container = Query(call.http, "container").value_or("");
    if (!ValidContainer(current->object, &container, &error)) return ReplyError(call, error);
  }
  std::string node = StrField(ObjField(current->object, "spec"), "nodeName");
  if (node.empty()) {
    return ReplyError(call, am::BadRequest(base::StrCat("pod ", call.info.name,
                                                        " does not have a host assigned")));
  }
  ReplyError(call, NoKubeletConnection(node));
}

void Rest::Proxy(Call& call) {
  auto current = ReadCurrent(call);
  if (!current.ok()) return ReplyError(call, ReadError(call, current.status()));
  ReplyError(call, am::ServiceUnavailable(base::StrCat("proxying to ", call.rc->info->plural,
                                                       " through the API server is not "
                                                       "available yet")));
}

// POST pods/<name>/binding or bindings: what a scheduler sends.
void Rest::Bind(Call& call) {
  if (call.info.subresource.empty() && !call.info.name.empty()) {
    // POST bindings/<name>: upstream has no such route.
    return ReplyError(call, am::MethodNotAllowed("the server does not allow this method on the "
                                                 "requested resource (post bindings)"));
  }
  am::ApiError error;
  auto body = DecodeBody(call.http, &error, &registry_);
  if (!body.ok()) return ReplyError(call, error);
  json binding = *std::move(body);
  if (!binding.is_object())
    return ReplyError(call, am::BadRequest("the body must be a JSON object"));
  if (auto mismatch =
          api::FindTypeMismatchOf(registry_, "io.k8s.api.core.v1.Binding", "Binding", binding)) {
    return ReplyError(
        call, am::BadRequest(base::StrCat(
                  "Binding in version \"v1\" cannot be handled as a Binding: ", *mismatch)));
  }
  const json& meta = ObjField(binding, "metadata");
  std::string name = StrField(meta, "name");
  if (call.info.subresource == "binding" && name != call.info.name) {
    return ReplyError(call, am::BadRequest("name in URL does not match name in Binding object"));
  }
  std::string body_ns = StrField(meta, "namespace");
  if (!body_ns.empty() && body_ns != call.info.namespace_) {
    return ReplyError(call, am::BadRequest("the namespace of the provided object does not match "
                                           "the namespace sent on the request"));
  }
  const json& target = ObjField(binding, "target");
  std::string node = StrField(target, "name");
  std::string kind = StrField(target, "kind");
  std::vector<am::Cause> causes;
  if (name.empty())
    causes.push_back(am::FieldRequired("metadata.name", "name or generateName is required"));
  if (node.empty()) causes.push_back(am::FieldRequired("target.name"));
  if (!kind.empty() && kind != "Node") {
    causes.push_back(am::FieldInvalid("target.kind", kind, "must be empty or 'Node'"));
  }
  if (!causes.empty()) return ReplyError(call, am::Invalid("", "Binding", name, causes));
  const ResourceContext* pods = Context("", "pods");
  if (!pods) return ReplyError(call, am::InternalError("pods are not registered"));
  for (int attempt = 0; attempt < 16; ++attempt) {
    auto current = GetStored(*pods, call.info.namespace_, name);
    if (!current.ok()) {
      if (absl::IsNotFound(current.status())) {
        return ReplyError(call, am::NotFound("", "pods", name));
      }
      return ReplyError(call, InternalToApiError(current.status()));
    }
    json pod = current->object;
    std::string refusal;
    if (pod.contains("/metadata/deletionTimestamp"_json_pointer)) {
      refusal = base::StrCat("pod ", name, " is being deleted, cannot be assigned to a host");
    } else if (std::string bound = StrField(ObjField(pod, "spec"), "nodeName"); !bound.empty()) {
      refusal = base::StrCat("pod ", name, " is already assigned to node \"", bound, "\"");
    } else if (pod.contains("/spec/schedulingGates"_json_pointer) &&
               !pod["spec"]["schedulingGates"].empty()) {
      refusal = base::StrCat("pod ", name, " has non-empty .spec.schedulingGates");
    }
    if (!refusal.empty()) {
      return ReplyError(call, am::Conflict("", "pods/binding", name, refusal));
    }
    // A scheduler may pin the pod's version or uid.
    if (std::string uid = StrField(meta, "uid");
        !uid.empty() && uid != StrField(ObjField(pod, "metadata"), "uid")) {
      return ReplyError(call, am::Conflict("", "pods/binding", name,
                                           "Precondition failed: UID in precondition: " + uid));
    }
    if (std::string rv = StrField(meta, "resourceVersion");
        !rv.empty() && rv != std::to_string(current->mod_revision)) {
      return ReplyError(call, am::ConflictModified("", "pods", name));
    }
    if (!pod["spec"].is_object()) pod["spec"] = json::object();
    if (!pod["status"].is_object()) pod["status"] = json::object();
    if (!pod["metadata"]["annotations"].is_object())
      pod["metadata"]["annotations"] = json::object();
    pod["spec"]["nodeName"] = node;
    if (auto it = meta.find("annotations"); it != meta.end() && it->is_object()) {
      for (auto a = it->begin(); a != it->end(); ++a) pod["metadata"]["annotations"][a.key()] = *a;
    }
    json& conditions = pod["status"]["conditions"];
    if (!conditions.is_array()) conditions = json::array();
    json scheduled = {{"type", "PodScheduled"},
                      {"status", "True"},
                      {"lastProbeTime", nullptr},
                      {"lastTransitionTime", NowRfc3339()}};
    auto same = std::find_if(conditions.begin(), conditions.end(),
                             [](const json& c) { return StrField(c, "type") == "PodScheduled"; });
    if (same == conditions.end()) {
      conditions.push_back(scheduled);
    } else if (StrField(*same, "status") != "True") {
      *same = scheduled;
    }
    if (!call.dry_run) {
      absl::Status s = PutInternal(*pods, pod, current->mod_revision);
      if (absl::IsAborted(s)) continue;
      if (!s.ok()) return ReplyError(call, InternalToApiError(s));
    }
    return Reply(call, 201, CreatedStatus());
  }
  ReplyError(call, am::ConflictModified("", "pods", name));
}

// POST pods/<name>/eviction (upstream pkg/registry/core/pod/storage/eviction.go).
void Rest::Evict(Call& call) {
  am::ApiError error;
  auto body = DecodeBody(call.http, &error, &registry_);
  if (!body.ok()) return ReplyError(call, error);
  json eviction = *std::move(body);
  if (!eviction.is_object()) {
    return ReplyError(call, am::BadRequest("the body must be a JSON object"));
  }
  if (auto mismatch = api::FindTypeMismatchOf(registry_, "io.k8s.api.policy.v1.Eviction",
                                              "Eviction", eviction)) {
    return ReplyError(
        call, am::BadRequest(base::StrCat(
                  "Eviction in version \"v1\" cannot be handled as a Eviction: ", *mismatch)));
  }
  if (std::string kind = StrField(eviction, "kind"); !kind.empty() && kind != "Eviction") {
    return ReplyError(call, am::BadRequest(base::StrCat(
                                "the object provided is unrecognized (must be of type Eviction): "
                                "unexpected kind \"",
                                kind, "\"")));
  }
  const json& meta = ObjField(eviction, "metadata");
  if (StrField(meta, "name") != call.info.name) {
    return ReplyError(call, am::BadRequest("name in URL does not match name in Eviction object"));
  }
  if (std::string ns = StrField(meta, "namespace"); !ns.empty() && ns != call.info.namespace_) {
    return ReplyError(call, am::BadRequest("the namespace of the provided object does not match "
                                           "the namespace sent on the request"));
  }
  DeleteOptions options;
  if (auto it = eviction.find("deleteOptions"); it != eviction.end() && it->is_object()) {
    if (!ReadDeleteOptions(registry_, *it, &options, &error)) return ReplyError(call, error);
  }
  const bool dry_run = call.dry_run || options.dry_run;
  const ResourceContext* pdb_rc = Context("policy", "poddisruptionbudgets");
  for (int attempt = 0; attempt < 16; ++attempt) {
    auto current = ReadCurrent(call);
    if (!current.ok()) return ReplyError(call, ReadError(call, current.status()));
    const json& pod = current->object;
    std::string phase = StrField(ObjField(pod, "status"), "phase");
    // Pods that are not running, or already going, are not counted by budgets.
    bool budget_applies = phase != "Succeeded" && phase != "Failed" && phase != "Pending" &&
                          !pod.contains("/metadata/deletionTimestamp"_json_pointer);
    if (budget_applies && pdb_rc != nullptr) {
      auto pdbs = ListStored(ListPrefix(*pdb_rc, call.info.namespace_));
      if (!pdbs.ok()) return ReplyError(call, InternalToApiError(pdbs.status()));
      const json& labels = ObjField(ObjField(pod, "metadata"), "labels");
      std::vector<const StoredObject*> covering;
      for (const StoredObject& pdb : *pdbs) {
        const json& pdb_spec = ObjField(pdb.object, "spec");
        auto it = pdb_spec.find("selector");
        auto selector = am::LabelSelector::FromJson(it != pdb_spec.end() ? *it : json());
        // As upstream: a budget with an empty selector matches nothing here.
        if (selector.ok() && !selector->Empty() && selector->Matches(labels)) {
          covering.push_back(&pdb);
        }
      }
      if (covering.size() > 1) {
        return ReplyError(call, am::InternalError("This pod has more than one "
                                                  "PodDisruptionBudget, which the eviction "
                                                  "subresource does not support."));
      }
      if (covering.size() == 1) {
        json pdb = covering[0]->object;
        const std::string pdb_name = StrField(ObjField(pdb, "metadata"), "name");
        json& st = pdb["status"];
        if (!st.is_object()) st = json::object();
        int64_t allowed = IntField(st, "disruptionsAllowed");
        int64_t desired = IntField(st, "desiredHealthy");
        int64_t healthy = IntField(st, "currentHealthy");
        bool always_allow_unready =
            StrField(ObjField(pdb, "spec"), "unhealthyPodEvictionPolicy") == "AlwaysAllow";
        bool unready_ok =
            !PodReady(pod) && (always_allow_unready || (desired > 0 && healthy >= desired));
        if (!unready_ok) {
          if (IntField(st, "observedGeneration") <
              IntField(ObjField(pdb, "metadata"), "generation")) {
            return ReplyError(
                call, BudgetRefusal(base::StrCat("The disruption budget ", pdb_name,
                                                 " is still being processed by the server."),
                                    10));
          }
          if (allowed < 0) {
            return ReplyError(call, am::Forbidden("policy", "poddisruptionbudget", pdb_name,
                                                  "pdb disruptions allowed is negative"));
          }
          json& disrupted = st["disruptedPods"];
          if (!disrupted.is_object()) disrupted = json::object();
          if (disrupted.size() > kMaxDisruptedPods) {
            return ReplyError(call,
                              am::Forbidden("policy", "poddisruptionbudget", pdb_name,
                                            "DisruptedPods map too big - too many evictions not "
                                            "confirmed by PDB controller"));
          }
          if (allowed == 0) {
            return ReplyError(call, BudgetRefusal(base::StrCat(
                                        "The disruption budget ", pdb_name, " needs ", desired,
                                        " healthy pods and has ", healthy, " currently")));
          }
          // Take one disruption from the budget before deleting.
          if (!dry_run) {
            st["disruptionsAllowed"] = allowed - 1;
            disrupted[call.info.name] = NowRfc3339();
            absl::Status s = PutInternal(*pdb_rc, pdb, covering[0]->mod_revision);
            if (absl::IsAborted(s)) continue;  // the budget changed: decide again
            if (!s.ok()) return ReplyError(call, InternalToApiError(s));
          }
        }
      }
    }
    // The decision holds for this version of the pod only: the delete is
    // pinned to it (or to the version marked below), and a pod that changed
    // meanwhile is decided again.
    const std::string uid = StrField(ObjField(pod, "metadata"), "uid");
    int64_t decided = current->mod_revision;
    if (!dry_run && options.precondition_rv.empty() &&
        (options.precondition_uid.empty() || options.precondition_uid == uid) &&
        !pod.contains("/metadata/deletionTimestamp"_json_pointer)) {
      // Upstream marks why the pod goes before deleting it.
      json marked = pod;
      if (!marked["status"].is_object()) marked["status"] = json::object();
      json& conditions = marked["status"]["conditions"];
      if (!conditions.is_array()) conditions = json::array();
      json target = {{"type", "DisruptionTarget"},        {"status", "True"},
                     {"lastProbeTime", nullptr},          {"lastTransitionTime", NowRfc3339()},
                     {"reason", "EvictionByEvictionAPI"}, {"message", "Eviction API: evicting"}};
      auto old = std::find_if(conditions.begin(), conditions.end(), [](const json& c) {
        return StrField(c, "type") == "DisruptionTarget";
      });
      if (old == conditions.end()) {
        conditions.push_back(target);
      } else {
        *old = target;
      }
      absl::Status s = PutInternal(*call.rc, marked, current->mod_revision, &decided);
      if (absl::IsAborted(s)) continue;
      if (!s.ok()) return ReplyError(call, InternalToApiError(s));
    }
    DeleteOptions pinned = options;
    if (pinned.precondition_rv.empty()) pinned.precondition_rv = std::to_string(decided);
    int status = 200;
    json answer;
    bool stale = false;
    call.dry_run = dry_run;
    if (!DeleteNamed(call, pinned, &status, &answer,
                     options.precondition_rv.empty() ? &stale : nullptr)) {
      if (stale) continue;
      return;
    }
    return Reply(call, 201, CreatedStatus());
  }
  ReplyError(call, am::ConflictModified("", "pods", call.info.name));
}

}  // namespace wisp::apiserver
